"""Consent register: marking many, the list to chase, withdrawal hides health flags, the export."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from app.services.accounts import consent
from app.services.access import Role
from app.services.errors import UserError
from app.services.files.export_safety import PERSONAL_DATA_NOTICE
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.school_people import build_school


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database


def test_mark_many_list_missing_and_withdraw(database):
    people = build_school(database)
    s = people.student_ids
    uow = UnitOfWork(database, make_actor(Role.COORDINATOR))
    assert len(consent.consent_register(uow, year=2026, only_missing=True)) == 4
    assert consent.mark_received(uow, [s["Иванов"], s["Петрова"]], received_on=dt.date(2026, 9, 1)) == 2
    assert consent.mark_received(uow, [s["Иванов"]], received_on=dt.date(2026, 9, 2)) == 0
    missing = consent.consent_register(uow, year=2026, only_missing=True)
    assert [r.student_name.split()[0] for r in missing] == ["Ёлкина", "Сидоров"]
    assert {r.status for r in missing} == {"нет согласия"}
    with pytest.raises(UserError, match="раньше даты получения"):
        consent.record_withdrawal(uow, s["Петрова"], withdrawn_on=dt.date(2026, 8, 1))
    consent.record_withdrawal(uow, s["Петрова"], withdrawn_on=dt.date(2026, 10, 1))
    with database.session() as session:
        assert consent.withdrawn_consent_ids(session) == {s["Петрова"]}
    with UnitOfWork(database, make_actor(Role.DEPUTY)) as deputy:
        shown = consent.health_shown(deputy)
        assert not shown(s["Петрова"]) and shown(s["Иванов"])
    with UnitOfWork(database, make_actor(Role.CLASS_TEACHER)) as teacher:
        assert not consent.health_shown(teacher)(s["Иванов"])
    # A new paper after the withdrawal makes the consent valid again.
    consent.mark_received(uow, [s["Петрова"]], received_on=dt.date(2026, 11, 1))
    with database.session() as session:
        assert consent.withdrawn_consent_ids(session) == set()


def test_export_of_students_without_consent(database, tmp_path):
    people = build_school(database, students={"=HYPERLINK(\"x\")": "7А", "Петров": "7А"})
    path = tmp_path / "без согласия.xlsx"
    uow = UnitOfWork(database, make_actor(Role.COORDINATOR))
    consent.mark_received(uow, [people.student_ids["Петров"]], received_on=dt.date(2026, 9, 1))
    assert consent.export_register_xlsx(uow, path, year=2026) == 1
    sheet = load_workbook(path).active
    assert sheet["A1"].value == PERSONAL_DATA_NOTICE
    assert sheet["B5"].value.startswith("=HYPERLINK") and sheet["B5"].data_type == "s"
    assert sheet["D5"].value == "нет согласия" and sheet["B6"].value is None
