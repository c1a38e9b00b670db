"""A new school adds its first academic year where the years are; switching sections never resizes the window."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app.services.calendar import start_year_of, year_starts, year_title
from app.services.errors import UserError
from app.services.students.years import add_academic_year
from app.ui.main_window import MainWindow
from app.ui.sections import SECTIONS


def test_a_new_school_adds_its_first_year_from_the_year_switcher(qtbot, app_context, uow, qsettings):
    window = MainWindow(app_context, settings=qsettings)
    qtbot.addWidget(window)
    window.show()
    assert window.year_box.count() == 0 and window.new_year_action.isVisible()
    this = start_year_of(dt.date.today())

    def answer():
        from app.ui.widgets.new_year import NewYearDialog
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, NewYearDialog):
            QTimer.singleShot(20, answer)
            return
        assert dialog.year.currentText() == year_title(this)
        dialog.accept()

    QTimer.singleShot(0, answer)
    window.new_year_action.trigger()
    assert year_starts(uow) == [this]
    assert app_context.year == this and window.year_box.currentText() == year_title(this)
    assert year_title(this) in window.windowTitle()


def test_a_year_is_added_once_and_near_today(uow):
    today = dt.date(2026, 12, 1)
    add_academic_year(uow, 2026, today=today)
    with pytest.raises(UserError, match="уже есть"):
        add_academic_year(uow, 2026, today=today)
    with pytest.raises(UserError, match="слишком далёк"):
        add_academic_year(uow, 2062, today=today)
    assert year_starts(uow) == [2026]


def test_switching_sections_never_resizes_the_window(qtbot, app_context, uow, qsettings):
    add_academic_year(uow, start_year_of(dt.date.today()), make_current=True)
    app_context.set_year(start_year_of(dt.date.today()))
    window = MainWindow(app_context, settings=qsettings)
    qtbot.addWidget(window)
    window.resize(1200, 700)
    window.show()
    qtbot.waitExposed(window)
    sizes = set()
    for row, section in enumerate(SECTIONS):
        window.sidebar.setCurrentRow(row)
        QApplication.processEvents()
        sizes.add((window.width(), window.height()))
        assert window.stack.currentWidget() is window.page(section.key)
    assert sizes == {(1200, 700)}


def test_the_title_names_the_program_once(qtbot, app_context, uow, qsettings, qapp):
    from app import APP_NAME
    from app.services.school.details import SchoolDetails, save_school

    save_school(uow, SchoolDetails(full_name="МАОУ СОШ № 5", short_name="СОШ № 5"))
    qapp.setApplicationDisplayName(APP_NAME)   # Qt adds it to every window title, as the program sets it
    window = MainWindow(app_context, settings=qsettings)
    qtbot.addWidget(window)
    assert "СОШ № 5" in window.windowTitle() and APP_NAME not in window.windowTitle()
