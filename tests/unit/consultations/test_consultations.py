"""Consultations: logging, filters, follow-ups, notes behind the right and audited, consent blocks notes."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, select

from app.models import AuditEntry
from app.services.accounts import consent
from app.services.consultations import consultations
from app.services.access import Role
from app.services.consultations.consultations import ConsultationInput
from app.services.errors import PermissionDenied, UserError
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.school_people import add_consultation, build_school


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database


@pytest.fixture
def people(database):
    return build_school(database)


def psy(database):
    return UnitOfWork(database, make_actor(Role.PSYCHOLOGIST))


def test_log_list_and_filter(database, people):
    uow = psy(database)
    topics = {t.name: t.id for t in consultations.list_topics(uow)}
    assert "Выбор профессии" in topics and "Тревожность при выборе" in topics
    new_topic = consultations.add_topic(uow, "  Конфликт с родителями ")
    assert consultations.add_topic(uow, "конфликт с РОДИТЕЛЯМИ") == new_topic
    s = people.student_ids
    first = consultations.save_consultation(uow, ConsultationInput(
        held_on=dt.date(2026, 10, 5), student_ids=[s["Иванов"]], specialist_id=people.staff_ids["psychologist"],
        topic_id=topics["Выбор профессии"], requested_by="parent", follow_up_on=dt.date(2026, 11, 30),
        note="Мальчик хочет стать врачом"))
    consultations.save_consultation(uow, ConsultationInput(
        held_on=dt.date(2026, 11, 2), kind="group", student_ids=[s["Сидоров"], s["Ёлкина"]], topic_id=new_topic))
    rows = consultations.list_consultations(uow, year=2026)
    assert [r.id for r in rows][-1] == first and rows[0].student_names == "Ёлкина Тест Тестович, Сидоров Тест Тестович"
    assert rows[-1].requested_by_label == "родитель" and rows[-1].kind_label == "индивидуальная"
    assert [r.id for r in consultations.list_consultations(uow, student_id=s["Иванов"])] == [first]
    assert len(consultations.list_consultations(uow, topic_id=new_topic)) == 1
    assert consultations.list_consultations(uow, year=2025) == []
    follow = consultations.upcoming_follow_ups(uow, today=dt.date(2026, 11, 24))
    assert [r.id for r in follow] == [first]
    assert not any("врачом" in str(vars(r)) for r in rows + follow)


def test_validation_messages(database, people):
    uow = psy(database)
    s = people.student_ids
    with pytest.raises(UserError, match="хотя бы одного"):
        consultations.save_consultation(uow, ConsultationInput(held_on=dt.date(2026, 10, 5), student_ids=[]))
    with pytest.raises(UserError, match="групповая"):
        consultations.save_consultation(uow, ConsultationInput(held_on=dt.date(2026, 10, 5),
                                                               student_ids=[s["Иванов"], s["Сидоров"]]))
    with pytest.raises(UserError, match="раньше даты консультации"):
        consultations.save_consultation(uow, ConsultationInput(held_on=dt.date(2026, 10, 5), student_ids=[s["Иванов"]],
                                                               follow_up_on=dt.date(2026, 10, 1)))


def test_reading_a_note_needs_the_right_and_is_audited(database, people):
    cid = add_consultation(database, people, ["Иванов"], held_on=dt.date(2026, 10, 1), note="Тревожность, слёзы")
    assert consultations.read_note(psy(database), cid) == "Тревожность, слёзы"
    with database.session() as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "consultation.view")).one()
    assert entry.entity_id == cid and entry.details == "просмотр консультации" and entry.user_login == "test-psychologist"
    for role in (Role.ADMIN, Role.DEPUTY, Role.COORDINATOR, Role.CLASS_TEACHER):
        with pytest.raises(PermissionDenied):
            consultations.read_note(UnitOfWork(database, make_actor(role)), cid)


def test_editing_without_note_keeps_the_note(database, people):
    cid = add_consultation(database, people, ["Иванов"], held_on=dt.date(2026, 10, 1), note="старые записи")
    admin = UnitOfWork(database, make_actor(Role.ADMIN))
    consultations.save_consultation(admin, ConsultationInput(held_on=dt.date(2026, 10, 2),
                                                             student_ids=[people.student_ids["Иванов"]]),
                                    consultation_id=cid)
    assert consultations.read_note(psy(database), cid) == "старые записи"


def test_counting_never_touches_notes(database, people):
    add_consultation(database, people, ["Иванов"], held_on=dt.date(2026, 10, 1), note="x")
    add_consultation(database, people, ["Иванов", "Сидоров"], held_on=dt.date(2026, 11, 1), note="y")
    add_consultation(database, people, ["Петрова"], held_on=dt.date(2025, 11, 1))
    statements: list[str] = []
    listener = lambda conn, cur, statement, *a: statements.append(statement)  # noqa: E731
    event.listen(database.engine, "before_cursor_execute", listener)
    try:
        with database.session() as session:
            assert consultations.count_consulted_students(session, year=2026) == 2
        consultations.list_consultations(UnitOfWork(database, make_actor(Role.DEPUTY)), year=2026)
        consultations.upcoming_follow_ups(UnitOfWork(database, make_actor(Role.DEPUTY)), today=dt.date(2026, 11, 1))
    finally:
        event.remove(database.engine, "before_cursor_execute", listener)
    assert statements and not any("consultation_note" in s for s in statements)


def test_withdrawn_consent_blocks_new_notes_with_the_reason(database, people):
    s = people.student_ids
    coordinator = UnitOfWork(database, make_actor(Role.COORDINATOR))
    consent.mark_received(coordinator, [s["Иванов"]], received_on=dt.date(2026, 9, 1))
    consent.record_withdrawal(coordinator, s["Иванов"], withdrawn_on=dt.date(2026, 10, 1))
    uow = psy(database)
    with pytest.raises(UserError, match="отозвали согласие.*Иванов"):
        consultations.save_consultation(uow, ConsultationInput(held_on=dt.date(2026, 10, 5),
                                                               student_ids=[s["Иванов"]], note="записи"))
    # The consultation itself may still be logged, without notes.
    consultations.save_consultation(uow, ConsultationInput(held_on=dt.date(2026, 10, 5), student_ids=[s["Иванов"]],
                                                           note=""))
    choices = {c.id: c for c in consultations.students_to_choose(uow, year=2026)}
    assert choices[s["Иванов"]].consent_withdrawn and not choices[s["Сидоров"]].consent_withdrawn


def test_delete_consultation_removes_its_note(database, people):
    cid = add_consultation(database, people, ["Иванов"], held_on=dt.date(2026, 10, 1), note="x")
    consultations.delete_consultation(psy(database), cid)
    assert consultations.list_consultations(psy(database)) == []
