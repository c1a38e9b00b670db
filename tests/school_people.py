"""Small builders of a school's people for the tests of accounts, consultations, consent and retention."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from app.models import Consultation, ConsultationNote, Enrollment, Event, Participation, SchoolClass, Staff, Student
from app.models import consultation_student
from app.services.calendar import get_or_create_year, set_current_year


@dataclass
class People:
    year: int
    class_ids: dict[str, int] = field(default_factory=dict)
    student_ids: dict[str, int] = field(default_factory=dict)
    staff_ids: dict[str, int] = field(default_factory=dict)


def build_school(database, *, year: int = 2026, students: dict[str, str] | None = None) -> People:
    """Students by surname -> class label ("7А"); a psychologist and the 7А homeroom teacher."""
    students = students or {"Иванов": "7А", "Петрова": "7А", "Сидоров": "8Б", "Ёлкина": "8Б"}
    people = People(year=year)
    with database.session() as session:
        y = get_or_create_year(session, year)
        set_current_year(session, year)
        psych = Staff(last_name="Смирнова", first_name="Анна", patronymic="Петровна", position="педагог-психолог")
        teacher = Staff(last_name="Кузнецова", first_name="Ольга", position="классный руководитель")
        session.add_all([psych, teacher])
        session.flush()
        people.staff_ids = {"psychologist": psych.id, "teacher": teacher.id}
        for surname, label in students.items():
            if label not in people.class_ids:
                cls = SchoolClass(year_id=y.id, grade=int(label[:-1]), letter=label[-1],
                                  homeroom_teacher_id=teacher.id if label == "7А" else None)
                session.add(cls)
                session.flush()
                people.class_ids[label] = cls.id
            student = Student(last_name=surname, first_name="Тест", patronymic="Тестович",
                              birth_date=dt.date(2013, 5, 1), has_ovz=surname == "Петрова")
            session.add(student)
            session.flush()
            session.add(Enrollment(student_id=student.id, year_id=y.id, class_id=people.class_ids[label]))
            people.student_ids[surname] = student.id
        session.commit()
    return people


def add_consultation(database, people: People, surnames: list[str], *, held_on: dt.date, note: str = "",
                     follow_up_on: dt.date | None = None) -> int:
    with database.session() as session:
        c = Consultation(held_on=held_on, specialist_id=people.staff_ids["psychologist"],
                         kind="individual" if len(surnames) == 1 else "group", requested_by="parent",
                         follow_up_on=follow_up_on)
        session.add(c)
        session.flush()
        for s in surnames:
            session.execute(consultation_student.insert().values(consultation_id=c.id,
                                                                 student_id=people.student_ids[s]))
        if note:
            from app.services.accounts.notes_keys import encrypt_note
            from tests.conftest import TEST_NOTES_KEY
            session.add(ConsultationNote(consultation_id=c.id, text=encrypt_note(TEST_NOTES_KEY, c.id, note)))
        session.commit()
        return c.id


def add_attendance(database, people: People, surnames: list[str], *, on: dt.date, category: str = "excursion") -> int:
    with database.session() as session:
        event = Event(title="Экскурсия на завод", category=category, starts_on=on, hours=2.0)
        session.add(event)
        session.flush()
        for s in surnames:
            session.add(Participation(event_id=event.id, student_id=people.student_ids[s], status="attended"))
        session.commit()
        return event.id


@pytest.fixture
def fast_hashing(monkeypatch):
    """Real Argon2id with small parameters so that tests creating many accounts stay fast; the
    program's own parameters are checked by test_accounts.test_production_parameters."""
    from argon2 import PasswordHasher

    from app.services.accounts import accounts, notes_keys
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(notes_keys, "KDF", "argon2id t=1 m=1024 p=1")
