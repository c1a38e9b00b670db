"""Speed at every size (issue 18): «Обзор», the indicator set beside the same counts in hand-written
SQL, the students list and its search, the attendance of the biggest event and the first paint of the
main window, on demo schools of 2,000, 20,000 and 100,000 students — each figure with its ratio to
2,000 students.

The schools are built by the program's own command (`main.py demo --students N`) into a cache folder
outside the repository (PROFTRACK_BENCH_CACHE, default ~/.cache/proftrack-bench) and measured as a user
has them: this module never runs ANALYZE (the program keeps its own statistics, storage/optimize.py).
A file is rebuilt when the demo generator changes. PROFTRACK_BENCH_SIZES=2000,20000 limits the sizes.

    python -m benchmarks.bench_scale
"""
from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure, median_of, print_figures

ROOT = Path(__file__).resolve().parents[1]
SIZES = (2_000, 20_000, 100_000)
SET_CODE = "kaliningrad-school"
STARTUP_RUNS = 3


def cache_folder() -> Path:
    folder = Path(os.environ.get("PROFTRACK_BENCH_CACHE") or Path.home() / ".cache" / "proftrack-bench")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _generator_version() -> str:
    """Changes whenever the demo generator or the schema does, so a stale cached school is rebuilt."""
    digest = hashlib.sha256()
    for folder in (ROOT / "app" / "services" / "demo", ROOT / "migrations" / "versions"):
        for path in sorted(folder.glob("*.py")):
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def demo_school(students: int) -> Path:
    """The cached demo school of this size, built with `main.py demo` when missing."""
    path = cache_folder() / f"demo-{students}-{_generator_version()}.db"
    if path.exists():
        return path
    building = path.with_suffix(".building.db")
    for leftover in building.parent.glob(building.name + "*"):
        leftover.unlink()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PROFTRACK_HOME": str(cache_folder() / "home")}
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "main.py"), "demo", "--students", str(students), "--db", str(building)],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=3600)
    shutil.rmtree(building.parent / "backups", ignore_errors=True)
    os.replace(building, path)
    print(f"построена демонстрационная школа на {students} учащихся: {time.perf_counter() - t0:.0f} с",
          file=sys.stderr)
    return path


# --- the indicator set written by hand, on the demo's own year --------------------------------------
def hand_queries(year_id: int, start: str, end: str, start_year: int) -> list[str]:
    from benchmarks.bench_indicators import HAND
    out = []
    for q in HAND[SET_CODE]:
        q = q.replace("'2024-09-01'", f"'{start}'").replace("'2025-08-31'", f"'{end}'")
        q = q.replace("year_id = 2", f"year_id = {year_id}")
        q = q.replace("period_start <= 2024 AND period_end >= 2024",
                      f"period_start <= {start_year} AND period_end >= {start_year}")
        out.append(q)
    return out


def hand_counts(path: Path, queries: list[str]) -> list:
    import sqlite3
    con = sqlite3.connect(path)
    try:
        return [con.execute(q).fetchone()[0] for q in queries]
    finally:
        con.close()


class Measured:
    """The figures of one school size."""

    def __init__(self, students: int):
        self.students = students
        self.values: dict[str, float] = {}
        self.baselines: dict[str, float] = {}


def measure(students: int) -> Measured:
    from PySide6.QtWidgets import QApplication

    from app.services.access import system_actor
    from app.services.calendar import current_year
    from app.services.events.attendance import load_attendance
    from app.services.indicators import compute_set
    from app.services.indicators.compute import year_params
    from app.services.indicators.overview import overview
    from app.services.storage.database import Database
    from app.services.students.students import list_students
    from app.services.uow import UnitOfWork
    from app.ui.context import AppContext
    from app.ui.events.attendance_dialog import AttendanceDialog
    from app.ui.operations import Operations
    from app.ui.students.students_tab import StudentsTab

    path = demo_school(students)
    result = Measured(students)
    database = Database.open(path)   # opened, never migrated or analysed here
    uow = UnitOfWork(database, system_actor("замер"))
    try:
        with uow:
            year_row = current_year(uow.session)
            year = year_row.start_year
            params = year_params(year_row, 0)
        repeat = 5 if students <= 20_000 else 3
        result.values["overview"] = median_of(lambda: overview(uow, set_code=SET_CODE, year=year), repeat=repeat)

        hand = hand_queries(params["year_id"], params["start"], params["end"], params["start_year"])
        engine = compute_set(uow, set_code=SET_CODE, year=year)
        got = [i.numerator for i in engine.indicators]
        expected = hand_counts(path, hand)
        if [float(x or 0) for x in got] != [float(x or 0) for x in expected]:
            raise AssertionError(f"{SET_CODE}: движок {got} ≠ SQL вручную {expected}")
        result.values["set"] = median_of(lambda: compute_set(uow, set_code=SET_CODE, year=year), repeat=repeat)
        result.baselines["set"] = median_of(lambda: hand_counts(path, hand), repeat=repeat)

        with database.engine.connect() as conn:
            biggest = conn.exec_driver_sql("SELECT event_id FROM participation GROUP BY event_id "
                                           "ORDER BY COUNT(*) DESC LIMIT 1").scalar()
            result.values["marks"] = conn.exec_driver_sql(
                "SELECT COUNT(*) FROM participation WHERE event_id = ?", (biggest,)).scalar()
        result.values["attendance"] = median_of(lambda: load_attendance(uow, biggest), repeat=repeat)

        # The students list as the tab loads it: the students and the classes on the worker, then what the
        # window's thread does with them; then the year's hours on the worker, and into the table.
        app = QApplication.instance() or QApplication([])
        Operations.synchronous = True
        ctx = AppContext(database, system_actor("замер"))
        ctx.set_year(year)
        tab = StudentsTab(ctx)
        found: list = []
        load, count = tab.loader(), tab.hours_counter()
        result.values["list_worker"] = median_of(lambda: found.__setitem__(slice(None), [load(None, None)]),
                                                   repeat=repeat)
        result.values["list_window"] = median_of(lambda: tab.show_students(found[0]), repeat=repeat)
        hours: list = []
        result.values["hours_worker"] = median_of(lambda: hours.__setitem__(slice(None), [count(None, None)]),
                                                    repeat=repeat)
        result.values["hours_window"] = median_of(lambda: tab.show_hours(hours[0]), repeat=repeat)
        if len(list_students(ctx.uow(), start_year=year)) != tab.model.total:
            raise AssertionError("список учащихся вкладки не совпадает с list_students")
        # The attendance dialog: its checklist loads on the worker; what the window's thread does with it.
        dialog = AttendanceDialog(ctx, biggest)
        sheet = load_attendance(uow, biggest)
        result.values["attendance_window"] = median_of(lambda: dialog.show_sheet(sheet), repeat=repeat)
        if len(dialog.model.rows) != len(sheet.rows):
            raise AssertionError("отметка участия: не все строки в таблице")
        dialog.deleteLater()
        per_key: list[float] = []
        for _ in range(3):
            typed = ""
            for ch in "иванова":
                typed += ch
                t0 = time.perf_counter()
                tab.search.setText(typed)
                tab.proxy.rowCount()
                per_key.append(time.perf_counter() - t0)
            while typed:
                typed = typed[:-1]
                t0 = time.perf_counter()
                tab.search.setText(typed)
                tab.proxy.rowCount()
                per_key.append(time.perf_counter() - t0)
        result.values["keystroke"] = statistics.median(per_key)
        app.processEvents()
        tab.deleteLater()
        app.processEvents()
    finally:
        database.dispose()
    result.values["startup"] = first_paint(path)
    return result


def first_paint(path: Path) -> float:
    """Start to the first painted main window on a copy of the school (start-up backs it up, locks it)."""
    from benchmarks.bench_startup import _start_to_paint, probe_environment
    with tempfile.TemporaryDirectory(prefix="proftrack-bench-") as tmp:
        copy = Path(tmp) / "school.db"
        shutil.copyfile(path, copy)
        env = probe_environment(Path(tmp))
        settings = str(Path(tmp) / "settings")
        _start_to_paint(["proftrack", str(copy), settings], env)  # the first start: bytecode, the start copy
        return statistics.median(_start_to_paint(["proftrack", str(copy), settings], env)
                                 for _ in range(STARTUP_RUNS))


def sizes() -> tuple[int, ...]:
    chosen = os.environ.get("PROFTRACK_BENCH_SIZES")
    return tuple(int(n) for n in chosen.split(",")) if chosen else SIZES


def figures(results: list[Measured]) -> list[Figure]:
    base = next((r for r in results if r.students == 2_000), None)
    out: list[Figure] = []

    def number(n: int) -> str:
        return f"{n:,}".replace(",", " ")

    def add(key: str, name: str, goal_text, ok, *, unit: str = "с", scale: float = 1.0) -> None:
        for r in results:
            value = r.values[key] * scale
            ratio = base.values[key] * scale if base is not None and r is not base else None
            goal, passed = goal_text(r.students), ok(r.students, r.values[key], r)
            out.append(Figure(f"{name}, {number(r.students)} учащихся" + (" (к 2 000)" if ratio else ""),
                              goal, value, unit=unit, baseline=ratio, ok=passed))

    add("overview", "«Обзор»: данные страницы",
        lambda n: "< 150 мс" if n <= 2_000 else ("< 3 с" if n >= 100_000 else "—"),
        lambda n, v, r: v < 0.15 if n <= 2_000 else (v < 3 if n >= 100_000 else None))
    for r in results:
        v, hand = r.values["set"], r.baselines["set"]
        goal = "< 100 мс, ≤ 1.5× SQL вручную" if r.students <= 2_000 else "< 3 с, ≤ 1.5× SQL вручную"
        limit = 0.1 if r.students <= 2_000 else 3
        ratio_2k = f"; к 2 000: ×{v / base.values['set']:.1f}" if base is not None and r is not base else ""
        out.append(Figure(f"Набор {SET_CODE}, {number(r.students)} учащихся (к SQL вручную{ratio_2k})", goal, v,
                          baseline=hand, ok=v < limit and v <= 1.5 * hand))
    add("keystroke", "Поиск учащегося: нажатие клавиши (медиана)", lambda n: "< 50 мс",
        lambda n, v, r: v < 0.05, unit="мс", scale=1000)
    add("list_worker", "Список учащихся: учащиеся и классы (вне окна)", lambda n: "—", lambda n, v, r: None)
    add("list_window", "Список учащихся: строки в таблицу (поток окна)",
        lambda n: "< 1 с вместе с запросом" if n >= 100_000 else "—",
        lambda n, v, r: v + r.values["list_worker"] < 1 if n >= 100_000 else None)
    add("hours_worker", "Список учащихся: часы за год, следом за строками (вне окна)", lambda n: "—",
        lambda n, v, r: None)
    add("hours_window", "Список учащихся: часы в таблицу (поток окна)", lambda n: "—", lambda n, v, r: None,
        unit="мс", scale=1000)
    add("attendance", "Отметка участия самого большого мероприятия (сервис)",
        lambda n: "< 500 мс при 60 000 отметок" if n >= 100_000 else "—",
        lambda n, v, r: v < 0.5 if n >= 100_000 else None)
    add("attendance_window", "Отметка участия самого большого мероприятия: строки в таблицу (поток окна)",
        lambda n: "—", lambda n, v, r: None, unit="мс", scale=1000)
    add("startup", "Запуск до первой отрисовки главного окна",
        lambda n: "< 1,5 с" if n >= 100_000 else "—", lambda n, v, r: v < 1.5 if n >= 100_000 else None)
    return out


def run() -> list[Figure]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PROFTRACK_HOME", tempfile.mkdtemp(prefix="proftrack-bench-"))
    return figures([measure(n) for n in sizes()])


if __name__ == "__main__":
    print_figures(run())
