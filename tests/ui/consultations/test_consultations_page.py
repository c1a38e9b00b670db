"""The «Консультации» page: list and filters, logging through the dialog, notes only with the right."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from app.models import AuditEntry
from app.services.accounts import consent
from app.services.consultations import consultations
from app.services.access import Role
from app.ui.consultations.dialog import ConsultationDialog
from app.ui.consultations.page import ConsultationsPage
from app.ui.context import AppContext
from tests.conftest import make_actor
from tests.school_people import add_consultation, build_school


def _page(qtbot, database, role, **kwargs):
    page = ConsultationsPage(AppContext(database, make_actor(role, **kwargs)))
    qtbot.addWidget(page)
    return page


def test_psychologist_sees_the_list_and_opens_a_note(qtbot, database):
    people = build_school(database)
    add_consultation(database, people, ["Иванов"], held_on=dt.date(2026, 10, 5), note="Хочет стать врачом",
                     follow_up_on=dt.date.today() + dt.timedelta(days=3))
    add_consultation(database, people, ["Сидоров", "Ёлкина"], held_on=dt.date(2026, 11, 12))
    page = _page(qtbot, database, Role.PSYCHOLOGIST)
    assert page.model.rowCount() == 2 and page.follow_model.rowCount() == 1
    assert page.proxy.index(0, 0).data() == "12.11.2026"  # newest first
    page.search.setText("елкина")
    assert page.proxy.rowCount() == 1
    page.search.setText("")
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("individual"))
    assert page.proxy.rowCount() == 1 and "из 2" in page.count_label.text()
    page.view.selectRow(0)
    page.show_note()
    assert page.note_view.toPlainText() == "Хочет стать врачом"
    with database.session() as s:
        assert s.scalar(select(AuditEntry.details).where(AuditEntry.action == "consultation.view")) == \
            "просмотр консультации"


def test_without_the_right_the_page_says_why(qtbot, database):
    people = build_school(database)
    add_consultation(database, people, ["Иванов"], held_on=dt.date(2026, 10, 5), note="секрет")
    page = _page(qtbot, database, Role.ADMIN)
    assert page.model.rowCount() == 1
    assert page.show_note_button.isHidden() and "только педагоги-психологи" in page.note_reason.text()
    granted = _page(qtbot, database, Role.ADMIN, can_read_notes=True)
    assert not granted.show_note_button.isHidden()
    coordinator = _page(qtbot, database, Role.COORDINATOR)
    assert not hasattr(coordinator, "model")


def test_dialog_logs_a_group_consultation_with_notes(qtbot, database):
    people = build_school(database)
    ctx = AppContext(database, make_actor(Role.PSYCHOLOGIST))
    dialog = ConsultationDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.search.setText("7А")
    dialog.picker.selectAll()
    dialog.add_students()
    assert dialog.chosen.count() == 2 and dialog.kind.currentData() == "group"
    dialog.topic.setCurrentIndex(dialog.topic.findText("Выбор профиля обучения"))
    dialog.has_follow_up.setChecked(True)
    dialog.note.setPlainText("Обсудили профиль")
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted
    row = consultations.get_consultation(ctx.uow(), dialog.consultation_id)
    assert set(row.student_ids) == {people.student_ids["Иванов"], people.student_ids["Петрова"]}
    assert row.topic_name == "Выбор профиля обучения" and row.follow_up_on is not None
    assert consultations.read_note(ctx.uow(), row.id) == "Обсудили профиль"


def test_dialog_blocks_notes_for_a_withdrawn_consent_and_says_why(qtbot, database, monkeypatch):
    people = build_school(database)
    coordinator = AppContext(database, make_actor(Role.COORDINATOR)).uow()
    consent.mark_received(coordinator, [people.student_ids["Иванов"]], received_on=dt.date(2026, 9, 1))
    consent.record_withdrawal(coordinator, people.student_ids["Иванов"], withdrawn_on=dt.date(2026, 10, 1))
    dialog = ConsultationDialog(AppContext(database, make_actor(Role.PSYCHOLOGIST)))
    qtbot.addWidget(dialog)
    dialog.search.setText("Иванов")
    dialog.picker.selectAll()
    dialog.add_students()
    assert not dialog.note.isEnabled() and "отозвали согласие" in dialog.note_reason.text()
    dialog.save()
    assert dialog.result() == dialog.DialogCode.Accepted


def test_admin_dialog_has_no_notes(qtbot, database, monkeypatch):
    build_school(database)
    dialog = ConsultationDialog(AppContext(database, make_actor(Role.ADMIN)))
    qtbot.addWidget(dialog)
    assert not dialog.note.isEnabled() and "только педагоги-психологи" in dialog.note_reason.text()
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    dialog.save()
    assert warnings and "хотя бы одного" in warnings[0]

