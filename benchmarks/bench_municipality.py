"""The municipality: consolidating 100 school reports exported by the program (goal < 10 s) and opening the
summary of 100 schools (goal < 1 s), as the service and as the «Сводка» page (Qt, offscreen).

The 100 reports are real exports: four demonstration schools of different sizes and seeds, each exported
25 times under another school's name (the school's details saved through the school service)."""
from __future__ import annotations

import datetime as dt
import os
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PROFTRACK_HOME", tempfile.mkdtemp(prefix="proftrack-bench-"))

from benchmarks.common import Figure, median_of, print_figures  # noqa: E402

SCHOOLS = 100
SET_CODE = "kaliningrad-school"
TODAY = dt.date(2025, 6, 1)
YEAR = 2023


def export_reports(folder: Path) -> list[Path]:
    from app.services.access import system_actor
    from app.services.demo.build import build_demo
    from app.services.reports import export_default_report
    from app.services.school.details import get_school, save_school
    from app.services.storage.migrations import open_database
    from app.services.uow import UnitOfWork

    files = []
    for base, (students, seed) in enumerate(((150, 1), (300, 2), (500, 3), (800, 4))):
        database = open_database(folder / f"base{base}.db")
        try:
            build_demo(database, students=students, seed=seed, today=TODAY)
            uow = UnitOfWork(database, system_actor("benchmark"))
            for n in range(base, SCHOOLS, 4):
                details = get_school(uow)
                details.full_name = f"Муниципальное бюджетное общеобразовательное учреждение «Школа № {n + 1}»"
                details.short_name, details.inn, details.oo_code = f"МБОУ Школа № {n + 1}", "", f"39{n + 1:04d}"
                save_school(uow, details)
                out = folder / f"school{n + 1:03d}.xlsx"
                export_default_report(uow, set_code=SET_CODE, year=YEAR, out=out)
                files.append(out)
        finally:
            database.dispose()
    return sorted(files)


def new_municipality(path: Path):
    from app.services.municipality import create_municipality
    from app.services.storage.migrations import open_database

    database = open_database(path)
    create_municipality(database, "Управление образования")
    return database


def run() -> list[Figure]:
    from app.services.access import system_actor
    from app.services.municipality import consolidate_files, district_summary
    from app.services.uow import UnitOfWork

    with tempfile.TemporaryDirectory(prefix="proftrack-bench-") as tmp:
        folder = Path(tmp)
        files = export_reports(folder)
        times = []
        for attempt in range(3):
            database = new_municipality(folder / f"muni{attempt}.db")
            uow = UnitOfWork(database, system_actor("benchmark"))
            started = time.perf_counter()
            outcomes = consolidate_files(uow, files)
            times.append(time.perf_counter() - started)
            assert all(o.loaded for o in outcomes), [o.message for o in outcomes if not o.loaded]
            if attempt < 2:
                database.dispose()
        summary_time = median_of(lambda: district_summary(uow, year=YEAR, set_code=SET_CODE), repeat=10)
        assert len(district_summary(uow, year=YEAR, set_code=SET_CODE).schools) == SCHOOLS
        page_time = _open_page_time(database)
        database.dispose()
    figures = [
        Figure(f"Загрузка {SCHOOLS} отчётов школ в базу муниципалитета", "< 10 с", min(times), ok=min(times) < 10),
        Figure(f"Сводка {SCHOOLS} школ, сервис", "< 1 с", summary_time, ok=summary_time < 1),
    ]
    if page_time is not None:
        figures.append(Figure(f"Сводка {SCHOOLS} школ, страница «Сводка» целиком (Qt, offscreen)", "< 1 с",
                              page_time, ok=page_time < 1))
    return figures


def _open_page_time(database) -> float | None:
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        from app.services.access import system_actor
        from app.ui.context import AppContext
        from app.ui.municipality.summary_page import SummaryPage
    except ImportError:
        return None
    app = QApplication.instance() or QApplication([])
    ctx = AppContext(database, system_actor("benchmark"))
    ctx.set_year(YEAR)

    def open_once() -> None:
        page = SummaryPage(ctx)
        page.set_combo.setCurrentIndex(page.set_combo.findData(SET_CODE))
        page.show()
        app.processEvents()
        assert page.model.rowCount() == SCHOOLS + 2
        page.close()
        page.deleteLater()

    return median_of(open_once, repeat=5)


if __name__ == "__main__":
    print_figures(run())
