"""An event's checklist as load_attendance reads it (the students and their marks in one query), on SQLite and
on PostgreSQL: classes in order and names in Russian order, who leaves the list (left before the event,
unless marked), the classes chosen by default (every mark decides, shown or not), and marks of classes not
shown kept in the database."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.models import Participation, Student
from app.services.access import Role
from app.services.events.attendance import AttendanceMark, load_attendance, save_attendance
from app.services.events.events import EventData, create_event
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.events_data import DAY, make_homeroom_teacher, make_roster


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database


@pytest.fixture
def roster(uow):
    return make_roster(uow, classes={
        "10А": ["Яшин Лев"],
        "7Б": ["Ёлкин Иван", "Елкин Иван", "де Кастро Мария", "Борисов Борис"],
        "7А": ["Петров Пётр Петрович", "Ушедший Раньше", "Ушедший Позже"],
        "8В": ["Иванов Иван Иванович"]})


def leave(uow, roster, name: str, on: dt.date) -> None:
    with uow:
        label = next(label for label, n in roster.students if n == name)
        uow.session.get(Student, roster.students[(label, name)]).left_on = on
        uow.commit()


def test_classes_then_names_in_russian_order_with_the_marks(uow, roster):
    event = create_event(uow, EventData(title="Проба", category="bvb_trial", starts_on=DAY, target_grades="7",
                                        hours=2))
    borisov = roster.students[("7Б", "Борисов Борис")]
    save_attendance(uow, event, [AttendanceMark(borisov, "attended", result="prize", competence="Сварщик",
                                                hours=3)])
    sheet = load_attendance(uow, event)
    assert [c.label for c in sheet.classes] == ["7А", "7Б", "8В", "10А"]
    assert [(r.class_label, r.full_name) for r in sheet.rows] == [
        ("7А", "Петров Пётр Петрович"), ("7А", "Ушедший Позже"), ("7А", "Ушедший Раньше"),
        ("7Б", "Борисов Борис"), ("7Б", "де Кастро Мария"), ("7Б", "Елкин Иван"), ("7Б", "Ёлкин Иван")]
    marked = next(r for r in sheet.rows if r.student_id == borisov)
    assert (marked.status, marked.result, marked.competence, marked.hours) == ("attended", "prize", "Сварщик", 3.0)
    assert all(r.status is None and r.competence == "" and r.hours is None
               for r in sheet.rows if r.student_id != borisov)
    assert next(r for r in sheet.rows if r.full_name == "Ёлкин Иван").search_text == "елкин иван"


def test_who_left_before_the_event_is_off_the_list_unless_marked(uow, roster):
    leave(uow, roster, "Ушедший Раньше", DAY - dt.timedelta(days=1))
    leave(uow, roster, "Ушедший Позже", DAY)
    event = create_event(uow, EventData(title="Классный час", category="class_hour", starts_on=DAY,
                                        target_grades="7"))
    names = [r.full_name for r in load_attendance(uow, event, class_ids=[roster.classes["7А"]]).rows]
    assert names == ["Петров Пётр Петрович", "Ушедший Позже"]
    early = roster.students[("7А", "Ушедший Раньше")]
    with uow:   # marked before he left (or by the import of a sign-in sheet): he stays on the list
        uow.session.add(Participation(event_id=event, student_id=early, status="attended"))
        uow.commit()
    rows = {r.full_name: r for r in load_attendance(uow, event, class_ids=[roster.classes["7А"]]).rows}
    assert rows["Ушедший Раньше"].status == "attended"


def test_marks_of_classes_not_shown_decide_the_default_and_stay_in_the_database(uow, roster):
    event = create_event(uow, EventData(title="Проба", category="bvb_trial", starts_on=DAY, target_grades="7"))
    ivanov, yashin = roster.students[("8В", "Иванов Иван Иванович")], roster.students[("10А", "Яшин Лев")]
    save_attendance(uow, event, [AttendanceMark(ivanov, "absent"), AttendanceMark(yashin, "attended")])
    sheet = load_attendance(uow, event)
    assert [c.label for c in sheet.classes if c.selected] == ["7А", "7Б", "8В", "10А"]
    only_7a = load_attendance(uow, event, class_ids=[roster.classes["7А"]])
    assert {r.class_label for r in only_7a.rows} == {"7А"}
    save_attendance(uow, event, [AttendanceMark(r.student_id, "attended") for r in only_7a.rows])
    with uow:
        kept = dict(uow.session.execute(select(Participation.student_id, Participation.status)
                                        .where(Participation.event_id == event,
                                               Participation.student_id.in_([ivanov, yashin]))).all())
    assert kept == {ivanov: "absent", yashin: "attended"}


def test_a_class_teacher_gets_their_class_only(database, uow, roster):
    staff = make_homeroom_teacher(uow, roster.classes["7Б"])
    event = create_event(uow, EventData(title="Проба", category="bvb_trial", starts_on=DAY, target_grades="7-8"))
    save_attendance(uow, event, [AttendanceMark(roster.students[("7А", "Петров Пётр Петрович")], "attended")])
    teacher = UnitOfWork(database, make_actor(Role.CLASS_TEACHER, staff_id=staff))
    sheet = load_attendance(teacher, event)
    assert [c.label for c in sheet.classes] == ["7Б"]
    assert {r.class_label for r in sheet.rows} == {"7Б"} and len(sheet.rows) == 4
    asked = load_attendance(teacher, event, class_ids=[roster.classes["7А"], roster.classes["7Б"]])
    assert {r.class_label for r in asked.rows} == {"7Б"}
