"""The students list as the tab loads it (students.student_table, then student_hours), on SQLite and on
PostgreSQL: Russian order by class and name, the fields the table shows, «выбыл» and graduates, health
flags under a withdrawn consent, and a class teacher who sees only their own classes and their hours."""
from __future__ import annotations

import datetime as dt

import pytest

from app.models import AcademicYear, Consent, Enrollment, Event, Participation, SchoolClass, Staff, Student
from app.services.access import Role
from app.services.accounts.consent import withdrawn_consent_ids
from app.services.students.students import FIELD, StudentRow, list_students, student_hours, student_table
from app.services.uow import UnitOfWork
from tests.conftest import make_actor

YEAR = 2025


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database


@pytest.fixture
def school(database):
    """Classes 10А, 9Б, 9А (stored out of order) and a class of the year before; names that sort wrongly
    by code point («де Кастро» lower-case, «Ёлкин» beside «Елкин»); one student left, one graduated."""
    ids: dict[str, int] = {}
    with database.session() as s:
        before, year = AcademicYear(start_year=YEAR - 1, is_current=False), AcademicYear(start_year=YEAR,
                                                                                         is_current=True)
        teacher = Staff(last_name="Павлова", first_name="Ольга")
        s.add_all([before, year, teacher])
        s.flush()
        ids["teacher"] = teacher.id
        classes = {}
        for label, year_id, homeroom in (("10А", year.id, teacher.id), ("9Б", year.id, teacher.id),
                                         ("9А", year.id, None), ("8А", before.id, None)):
            c = SchoolClass(year_id=year_id, grade=int(label[:-1]), letter=label[-1], homeroom_teacher_id=homeroom)
            s.add(c)
            s.flush()
            classes[label] = ids[label] = c.id
        pupils = [("Ёлкин", "Иван", "Петрович", "9А"), ("Елкин", "Иван", "Петрович", "9А"),
                  ("де Кастро", "Мария", "", "9А"), ("Борисов", "Олег", "Ильич", "9А"),
                  ("Ежова", "Анна", "Сергеевна", "9Б"), ("Абрамов", "Пётр", "Ильич", "10А"),
                  ("Ушедший", "Кирилл", "Олегович", "10А"), ("Выпускник", "Денис", "Ильич", "10А")]
        for last, first, patronymic, label in pupils:
            student = Student(last_name=last, first_name=first, patronymic=patronymic, birth_date=dt.date(2010, 1, 2),
                              has_ovz=last == "Ежова", has_disability=last == "Борисов",
                              left_on=dt.date(YEAR, 12, 1) if last == "Ушедший" else
                              dt.date(YEAR + 1, 6, 30) if last == "Выпускник" else None)
            s.add(student)
            s.flush()
            ids[last] = student.id
            s.add(Enrollment(student_id=student.id, year_id=year.id, class_id=classes[label],
                             is_graduate=last == "Выпускник"))
        # Last year's class: Борисов studied in 8А, which is not this year's list.
        s.add(Enrollment(student_id=ids["Борисов"], year_id=before.id, class_id=classes["8А"]))
        events = {}
        for key, day, hours in (("this", dt.date(YEAR, 10, 1), 2.0), ("also", dt.date(YEAR + 1, 3, 1), 1.5),
                                ("last_year", dt.date(YEAR, 5, 1), 7.0)):
            e = Event(title=f"Мероприятие {key}", category="excursion", starts_on=day, hours=hours)
            s.add(e)
            s.flush()
            events[key] = e.id
        s.add_all([Participation(event_id=events["this"], student_id=ids["Борисов"], status="attended"),
                   Participation(event_id=events["also"], student_id=ids["Борисов"], status="attended", hours=4.0),
                   Participation(event_id=events["last_year"], student_id=ids["Борисов"], status="attended"),
                   Participation(event_id=events["this"], student_id=ids["Ежова"], status="attended"),
                   Participation(event_id=events["also"], student_id=ids["Абрамов"], status="absent"),
                   Participation(event_id=events["this"], student_id=ids["Абрамов"], status="attended")])
        s.commit()
    return ids


def test_rows_by_class_then_name_in_russian_order(uow, school):
    rows = list_students(uow, start_year=YEAR)
    assert [(r.class_label, r.full_name) for r in rows] == [
        ("9А", "Борисов Олег Ильич"), ("9А", "де Кастро Мария"), ("9А", "Елкин Иван Петрович"),
        ("9А", "Ёлкин Иван Петрович"), ("9Б", "Ежова Анна Сергеевна"), ("10А", "Абрамов Пётр Ильич"),
        ("10А", "Выпускник Денис Ильич"), ("10А", "Ушедший Кирилл Олегович")]
    assert [r.class_rank for r in rows] == [0, 0, 0, 0, 1, 2, 2, 2]


def test_the_fields_the_table_shows(uow, school):
    rows = {r.last_name: r for r in list_students(uow, start_year=YEAR)}
    kastro = rows["де Кастро"]
    assert (kastro.full_name, kastro.search_text, kastro.casefolded) == (
        "де Кастро Мария", "де кастро мария", "де кастро мария")          # no patronymic, no trailing space
    assert rows["Ёлкин"].search_text == "елкин иван петрович" and rows["Ёлкин"].casefolded == "ёлкин иван петрович"
    assert (rows["Ежова"].class_id, rows["Ежова"].grade, rows["Ежова"].birth_date) == (
        school["9Б"], 9, dt.date(2010, 1, 2))
    assert rows["Ежова"].has_ovz is True and rows["Ежова"].has_disability is False
    assert rows["Ушедший"].has_left and rows["Ушедший"].left_on == dt.date(YEAR, 12, 1)
    graduate = rows["Выпускник"]
    assert graduate.is_graduate and not graduate.has_left           # leaves at the year's end, still counted
    assert not rows["Борисов"].has_left and not rows["Борисов"].is_graduate
    # This year's participations that were attended, the participation's own hours over the event's.
    assert (rows["Борисов"].hours, rows["Ежова"].hours, rows["Абрамов"].hours, rows["Ёлкин"].hours) == (
        6.0, 2.0, 2.0, 0.0)


def test_the_tab_s_tuples_are_the_same_rows_and_the_hours_come_apart(uow, school):
    named = list_students(uow, start_year=YEAR)
    plain = student_table(uow, start_year=YEAR)
    assert all(type(t) is tuple for t in plain)                    # not objects the collector must track
    assert [StudentRow._make(t) for t in plain] == named
    without = student_table(uow, start_year=YEAR, hours=False)
    assert {t[FIELD["hours"]] for t in without} == {None}
    assert [t[:FIELD["hours"]] + t[FIELD["hours"] + 1:] for t in without] == [
        t[:FIELD["hours"]] + t[FIELD["hours"] + 1:] for t in plain]
    hours = student_hours(uow, start_year=YEAR)
    assert {r.id: r.hours for r in named} == {r.id: hours.get(r.id, 0.0) for r in named}
    assert student_table(uow, start_year=YEAR + 5) == [] and student_hours(uow, start_year=YEAR + 5) == {}


def test_one_class_asked_for(uow, school):
    rows = list_students(uow, start_year=YEAR, class_id=school["9А"])
    assert {r.class_label for r in rows} == {"9А"} and len(rows) == 4
    assert student_hours(uow, start_year=YEAR, class_id=school["9А"]) == {school["Борисов"]: 6.0}


def test_a_class_teacher_sees_only_their_classes_and_their_hours(database, school):
    teacher = UnitOfWork(database, make_actor(Role.CLASS_TEACHER, staff_id=school["teacher"]))
    rows = list_students(teacher, start_year=YEAR)
    assert [r.class_label for r in rows] == ["9Б", "10А", "10А", "10А"]
    assert all(r.has_ovz is None and r.has_disability is None for r in rows)     # no right to health flags
    # Two classes of theirs: the hours of those students only, never Борисов's in 9А.
    assert student_hours(teacher, start_year=YEAR) == {school["Ежова"]: 2.0, school["Абрамов"]: 2.0}
    nobody = UnitOfWork(database, make_actor(Role.CLASS_TEACHER, staff_id=None))
    assert list_students(nobody, start_year=YEAR) == [] and student_hours(nobody, start_year=YEAR) == {}


def test_a_withdrawn_consent_hides_health_flags_until_a_newer_paper(database, uow, school):
    with database.session() as s:
        s.add_all([
            # Ежова: given, then withdrawn — hidden.
            Consent(student_id=school["Ежова"], received_on=dt.date(YEAR, 9, 1), withdrawn_on=dt.date(YEAR, 10, 1)),
            # Борисов: withdrawn, then a new paper — shown again.
            Consent(student_id=school["Борисов"], received_on=dt.date(YEAR, 9, 1), withdrawn_on=dt.date(YEAR, 9, 5)),
            Consent(student_id=school["Борисов"], received_on=dt.date(YEAR, 9, 10)),
            # Абрамов: two papers on one day, the later recorded one withdrawn — hidden.
            Consent(student_id=school["Абрамов"], received_on=dt.date(YEAR, 9, 1)),
            Consent(student_id=school["Абрамов"], received_on=dt.date(YEAR, 9, 1), withdrawn_on=dt.date(YEAR, 9, 2)),
        ])
        s.commit()
    with uow:
        assert withdrawn_consent_ids(uow.session) == {school["Ежова"], school["Абрамов"]}
    rows = {r.last_name: r for r in list_students(uow, start_year=YEAR)}
    assert rows["Ежова"].has_ovz is None and rows["Абрамов"].has_disability is None
    assert rows["Борисов"].has_disability is True and rows["Ёлкин"].has_ovz is False
