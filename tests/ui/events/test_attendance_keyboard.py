"""The attendance flow driven with the keyboard only."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox

from app.services.events.attendance import load_attendance
from app.services.events.events import EventData, create_event
from app.ui.events.attendance_dialog import AttendanceDialog
from tests.events_data import DAY, make_roster

NAMES_7A = ["Алексеев Антон", "Борисов Борис", "Васильева Вера", "Волков Виктор", "Григорьев Гриша"]


@pytest.fixture
def dialog(qtbot, app_context, uow):
    make_roster(uow, classes={"7А": NAMES_7A, "7Б": ["Дмитриев Дима", "Егоров Егор"], "9А": ["Жуков Женя"]})
    event = create_event(uow, EventData(title="Билет в будущее: проба", category="bvb_trial", starts_on=DAY,
                                        target_grades="7", hours=2))
    dlg = AttendanceDialog(app_context, event)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg, event


def type_text(widget, text: str) -> None:
    """Type Cyrillic text as key events (QTest.keyClicks only maps ASCII)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, ord(ch.upper()), Qt.KeyboardModifier.NoModifier, ch))


def statuses(uow, event):
    return {r.full_name: r.status for r in load_attendance(uow, event).rows}


def test_mark_a_class_with_a_few_keys(qtbot, dialog, uow, monkeypatch):
    dlg, event = dialog
    view = dlg.view
    assert view.hasFocus() or view.setFocus() is None
    assert len(dlg.model.rows) == 7                      # 7А and 7Б: the event's target grade
    qtbot.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)   # the whole 7А present
    type_text(view, "вол")                          # type-ahead to Волков
    assert dlg.model.rows[view.current_row()].full_name == "Волков Виктор"
    qtbot.keyClick(view, Qt.Key.Key_Minus)               # Волков did not come
    qtbot.keyClick(view, Qt.Key.Key_Down)                 # Григорьев
    qtbot.keyClick(view, Qt.Key.Key_Space)               # unmark him
    qtbot.keyClick(view, Qt.Key.Key_Down)                 # Дмитриев (7Б)
    qtbot.keyClick(view, Qt.Key.Key_Space)               # mark him
    assert dlg.save_button.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not dlg.save_button.isEnabled()
    assert statuses(uow, event) == {"Алексеев Антон": "attended", "Борисов Борис": "attended",
                                    "Васильева Вера": "attended", "Волков Виктор": "absent",
                                    "Григорьев Гриша": None, "Дмитриев Дима": "attended", "Егоров Егор": None}
    assert "участвовали: 4" in dlg.counts.text()


def test_edit_result_competence_and_hours_by_keyboard(qtbot, dialog, uow):
    dlg, event = dialog
    view = dlg.view
    type_text(view, "бор")
    assert view.currentIndex().column() == 1   # «ФИО»
    for _ in range(3):
        qtbot.keyClick(view, Qt.Key.Key_Right)   # «Компетенция»
    assert view.currentIndex().column() == 4
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.focusWidget()
    type_text(editor, "Сварщик")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClick(view, Qt.Key.Key_Right)   # «Часы»
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "3")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Left)    # «Результат»
    qtbot.keyClick(view, Qt.Key.Key_F2)
    combo = view.focusWidget()
    assert isinstance(combo, QComboBox), type(combo)
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    qtbot.keyClick(combo, Qt.Key.Key_Down)   # призёр
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    qtbot.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    row = next(r for r in load_attendance(uow, event).rows if r.full_name == "Борисов Борис")
    assert (row.status, row.competence, row.hours, row.result) == ("attended", "Сварщик", 3.0, "prize")


def test_choose_another_class_and_unsaved_prompt(qtbot, dialog, uow, monkeypatch):
    dlg, event = dialog
    qtbot.keyClick(dlg.view, Qt.Key.Key_Space)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Save)
    action_9a = next(a for a in dlg.class_actions() if a.text() == "9А")
    action_9a.trigger()      # the unsaved mark is saved first, then 9А joins the list
    qtbot.waitUntil(lambda: dlg.model.rows[-1].full_name == "Жуков Женя")
    assert [r.full_name for r in dlg.model.rows][-1] == "Жуков Женя"
    assert statuses(uow, event)["Алексеев Антон"] == "attended"


def test_from_the_event_list_to_saved_marks_by_keyboard(qtbot, app_context, uow, monkeypatch):
    from app.ui.events.attendance_dialog import AttendanceDialog as Dialog
    from app.ui.events.page import EventsPage
    make_roster(uow, classes={"8А": ["Абрамов Артём", "Белова Бэлла"]})
    event = create_event(uow, EventData(title="Классный час", category="class_hour", starts_on=DAY, target_grades="8"))
    app_context.set_year(2026)
    page = EventsPage(app_context)
    qtbot.addWidget(page)
    page.show()
    view = page.events.view

    def run_modal(dialog):   # what the user does in the window exec() would show
        dialog.show()
        dialog.activateWindow()   # as a modal window is; its Ctrl+S shortcut needs that
        qtbot.waitUntil(dialog.isActiveWindow)
        qtbot.keyClick(dialog.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(dialog.view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
        return 0

    monkeypatch.setattr(Dialog, "exec", run_modal)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: pytest.fail("unsaved marks left behind"))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert set(statuses(uow, event).values()) == {"attended"}
    assert page.events.model.rows[0].participants == 2
