"""Save and open dialogs start in Documents, then in the folder last chosen for that kind of file; the names
they suggest are Russian."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services.files.names import document_name
from app.ui.widgets.file_dialogs import documents_folder, start_folder


@pytest.fixture(autouse=True)
def no_remembered_folders():
    """Other tests' dialogs remember folders in the same session's QSettings."""
    from PySide6.QtCore import QSettings
    QSettings().remove("file_dialogs")
    yield
    QSettings().remove("file_dialogs")


def test_report_dialog_starts_in_documents_then_remembers_the_folder(qtbot, ctx, monkeypatch, tmp_path):
    from app.ui.reports.page import ReportsPage

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    offered: list[str] = []
    chosen = tmp_path / "Отчёты" / "мой отчёт"   # typed without «.xlsx»
    chosen.parent.mkdir()

    def save_dialog(parent, title, start, file_filter):
        offered.append(start)
        return str(chosen), file_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    page = ReportsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    page.set_combo.setCurrentIndex(page.set_combo.findData("profminimum"))
    year = page.result.year
    qtbot.mouseClick(page.excel_button, Qt.MouseButton.LeftButton)
    name = f"Показатели — профминимум — {year}-{year + 1}.xlsx"
    assert offered[0] == str(documents_folder() / name)
    assert chosen.with_suffix(".xlsx").is_file()   # the suffix was added

    qtbot.mouseClick(page.excel_button, Qt.MouseButton.LeftButton)
    assert offered[1] == str(chosen.parent / name)
    # Another kind of file still starts in Documents.
    assert start_folder("roster") == documents_folder()


def test_open_dialog_remembers_per_kind_and_forgets_a_vanished_folder(qtbot, app_context, monkeypatch, tmp_path):
    from app.ui.widgets.file_dialogs import ask_open_file

    folder = tmp_path / "Списки"
    folder.mkdir()
    starts: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName",
                        lambda parent, title, start, f: starts.append(start) or (str(folder / "8Б.xlsx"), f))
    assert ask_open_file(None, "Список", "Таблицы (*.xlsx)", kind="roster") == folder / "8Б.xlsx"
    ask_open_file(None, "Список", "Таблицы (*.xlsx)", kind="roster")
    assert starts == [str(documents_folder()), str(folder)]
    folder.rmdir()
    assert start_folder("roster") == documents_folder()


def test_suggested_names_are_valid_on_windows():
    assert document_name("Показатели", "профминимум", "2026/2027", suffix=".xlsx") == \
        "Показатели — профминимум — 2026-2027.xlsx"
    assert document_name("Лист: 8\"Б\"?", "", suffix=".pdf") == "Лист- 8-Б.pdf"
    assert len(document_name("Я" * 400, suffix=".pdf")) < 130
