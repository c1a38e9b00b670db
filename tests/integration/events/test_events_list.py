"""The events list on SQLite and on PostgreSQL: the marks counted for the events listed, and the class
filter — a class is of one year, so it keeps that year's events meant for its grade or attended by its
students, never another year's event its students took part in while in another class."""
from __future__ import annotations

import datetime as dt

import pytest

from app.models import AcademicYear, Enrollment, Participation, SchoolClass, Student
from app.services.events.events import EventData, create_event, list_events


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database


@pytest.fixture
def school(database, uow):
    ids: dict[str, int] = {}
    with database.session() as s:
        years = {y: AcademicYear(start_year=y, is_current=y == 2026) for y in (2025, 2026)}
        s.add_all(years.values())
        s.flush()
        for label, year in (("6А", 2025), ("7А", 2026), ("9А", 2026)):
            c = SchoolClass(year_id=years[year].id, grade=int(label[0]), letter=label[1])
            s.add(c)
            s.flush()
            ids[label] = c.id
        pupil, other = Student(last_name="Волков", first_name="Олег"), Student(last_name="Жуков", first_name="Иван")
        s.add_all([pupil, other])
        s.flush()
        ids["pupil"], ids["other"] = pupil.id, other.id
        s.add_all([Enrollment(student_id=pupil.id, year_id=years[2025].id, class_id=ids["6А"]),
                   Enrollment(student_id=pupil.id, year_id=years[2026].id, class_id=ids["7А"]),
                   Enrollment(student_id=other.id, year_id=years[2026].id, class_id=ids["9А"])])
        s.commit()
    for key, day, grades in (("last_year", dt.date(2025, 10, 1), "9"), ("for_nines", dt.date(2026, 10, 15), "9"),
                             ("for_sevens", dt.date(2026, 11, 20), "7"), ("for_all", dt.date(2027, 2, 1), "")):
        ids[key] = create_event(uow, EventData(title=f"Мероприятие {key}", category="excursion", starts_on=day,
                                               target_grades=grades))
    with database.session() as s:
        s.add_all([Participation(event_id=ids["last_year"], student_id=ids["pupil"], status="attended"),
                   Participation(event_id=ids["for_nines"], student_id=ids["pupil"], status="attended"),
                   Participation(event_id=ids["for_nines"], student_id=ids["other"], status="absent")])
        s.commit()
    return ids


def test_marks_counted_for_each_event_listed(uow, school):
    rows = {r.id: r for r in list_events(uow, year=2026)}
    assert set(rows) == {school["for_nines"], school["for_sevens"], school["for_all"]}
    assert (rows[school["for_nines"]].participants, rows[school["for_nines"]].marked) == (1, 2)
    assert (rows[school["for_sevens"]].participants, rows[school["for_sevens"]].marked) == (0, 0)
    everything = {r.id: r for r in list_events(uow)}
    assert (everything[school["last_year"]].participants, everything[school["for_nines"]].marked) == (1, 2)
    assert [r.id for r in list_events(uow, category="excursion", month=10)] == [school["for_nines"],
                                                                               school["last_year"]]


def test_a_class_keeps_its_year_s_events_for_its_grade_or_its_students(uow, school):
    sevens = [school["for_all"], school["for_sevens"], school["for_nines"]]   # newest first
    assert [r.id for r in list_events(uow, year=2026, class_id=school["7А"])] == sevens
    # Its student went to last year's event from 6А: that is 6А's, not 7А's.
    assert [r.id for r in list_events(uow, class_id=school["7А"])] == sevens
    assert [r.id for r in list_events(uow, class_id=school["6А"])] == [school["last_year"]]
    assert [r.id for r in list_events(uow, year=2026, class_id=school["9А"])] == [school["for_all"],
                                                                                  school["for_nines"]]
