"""The main window opens on a database, switches sections, remembers its geometry, edits the school."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from app.models import AcademicYear
from app.services.school.details import SchoolDetails, get_school, save_school
from app.ui.main_window import DEMO_MARK, MainWindow
from app.ui.sections import SECTIONS


def _seed(uow, *, demo=False):
    save_school(uow, SchoolDetails(full_name="МАОУ СОШ № 38", short_name="СОШ № 38", is_demo=demo))
    with uow:
        uow.session.add_all([AcademicYear(start_year=2024), AcademicYear(start_year=2025, is_current=True)])
        uow.commit()


def test_window_shows_school_and_year_and_switches_every_section(qtbot, database, uow, admin, qsettings):
    _seed(uow)
    from app.ui.context import AppContext
    ctx = AppContext(database, admin)
    window = MainWindow(ctx, settings=qsettings)
    qtbot.addWidget(window)
    window.show()
    assert "СОШ № 38" in window.windowTitle() and "2025/2026" in window.windowTitle()
    assert DEMO_MARK not in window.windowTitle()
    for row, section in enumerate(SECTIONS):
        window.sidebar.setCurrentRow(row)
        assert window.stack.currentWidget() is window.page(section.key)
    assert window.sidebar.count() == 8
    assert [s.title for s in SECTIONS] == ["Обзор", "Учащиеся", "Мероприятия", "Дорожная карта", "Консультации",
                                           "Выпускники", "Показатели и отчёты", "Настройки"]


def test_year_switcher_changes_the_context_year(qtbot, database, uow, admin, qsettings):
    _seed(uow)
    from app.ui.context import AppContext
    ctx = AppContext(database, admin)
    window = MainWindow(ctx, settings=qsettings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(ctx.year_changed) as blocker:
        window.year_box.setCurrentIndex(window.year_box.findText("2024/2025"))
    assert blocker.args == [2024]
    assert "2024/2025" in window.windowTitle()


def test_demo_school_is_marked_in_the_title(qtbot, database, uow, admin, qsettings):
    _seed(uow, demo=True)
    from app.ui.context import AppContext
    window = MainWindow(AppContext(database, admin), settings=qsettings)
    qtbot.addWidget(window)
    assert DEMO_MARK in window.windowTitle()


def test_geometry_is_remembered(qtbot, database, uow, admin, qsettings):
    _seed(uow)
    from app.ui.context import AppContext
    window = MainWindow(AppContext(database, admin), settings=qsettings)
    qtbot.addWidget(window)
    window.show()
    window.resize(720, 520)
    window.close()
    again = MainWindow(AppContext(database, admin), settings=qsettings)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (720, 520)


def test_school_details_are_edited_and_saved(qtbot, database, uow, admin, qsettings):
    _seed(uow)
    from app.ui.context import AppContext
    window = MainWindow(AppContext(database, admin), settings=qsettings)
    qtbot.addWidget(window)
    page = window.show_section("settings")
    tab = page.tabs.widget(0)
    phone = tab.findChild(QLineEdit, "school_coordinator_phone")
    phone.clear()
    qtbot.keyClicks(phone, "+7 (4012) 96-54-24")
    save = next(b for b in tab.findChildren(QPushButton) if b.text() == "Сохранить")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert get_school(uow).coordinator_phone == "+7 (4012) 96-54-24"
    assert tab.status.text() == "Сведения сохранены."


def test_bad_inn_is_refused_with_a_message(qtbot, database, uow, admin, qsettings, monkeypatch):
    _seed(uow)
    from app.ui.context import AppContext
    from app.ui import operations
    shown = []
    monkeypatch.setattr(operations.QMessageBox, "warning", lambda *a: shown.append(a[2]))
    window = MainWindow(AppContext(database, admin), settings=qsettings)
    qtbot.addWidget(window)
    tab = window.show_section("settings").tabs.widget(0)
    tab.findChild(QLineEdit, "school_inn").setText("12ab")
    assert tab.save() is False
    assert "ИНН «12ab»" in shown[0]
    assert get_school(uow).inn == ""
