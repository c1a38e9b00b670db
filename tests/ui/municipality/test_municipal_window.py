"""The window on a municipal database: its four sections; the schools with who has not sent a report; the
summary coloured where a target is missed, a click opening a school's report, the chart and year-over-year."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.services.municipality import add_school, consolidate_files, create_municipality
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from app.ui.municipality.report_dialog import SchoolReportDialog
from app.ui.municipality.summary_model import MISSED
from tests.district_schools import MUNICIPALITY, YEAR, build_district, copy_reports


@pytest.fixture(scope="module")
def district(tmp_path_factory):
    return build_district(tmp_path_factory.mktemp("district"), sets=("targets-shares",))


@pytest.fixture
def window(qtbot, database, uow, admin, qsettings, district, tmp_path, monkeypatch):
    create_municipality(database, MUNICIPALITY)
    consolidate_files(uow, copy_reports(district, "targets-shares", tmp_path))
    add_school(uow, full_name="МБОУ «Школа № 9»")
    messages = []
    for name in ("information", "warning"):
        monkeypatch.setattr(QMessageBox, name, lambda _p, title, text, *a, **k: messages.append(text))
    ctx = AppContext(database, admin)
    ctx.set_year(YEAR)
    w = MainWindow(ctx, settings=qsettings)
    w.messages = messages
    qtbot.addWidget(w)
    w.show()
    return w


def test_a_municipal_database_opens_with_its_own_sections(window):
    titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert titles == ["Школы", "Сводка", "Дорожная карта", "Настройки"]
    assert MUNICIPALITY in window.windowTitle()
    for row, key in enumerate(window.section_keys()):
        window.sidebar.setCurrentRow(row)
        assert window.stack.currentWidget() is window.page(key)


def test_the_schools_and_who_has_not_sent_a_report(window, district, tmp_path):
    page = window.show_section("schools")
    rows = page.model.rows
    assert sorted(r.name for r in rows) == sorted([*(s.short_name for s in district), "МБОУ «Школа № 9»"])
    missing = next(i for i, r in enumerate(rows) if r.name == "МБОУ «Школа № 9»")
    assert page.model.index(missing, 4).data() == "нет отчёта"
    assert page.model.index(missing, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert "Не представили отчёт: МБОУ «Школа № 9»" in page.summary.text()
    assert all(page.model.index(i, 3).data() for i, r in enumerate(rows) if r.has_report)
    page.load_paths([str(p) for p in copy_reports(district, "targets-shares", tmp_path / "again")])
    assert "Загружено отчётов: 3 из 3." in window.messages[-1] and "отчёт заменён" in window.messages[-1]


def test_the_summary_colours_missed_targets_and_opens_a_school_report(window, qtbot, tmp_path):
    page = window.show_section("summary")
    page.set_combo.setCurrentIndex(page.set_combo.findData("targets-shares"))
    model = page.model
    assert model.rowCount() == 3 + 2
    assert model.index(3, 0).data() == "Итого по муниципалитету"
    assert model.index(4, 0).data() == "Целевое значение"
    assert "Школа № 9" in page.notes.text()
    missed = [(r, c) for r in range(4) for c in range(1, model.columnCount())
              if model.index(r, c).data(Qt.ItemDataRole.BackgroundRole) is not None
              and model.index(r, c).data(Qt.ItemDataRole.BackgroundRole).color() == MISSED]
    summary = page.summary
    expected = [(r, c) for r, school in enumerate(summary.schools) for c, h in enumerate(summary.indicators, 1)
                if school.figures[h.code].met is False]
    expected += [(3, c) for c, h in enumerate(summary.indicators, 1) if summary.total[h.code].met is False]
    assert missed == expected and expected
    rect = page.view.visualRect(model.index(1, 1))
    qtbot.mouseClick(page.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = page.findChild(SchoolReportDialog)
    assert dialog is not None and summary.schools[1].full_name in dialog.windowTitle()
    assert [line.code for line in dialog.model.rows] == [h.code for h in summary.indicators]
    dialog.close()
    chart = page.chart.chart()
    assert chart.series()[0].barSets()[0].count() == 3
    assert page.trend.columnCount() == 1 and page.trend.horizontalHeaderItem(0).text() == "2023/2024"
    assert page.trend.item(0, 0).text() == summary.indicators[0].display(summary.total["D1"])
    out = tmp_path / "сводка.xlsx"
    page.export_to(str(out))
    assert load_workbook(out)["Сводка"]["A1"].value.startswith("Сводный отчёт")


def test_a_school_database_keeps_its_sections(qtbot, database, admin, qsettings):
    w = MainWindow(AppContext(database, admin), settings=qsettings)
    qtbot.addWidget(w)
    assert w.sidebar.item(0).text() == "Обзор" and w.sidebar.count() == 8
