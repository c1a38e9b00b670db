"""The benchmark collector reports a failing module in the table instead of stopping."""
from __future__ import annotations

from benchmarks.__main__ import discover, run_module, table
from benchmarks.common import Figure


def test_failing_module_is_reported_in_the_table():
    figures, error = run_module("bench_does_not_exist", timeout=60)
    assert figures == [] and "ModuleNotFoundError" in error
    text = table([("bench_broken", [], error),
                  ("bench_ok", [Figure("Поиск", "< 0,1 с", 0.05, baseline=0.04, ok=True),
                                Figure("Отчёт | PDF", "< 5 с", 6.0, ok=False)], None)])
    lines = text.splitlines()
    assert lines[0].startswith("| Модуль | Показатель | Цель | Измерено | К базовому | Итог |")
    assert "| broken | — | — | — | — | ✗ ошибка: ModuleNotFoundError" in lines[2]
    assert "| ok | Поиск | < 0,1 с | 0.050 с | ×1.25 (база 0.040 с) | ✓ |" == lines[3]
    assert "Отчёт \\| PDF" in lines[4] and lines[4].endswith("| — | ✗ |")


def test_discovers_bench_modules():
    assert "bench_trust" in discover()
