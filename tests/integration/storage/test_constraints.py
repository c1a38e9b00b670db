"""The database itself refuses bad rows, whatever code tries to write them."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.models import (AcademicYear, AuditEntry, Enrollment, Event, Participation, Partner, SchoolClass,
                        Student)


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database


def _year(session, start=2025):
    year = AcademicYear(start_year=start)
    session.add(year)
    session.flush()
    return year


def _rejects(uow, *rows):
    with uow:
        uow.session.add_all(rows)
        with pytest.raises(IntegrityError):
            uow.session.flush()


def test_grade_must_be_1_to_11(uow):
    with uow:
        year = _year(uow.session)
        uow.commit()
    _rejects(uow, SchoolClass(year_id=year.id, grade=12, letter="А"))
    _rejects(uow, SchoolClass(year_id=year.id, grade=0, letter="А"))


def test_class_is_unique_in_a_year(uow):
    with uow:
        year = _year(uow.session)
        uow.session.add(SchoolClass(year_id=year.id, grade=5, letter="А"))
        uow.commit()
    _rejects(uow, SchoolClass(year_id=year.id, grade=5, letter="А"))


def test_one_enrolment_per_student_per_year_and_class_of_that_year(uow):
    with uow:
        y1, y2 = _year(uow.session, 2024), _year(uow.session, 2025)
        c1 = SchoolClass(year_id=y1.id, grade=5, letter="А")
        c2 = SchoolClass(year_id=y2.id, grade=6, letter="А")
        c3 = SchoolClass(year_id=y2.id, grade=6, letter="Б")
        s = Student(last_name="Иванов", first_name="Иван")
        uow.session.add_all([c1, c2, c3, s])
        uow.session.flush()
        uow.session.add(Enrollment(student_id=s.id, year_id=y2.id, class_id=c2.id))
        uow.commit()
        ids = (s.id, y1.id, y2.id, c1.id, c3.id)
    sid, y1id, y2id, c1id, c3id = ids
    _rejects(uow, Enrollment(student_id=sid, year_id=y2id, class_id=c3id))   # a second class the same year
    _rejects(uow, Enrollment(student_id=sid, year_id=y1id, class_id=c3id))   # a class of another year


def test_student_listed_once_per_event_and_statuses_checked(uow):
    with uow:
        s = Student(last_name="Петрова", first_name="Анна")
        e = Event(title="Экскурсия", category="excursion", starts_on=dt.date(2025, 10, 1))
        uow.session.add_all([s, e])
        uow.session.flush()
        uow.session.add(Participation(event_id=e.id, student_id=s.id, status="attended"))
        uow.commit()
        sid, eid = s.id, e.id
    _rejects(uow, Participation(event_id=eid, student_id=sid, status="attended"))
    with uow:
        s2 = Student(last_name="Сидоров")
        uow.session.add(s2)
        uow.commit()
        s2id = s2.id
    _rejects(uow, Participation(event_id=eid, student_id=s2id, status="пришёл"))


def test_event_checks(uow):
    _rejects(uow, Event(title="Х", category="unknown", starts_on=dt.date(2025, 10, 1)))
    _rejects(uow, Event(title="Х", category="fair", starts_on=dt.date(2025, 10, 2), ends_on=dt.date(2025, 10, 1)))
    _rejects(uow, Event(title="Х", category="fair", starts_on=dt.date(2025, 10, 2), organizer_type="шарага"))
    _rejects(uow, Event(title="  ", category="fair", starts_on=dt.date(2025, 10, 2)))


def test_foreign_keys_are_enforced(uow):
    _rejects(uow, Participation(event_id=999, student_id=999, status="attended"))
    _rejects(uow, Partner(name="Колледж", type="college"))


def test_audit_log_is_append_only(uow):
    with uow:
        uow.audit("login", details="вход")
        uow.commit()
    with uow:
        from sqlalchemy.exc import DatabaseError
        with pytest.raises(DatabaseError, match="Журнал аудита нельзя изменять"):
            uow.session.execute(text("UPDATE audit_log SET action='x'"))
    with uow:
        with pytest.raises(Exception, match="Журнал аудита нельзя изменять"):
            uow.session.execute(text("DELETE FROM audit_log"))
    with uow:
        assert uow.session.query(AuditEntry).count() == 1


def test_pragmas_on_every_connection(database):
    if database.dialect != "sqlite":
        pytest.skip("SQLite's pragmas; PostgreSQL enforces foreign keys and durability itself")
    with database.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2   # FULL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        assert conn.exec_driver_sql("PRAGMA secure_delete").scalar() == 1


def test_unit_of_work_rolls_back_without_commit(uow):
    with uow:
        uow.session.add(Student(last_name="Невидимкин"))
        uow.session.flush()
    with uow:
        assert uow.session.query(Student).count() == 0


def test_nested_unit_of_work_commits_once_at_the_outermost_level(uow):
    with uow:
        with uow:
            uow.session.add(Student(last_name="Вложенный"))
            uow.commit()          # inner: only a flush
        # the outer block ends without commit: nothing stays
    with uow:
        assert uow.session.query(Student).count() == 0
