"""pytest-qt: «Обзор» (cards, charts, the students behind a number) and «Показатели и отчёты»
(manual values, the Excel report, a ministry form with the mapping dialog, the PDF)."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services.reports.form_fill import load_remembered
from tests.integration.reports.test_report_excel import ministry_form


@pytest.fixture
def messages(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: shown.append(text))
    return shown


def save_to(monkeypatch, path):
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))


def test_dashboard_cards_charts_and_students(qtbot, ctx, monkeypatch, messages, tmp_path):
    from app.ui.dashboard.page import DashboardPage
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.set_combo.set_code() == "profminimum"
    assert list(page.cards) == ["P1", "P2", "P3", "P4", "P5", "P6"]
    assert "14,3" in page.cards["P1"].value_label.text()
    assert "1 из 7" in page.cards["P1"].details.text() and "к прошлому году: +14,3 п. п." in page.cards["P1"].previous.text()
    hours = page.charts["hours"].chart().series()[0].barSets()[0]
    assert [hours.at(i) for i in range(hours.count())] == [2, 3, 1, 1]
    by_month = page.charts["month"].chart().series()[0].barSets()[0]
    assert by_month.at(0) == 5 and sum(by_month.at(i) for i in range(12)) == 19

    qtbot.mouseClick(page.cards["P1"], Qt.MouseButton.LeftButton)
    dialog = page._students_dialog
    qtbot.addWidget(dialog)
    assert dialog.covered.model.rowCount() == 1 and dialog.not_covered.model.rowCount() == 6
    first = dialog.not_covered.proxy.index(0, 0).data()
    assert first == "Волков Денис"  # sorted in Russian order
    qtbot.keyClicks(dialog.not_covered.search, "7")  # QTest types ASCII only: the class «7А»
    assert dialog.not_covered.proxy.rowCount() == 1
    out = tmp_path / "todo.xlsx"
    save_to(monkeypatch, out)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    wb = load_workbook(out)
    assert wb["Не охвачены"]["A1"].value.startswith("Документ содержит персональные данные")
    assert messages and "Список сохранён" in messages[-1]

    page.set_combo.setCurrentIndex(page.set_combo.findData("targets-shares"))
    assert len(page.cards) == 11
    assert "не достигнута" in page.cards["D1"].details.text()
    assert not page.cards["D9"].has_students


def test_reports_page_manual_value_excel_pdf(qtbot, ctx, monkeypatch, messages, tmp_path):
    from app.ui.reports.manual_dialog import ManualValueDialog
    from app.ui.reports.page import ReportsPage
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.show()  # a visible page refreshes when the data changes
    page.set_combo.setCurrentIndex(page.set_combo.findData("targets-shares"))
    assert page.model.rowCount() == 11
    page.view.selectRow(9)
    assert page.model.row_at(9).code == "D10"

    def fill_and_accept(dialog):
        qtbot.keyClicks(dialog.edit, "5")
        dialog._accept()
        return dialog.result()

    monkeypatch.setattr(ManualValueDialog, "exec", fill_and_accept)
    qtbot.mouseClick(page.manual_button, Qt.MouseButton.LeftButton)
    d10 = page.model.row_at(9)
    assert (d10.value, d10.is_manual, d10.computed) == (5, True, 2)
    assert page.view.model().index(9, 3).data() == "5 ✎"

    xlsx = tmp_path / "report.xlsx"
    save_to(monkeypatch, xlsx)
    qtbot.mouseClick(page.excel_button, Qt.MouseButton.LeftButton)
    ws = load_workbook(xlsx).worksheets[0]
    d10_row = next(row for row in ws.iter_rows() if row[0].value == "D10")
    assert (d10_row[3].value, d10_row[4].value) == ("единиц", 5)

    pdf = tmp_path / "report.pdf"
    save_to(monkeypatch, pdf)
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert pdf.read_bytes().startswith(b"%PDF")

    page.set_combo.setCurrentIndex(page.set_combo.findData("profminimum"))
    assert page.model.row_at(0).value == 14.3
    page.level.setCurrentIndex(page.level.findData("main"))
    page.level.activated.emit(page.level.currentIndex())
    assert page.model.row_at(0).value == 0.0


def test_ministry_form_with_mapping_dialog(qtbot, ctx, monkeypatch, messages, tmp_path):
    from app.ui.reports.mapping_dialog import NOT_FILLED, MappingDialog
    from app.ui.reports.page import ReportsPage
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.set_combo.setCurrentIndex(page.set_combo.findData("kaliningrad-school"))
    form = ministry_form(tmp_path / "form.xlsx")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(form), ""))
    seen = {}

    def correct(dialog):
        seen["row 8"] = dialog.combos["Форма 1!8"].currentData()
        seen["before"] = dialog.counter.text()
        dialog.combos["Форма 1!8"].setCurrentIndex(dialog.combos["Форма 1!8"].findText(NOT_FILLED))
        seen["after"] = dialog.counter.text()
        return 1

    monkeypatch.setattr(MappingDialog, "exec", correct)
    out = tmp_path / "filled.xlsx"
    save_to(monkeypatch, out)
    qtbot.mouseClick(page.form_button, Qt.MouseButton.LeftButton)
    assert seen["row 8"] == "ind:2"
    # Rows 7–15 and 16–17 of the form's table; 1.1, 2, 3, 4, 7, 10.2–10.4 and 8 found by meaning.
    assert seen["before"] == "Получат значение строк формы: 9 из 11."
    assert seen["after"] == "Получат значение строк формы: 8 из 11."
    ws = load_workbook(out)["Форма 1"]
    assert ws["D8"].value is None          # the user said: do not fill indicator 2
    assert ws["D9"].value == 2 and ws["D13"].value == 2
    assert "Отчёт сохранён" in messages[-1]
    # Row 16 was chosen, but its cell holds the ministry's own text: not counted as filled.
    assert "Заполнено строк формы: 7 из 11" in messages[-1] and "строка 16" in messages[-1]
    from openpyxl import load_workbook as lw

    from app.services.reports.form_fill import fingerprint
    remembered = load_remembered(ctx.uow(), fingerprint(lw(form)))
    assert remembered and '"ind:2"' not in remembered and '"ind:3"' in remembered
