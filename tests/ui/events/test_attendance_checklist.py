"""The attendance checklist's model and dialog at any size: the list loads off the window's thread (the
dialog greyed and saying so meanwhile), a change is judged on its own row (undoing it leaves nothing to
save), the counts follow every change, the classes menu is made when opened."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.services.events.attendance import AttendanceRow, load_attendance
from app.services.events.events import EventData, create_event
from app.ui.events.attendance_dialog import AttendanceDialog
from app.ui.events.attendance_model import COMPETENCE, AttendanceModel
from app.ui.operations import Operations
from tests.events_data import DAY, make_roster


def rows() -> list[AttendanceRow]:
    return [AttendanceRow(1, "Алексеев Антон", 10, "7А", "attended"), AttendanceRow(2, "Борисов Борис", 10, "7А"),
            AttendanceRow(3, "Волков Виктор", 11, "7Б", "absent"), AttendanceRow(4, "Дмитриев Дима", 11, "7Б")]


def test_a_change_undone_leaves_nothing_to_save_and_the_counts_follow(qapp):
    model = AttendanceModel()
    dirty: list[bool] = []
    model.dirty_changed.connect(dirty.append)
    model.set_rows(rows(), event_hours=2)
    assert model.counts() == (1, 1, 4) and not model.is_dirty
    model.toggle(1)                                   # Борисов came
    assert model.counts() == (2, 1, 4) and model.is_dirty
    model.toggle(1)                                   # no, he did not
    assert model.counts() == (1, 1, 4) and not model.is_dirty and model.changed_marks() == []
    assert dirty == [True, False]
    model.setData(model.index(3, COMPETENCE), "Сварщик")    # a competence: Дмитриев was there
    model.set_status(2, None)                          # Волков's «не явился» cleared
    assert model.counts() == (2, 0, 4)
    assert [(m.student_id, m.status, m.competence) for m in model.changed_marks()] == [
        (3, None, ""), (4, "attended", "Сварщик")]
    assert model.mark_class(10, "absent") == 2
    assert model.counts() == (1, 2, 4)
    assert [m.student_id for m in model.changed_marks()] == [1, 2, 3, 4]
    model.set_rows(rows())                            # reloaded: as loaded again
    assert not model.is_dirty and model.counts() == (1, 1, 4)


@pytest.fixture
def event(uow):
    make_roster(uow, classes={"7А": ["Алексеев Антон", "Борисов Борис"], "7Б": ["Дмитриев Дима"],
                              "9А": ["Жуков Женя"]})
    return create_event(uow, EventData(title="Проба", category="bvb_trial", starts_on=DAY, target_grades="7",
                                       hours=2))


def test_the_list_loads_off_the_window_thread(qtbot, app_context, event):
    Operations.synchronous = False
    dialog = AttendanceDialog(app_context, event)
    qtbot.addWidget(dialog)
    assert not dialog.view.isEnabled() and dialog.counts.text() == "Загрузка списка…"
    qtbot.waitUntil(lambda: len(dialog.model.rows) == 3, timeout=5000)
    assert dialog.view.isEnabled() and dialog.counts.text() == "В списке: 3 · участвовали: 0 · не явились: 0"
    assert dialog.classes_label.text() == "7А, 7Б"


def test_the_classes_menu_is_made_when_opened_and_saving_says_what_it_did(qtbot, app_context, uow, event):
    dialog = AttendanceDialog(app_context, event)
    qtbot.addWidget(dialog)
    assert dialog.classes_menu.actions() == []          # not made for a list that may never need it
    dialog.classes_menu.aboutToShow.emit()
    assert [(a.text(), a.isChecked()) for a in dialog.classes_menu.actions()] == [
        ("7А", True), ("7Б", True), ("9А", False)]
    dialog.view.setFocus()
    qtbot.keyClick(dialog.view, Qt.Key.Key_Space)
    dialog.save()
    assert dialog.counts.text() == ("В списке: 3 · участвовали: 1 · не явились: 0 · "
                                    "Сохранено: добавлено отметок — 1, изменено — 0, снято — 0.")
    assert [r.status for r in load_attendance(uow, event).rows] == ["attended", None, None]
