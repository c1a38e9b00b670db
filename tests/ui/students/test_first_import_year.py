"""The first roster of a new school goes into the year the file names, or the year the user chooses — never
one picked silently."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from app.services.calendar import start_year_of, year_starts, year_title
from app.services.students.years import year_named_in_file
from app.ui.widgets.import_preview import ImportPreviewDialog
from tests.roster_files import make_pupils, write_xlsx


@pytest.fixture
def page(qtbot, app_context, monkeypatch):
    from app.ui.students.page import StudentsPage

    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda *a, **k: None))
    monkeypatch.setattr(ImportPreviewDialog, "exec", lambda self: ImportPreviewDialog.DialogCode.Accepted)
    widget = StudentsPage(app_context)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def test_a_file_without_a_year_asks_which_year(page, app_context, uow, tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "список.xlsx", make_pupils(5, start_year=2025), title="Список обучающихся")
    asked = []
    this = start_year_of(dt.date.today())

    def choose(parent, title, label, items, current, editable):
        asked.append((label, items))
        return year_title(this - 1), True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    page.students.import_roster(path=str(path))
    assert asked and "не указан учебный год" in asked[0][0] and asked[0][1][0] == year_title(this)
    assert year_starts(uow) == [this - 1] and app_context.year == this - 1


def test_cancelling_the_question_imports_nothing(page, uow, tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "список.xlsx", make_pupils(5, start_year=2025), title="Список обучающихся")
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("", False))
    page.students.import_roster(path=str(path))
    assert year_starts(uow) == []


def test_a_file_that_names_its_year_is_not_asked(page, app_context, uow, tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "список.xlsx", make_pupils(5, start_year=2025),
                      title="Список обучающихся на 2025/2026 учебный год")
    assert year_named_in_file(path) == 2025
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: pytest.fail("asked although the file says"))
    page.students.import_roster(path=str(path))
    assert year_starts(uow) == [2025] and app_context.year == 2025
