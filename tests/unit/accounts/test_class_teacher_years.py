"""A class teacher reaches pupils only through their own class *in the year asked for* (issue 16): passing a
year in which a pupil of another class was not enrolled (or was enrolled elsewhere) gives nothing of that
pupil — for every service that takes a year and is open to a class teacher; the others refuse outright."""
from __future__ import annotations

import datetime as dt

import pytest

from app.models import AcademicYear, Club, ClubEnrollment, Enrollment, SchoolClass, Student
from app.services.access import Role
from app.services.errors import PermissionDenied
from app.services.events import clubs, events, graduates
from app.services.accounts import consent
from app.services.consultations import consultations
from app.services.indicators import compute
from app.services.indicators.students import students_behind
from app.services.record.student_record import student_record
from app.services.school.staff import list_staff
from app.services.students.classes import list_classes
from app.services.students.students import get_student, list_students
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.school_people import build_school

OTHER_YEAR = 2025


@pytest.fixture
def school(database):
    """2026: Иванов, Петрова in the teacher's 7А; Сидоров, Ёлкина in 8Б. 2025: Сидоров in 7Б (no teacher of
    ours); Новиков, enrolled in no year at all; a club with Сидоров in 2026."""
    people = build_school(database)
    with database.session() as s:
        y = AcademicYear(start_year=OTHER_YEAR, is_current=False)
        s.add(y)
        s.flush()
        other = SchoolClass(year_id=y.id, grade=7, letter="Б")
        s.add(other)
        s.flush()
        s.add(Enrollment(student_id=people.student_ids["Сидоров"], year_id=y.id, class_id=other.id))
        lone = Student(last_name="Новиков", first_name="Тест", patronymic="", birth_date=dt.date(2012, 1, 1))
        s.add(lone)
        club = Club(name="Робототехника")
        s.add(club)
        s.flush()
        year_2026 = s.query(AcademicYear).filter_by(start_year=people.year).one()
        s.add(ClubEnrollment(club_id=club.id, student_id=people.student_ids["Сидоров"], year_id=year_2026.id))
        s.add(ClubEnrollment(club_id=club.id, student_id=people.student_ids["Сидоров"], year_id=y.id))
        s.commit()
        people.student_ids["Новиков"] = lone.id
        people.club_id = club.id
    return people


@pytest.fixture
def teacher(database, school):
    return lambda: UnitOfWork(database, make_actor(Role.CLASS_TEACHER, staff_id=school.staff_ids["teacher"]))


@pytest.mark.parametrize("year", [2026, OTHER_YEAR, 2024])
@pytest.mark.parametrize("surname", ["Сидоров", "Ёлкина", "Новиков"])
def test_another_class_s_pupil_is_out_of_reach_in_every_year(teacher, school, surname, year):
    pupil = school.student_ids[surname]
    with pytest.raises(PermissionDenied):
        get_student(teacher(), pupil, start_year=year)
    assert pupil not in {r.id for r in list_students(teacher(), start_year=year)}
    assert pupil not in {c.student_id for c in clubs.year_students(teacher(), year)}
    assert pupil not in clubs.club_members(teacher(), school.club_id, year)


def test_a_pupil_enrolled_in_no_year_is_out_of_reach(teacher, school):
    with pytest.raises(PermissionDenied):
        student_record(teacher(), school.student_ids["Новиков"])
    with pytest.raises(PermissionDenied):
        student_record(teacher(), school.student_ids["Сидоров"])


def test_own_pupils_are_reachable_in_their_year_only(teacher, school):
    ivanov = school.student_ids["Иванов"]
    details = get_student(teacher(), ivanov, start_year=2026)
    assert details.last_name == "Иванов" and details.has_ovz is False
    assert {r.last_name for r in list_students(teacher(), start_year=2026)} == {"Иванов", "Петрова"}
    assert student_record(teacher(), ivanov).student_id == ivanov
    with pytest.raises(PermissionDenied):
        get_student(teacher(), ivanov, start_year=OTHER_YEAR)     # not enrolled that year: not «their» pupil
    assert list_students(teacher(), start_year=OTHER_YEAR) == []
    assert [c.label for c in list_classes(teacher(), start_year=OTHER_YEAR)] == []
    assert [c.label for c in list_classes(teacher(), start_year=2026)] == ["7А"]


def test_services_closed_to_a_class_teacher_refuse_any_year(teacher, school):
    for year in (2026, OTHER_YEAR):
        for call in (lambda: consultations.students_to_choose(teacher(), year=year),
                     lambda: consultations.list_consultations(teacher(), year=year),
                     lambda: graduates.list_graduates(teacher(), year),
                     lambda: consent.consent_register(teacher(), year=year),
                     lambda: compute.compute_set(teacher(), set_code="kaliningrad-school", year=year),
                     lambda: students_behind(teacher(), set_code="profminimum", indicator_code="P1", year=year)):
            with pytest.raises(PermissionDenied):
                call()


def test_what_a_class_teacher_may_list_by_year_names_no_pupil(teacher, school):
    # Classes, staff and events of a year carry no pupil's data.
    for year in (2026, OTHER_YEAR):
        assert all(not hasattr(c, "birth_date") for c in events.class_choices(teacher(), year))
        names = {r.full_name for r in list_staff(teacher(), start_year=year)}
        assert not names & {"Сидоров Тест Тестович", "Ёлкина Тест Тестович"}
        assert isinstance(events.list_events(teacher(), year=year), list)
