"""Building the demonstration school of 2,000 students into a new database file (goal < 10 s)."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure, print_figures

STUDENTS = 2000


def build_once(folder: Path, students: int = STUDENTS) -> tuple[float, int]:
    """Seconds to create, migrate and fill a new file; and the participations written."""
    from app.services.demo.build import build_demo
    from app.services.storage.migrations import open_database

    path = folder / f"demo-{time.perf_counter_ns()}.db"
    started = time.perf_counter()
    database = open_database(path)
    try:
        summary = build_demo(database, students=students)
    finally:
        database.dispose()
    return time.perf_counter() - started, summary.participations


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="proftrack-bench-") as tmp:
        times = [build_once(Path(tmp))[0] for _ in range(3)]
    return [Figure(f"Создание демонстрационной школы на {STUDENTS} учащихся", "< 10 с", min(times),
                   ok=min(times) < 10)]


if __name__ == "__main__":
    print_figures(run())
