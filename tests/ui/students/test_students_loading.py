"""The students tab loads in two steps off the window's thread — the students, then their hours — and what
the window's thread does with a load prepared on the worker: «…» in the hours cells until they are summed,
a filter or a sort changed while loading applied to the new rows, «выбывшие» hidden until asked for."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.services.students.students import archive_students
from app.ui.students.students_tab import COUNTING, HOURS_COLUMN, StudentsTab
from tests.ui.students.widgets import shown


@pytest.fixture
def tab(qtbot, school, app_context):
    return shown(qtbot, StudentsTab(app_context), 1100, 600)


def cells(tab, column: int) -> list[str]:
    return [tab.proxy.index(i, column).data() for i in range(tab.proxy.rowCount())]


def names(tab) -> list[str]:
    return cells(tab, 0)


def test_the_rows_first_then_their_hours(tab):
    tab.show_students(tab.loader()(None, None))
    assert len(names(tab)) == 9 and set(cells(tab, HOURS_COLUMN)) == {COUNTING}
    assert tab.visible_rows()[0].hours is None                      # not summed yet, not «0»
    tab.show_hours(tab.hours_counter()(None, None))
    hours = dict(zip(names(tab), cells(tab, HOURS_COLUMN)))
    assert hours["Ёлкин Иван Петрович"] == "9" and hours["Громова Мария Петровна"] == "1"
    assert hours["Белова Мария Петровна"] == "0"
    assert next(r for r in tab.visible_rows() if r.last_name == "Ёлкин").hours == 9.0


def test_sorted_by_hours_the_rows_follow_when_the_hours_arrive(tab):
    tab.table.sortByColumn(HOURS_COLUMN, Qt.SortOrder.DescendingOrder)
    tab.show_students(tab.loader()(None, None))
    tab.show_hours(tab.hours_counter()(None, None))
    assert names(tab)[:2] == ["Ёлкин Иван Петрович", "Громова Мария Петровна"]


def test_a_filter_or_a_sort_changed_while_loading_applies_to_the_new_rows(tab, school):
    loaded = tab.loader()(None, None)                                # prepared for «all classes», by class
    tab.class_box.setCurrentIndex(tab.class_box.findText("9А"))
    tab.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    tab.show_students(loaded)
    assert names(tab) == ["Дятлов Иван Петрович", "Громова Мария Петровна", "Ворошилов Иван Петрович"]
    assert tab.count_label.text() == "Показано 3 из 9"


def test_left_students_hidden_until_asked_for_and_graduates_stay(tab, school, app_context):
    archive_students(app_context.uow(), [school.students["Зуев"]], left_on=dt.date(2026, 2, 1))
    tab.load()
    assert "Зуев Иван Петрович" not in names(tab) and tab.count_label.text() == "Показано 8 из 9"
    tab.show_left.setChecked(True)
    assert "Зуев Иван Петрович" in names(tab)
    row = names(tab).index("Зуев Иван Петрович")
    assert tab.proxy.index(row, 6).data() == "01.02.2026"


def test_search_by_any_words_with_yo_and_the_class_filter_together(tab):
    tab.load()
    tab.search.setText("ПЕТРОВИЧ ёлк")
    assert names(tab) == ["Ёлкин Иван Петрович"]
    tab.search.setText("иван")
    tab.class_box.setCurrentIndex(tab.class_box.findText("9А"))
    assert names(tab) == ["Ворошилов Иван Петрович", "Дятлов Иван Петрович"]
    tab.load()                                                       # a reload keeps the search and the class
    assert names(tab) == ["Ворошилов Иван Петрович", "Дятлов Иван Петрович"]


def test_the_class_filter_follows_the_classes_and_keeps_the_choice(tab, app_context):
    from app.services.students.classes import add_class
    tab.class_box.setCurrentIndex(tab.class_box.findText("9А"))
    tab.load()
    assert tab.class_box.currentText() == "9А" and len(names(tab)) == 3
    add_class(app_context.uow(), start_year=2025, label="7Б")
    tab.load()
    labels = [tab.class_box.itemText(i) for i in range(tab.class_box.count())]
    assert labels == ["Все классы", "6А", "7Б", "8Б", "9А", "10А", "11А"]
    assert tab.class_box.currentText() == "9А" and len(names(tab)) == 3
