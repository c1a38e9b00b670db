"""What every benchmark reports: a figure, its goal, what was measured, and a baseline where one exists.

Each `benchmarks/bench_*.py` defines `run() -> list[Figure]` and can be run alone
(`python -m benchmarks.bench_demo`); `python -m benchmarks` collects them all into one table."""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Figure:
    name: str                      # Russian or English, as shown in the README table
    goal: str                      # e.g. "< 10 с", "≤ 1.5× baseline"
    measured: float
    unit: str = "с"
    baseline: float | None = None  # the same work done the plain way, where the issue asks for a ratio
    ok: bool | None = None

    @property
    def ratio(self) -> float | None:
        return None if not self.baseline else self.measured / self.baseline


def best_of(fn: Callable[[], object], *, repeat: int = 3) -> float:
    """The best wall time of `repeat` runs, in seconds (the least disturbed by the machine)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def median_of(fn: Callable[[], object], *, repeat: int = 20) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def print_figures(figures: list[Figure]) -> None:
    for f in figures:
        ratio = f" (×{f.ratio:.2f} к базовому {f.baseline:.3f} {f.unit})" if f.ratio else ""
        mark = "" if f.ok is None else (" ✓" if f.ok else " ✗")
        print(f"{f.name}: {f.measured:.3f} {f.unit}{ratio}; цель {f.goal}{mark}")
