"""The unit of work reports, on commit, the kinds of data it wrote — and nothing when it rolled back."""
from __future__ import annotations

import pytest
from sqlalchemy import insert, update

from app.models import Base, Participation, Staff
from app.services.errors import UserError
from app.services.school.staff import StaffDetails, save_staff
from app.services.uow import TABLE_CHANGES, Change, UnitOfWork
from tests.small_school import build_small_school


def test_every_table_has_a_kind_of_change():
    assert sorted(Base.metadata.tables) == sorted(TABLE_CHANGES)


def test_a_service_reports_what_it_wrote(database, admin):
    reported = []
    uow = UnitOfWork(database, admin, on_commit=reported.append)
    save_staff(uow, StaffDetails(last_name="Орлова", position="Педагог-психолог"))
    assert reported == [frozenset({Change.STAFF, Change.AUDIT})]
    assert uow.committed == {Change.STAFF, Change.AUDIT}


def test_reading_reports_nothing(database, admin):
    reported = []
    from app.services.school.staff import list_staff
    list_staff(UnitOfWork(database, admin, on_commit=reported.append))
    assert reported == []


def test_bulk_statements_are_seen(database, admin):
    school = build_small_school(database)
    reported = []
    uow = UnitOfWork(database, admin, on_commit=reported.append)
    with uow:
        uow.session.execute(update(Staff).values(phone="1"))
        uow.session.execute(insert(Participation.__table__),
                            [dict(event_id=school.events[next(iter(school.events))],
                                  student_id=school.students["Белова"], status="registered")])
        uow.commit()
    assert reported == [frozenset({Change.STAFF, Change.PARTICIPATION})]


def test_what_is_written_past_the_session_counts_through_its_audit(database, admin):
    school = build_small_school(database)
    reported = []
    uow = UnitOfWork(database, admin, on_commit=reported.append)
    with uow:   # as the participation import does: Core executemany on the session's connection
        uow.session.connection().execute(insert(Participation.__table__),
                                         [dict(event_id=school.events[next(iter(school.events))],
                                               student_id=school.students["Белова"], status="registered")])
        uow.audit("participation.import", entity="participation")
        uow.commit()
    assert reported == [frozenset({Change.PARTICIPATION, Change.AUDIT})]


def test_a_rolled_back_unit_of_work_reports_nothing(database, admin):
    reported = []
    uow = UnitOfWork(database, admin, on_commit=reported.append)
    with pytest.raises(UserError):
        with uow:
            uow.session.add(Staff(last_name="Орлова"))
            uow.session.flush()
            raise UserError("передумали")
    save_staff(uow, StaffDetails(last_name="Белкин"))  # the same unit of work again: only the new write
    assert reported == [frozenset({Change.STAFF, Change.AUDIT})]
    with UnitOfWork(database, admin) as check:
        assert [s.last_name for s in check.session.query(Staff)] == ["Белкин"]


def test_a_nested_service_reports_once_at_the_outer_commit(database, admin):
    reported = []
    uow = UnitOfWork(database, admin, on_commit=reported.append)
    with uow:
        save_staff(uow, StaffDetails(last_name="Орлова"))
        assert reported == []   # inner commit only flushed
        uow.commit()
    assert reported == [frozenset({Change.STAFF, Change.AUDIT})]
