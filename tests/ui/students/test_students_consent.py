"""The students page marks many students at once as «согласие получено» (papers collected at enrolment)."""
from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from app.services.access import Role
from app.ui.context import AppContext
from tests.conftest import make_actor
from tests.school_people import build_school


def test_students_page_marks_consent_for_many(qtbot, database, monkeypatch):
    from app.services.accounts.consent import consent_register
    from app.ui.students.students_tab import StudentsTab
    build_school(database)
    ctx = AppContext(database, make_actor(Role.COORDINATOR))
    tab = StudentsTab(ctx)
    qtbot.addWidget(tab)
    tab.load()
    messages = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: messages.append(a[2]))
    tab.table.selectAll()
    assert tab.buttons["consent"].isEnabled()
    tab.mark_consent()
    assert messages and "4 из 4" in messages[0]
    assert consent_register(ctx.uow(), year=2026, only_missing=True) == []


def test_student_form_says_why_health_flags_are_hidden(qtbot, database):
    import datetime as dt

    from PySide6.QtWidgets import QLabel

    from app.services.accounts.consent import HEALTH_HIDDEN_REASON, mark_received, record_withdrawal
    from app.ui.students.student_dialog import StudentDialog
    people = build_school(database)
    ctx = AppContext(database, make_actor(Role.COORDINATOR))
    petrova = people.student_ids["Петрова"]
    mark_received(ctx.uow(), [petrova], received_on=dt.date(2026, 9, 1))
    record_withdrawal(ctx.uow(), petrova, withdrawn_on=dt.date(2026, 10, 1))
    dialog = StudentDialog(ctx, 2026, student_id=petrova)
    qtbot.addWidget(dialog)
    assert dialog.findChild(QLabel, "health_hidden").text() == HEALTH_HIDDEN_REASON
    assert dialog.ovz.isHidden() and dialog.disability.isHidden()
