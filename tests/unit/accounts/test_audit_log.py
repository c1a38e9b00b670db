"""The audit log records, is shown and exported to the administrator, and cannot be changed."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import sqlalchemy.exc
from openpyxl import load_workbook
from sqlalchemy import delete, select, update

from app.models import AuditEntry
from app.services.accounts import accounts
from app.services.accounts import audit
from app.services.consultations import consultations
from app.services.access import Role
from app.services.errors import UserError
from app.services.files.export_safety import PERSONAL_DATA_NOTICE
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.school_people import add_consultation, build_school
from tests.school_people import fast_hashing  # noqa: F401 - fixture


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database

pytestmark = pytest.mark.usefixtures("fast_hashing")

ROOT = Path(__file__).resolve().parents[3]


def test_records_logins_views_exports_and_changes(database, tmp_path):
    people = build_school(database)
    admin = accounts.create_first_administrator(database, login="admin", password="Пароль-админа-1")
    accounts.login(database, "admin", "Пароль-админа-1")
    with pytest.raises(UserError):
        accounts.login(database, "admin", "не тот пароль")
    cid = add_consultation(database, people, ["Иванов"], held_on=dt.date(2026, 10, 1), note="x")
    consultations.read_note(UnitOfWork(database, make_actor(Role.PSYCHOLOGIST)), cid)
    consultations.delete_consultation(UnitOfWork(database, make_actor(Role.PSYCHOLOGIST)), cid)
    uow = UnitOfWork(database, admin)
    audit.export_audit_xlsx(uow, tmp_path / "first.xlsx")
    labels = [r.action_label for r in audit.list_audit(uow)]
    for expected in ("вход в программу", "неудачная попытка входа", "просмотр консультации",
                     "удалена консультация", "выгрузка журнала аудита", "создан первый администратор"):
        assert expected in labels
    assert [r.action for r in audit.list_audit(uow, action_prefix="login.")] == ["login.failed", "login.ok"]
    assert audit.list_audit(uow, date_from=dt.date.today() + dt.timedelta(days=1)) == []


def test_export_is_marked_and_formula_safe(database, tmp_path):
    admin = accounts.create_first_administrator(database, login="admin", password="Пароль-админа-1")
    # An unknown login is not logged (issue 16), so the hostile text comes from a real account's login.
    accounts.create_user(UnitOfWork(database, admin), login="=cmd|'/c", password="Пароль-хитреца-1",
                         role=Role.DEPUTY)
    accounts.login(database, "=cmd|'/c", "Пароль-хитреца-1")
    with pytest.raises(UserError):
        accounts.login(database, "=hyperlink(1)", "whatever-pass")
    path = tmp_path / "audit.xlsx"
    count = audit.export_audit_xlsx(UnitOfWork(database, admin), path)
    sheet = load_workbook(path).active
    assert sheet["A1"].value == PERSONAL_DATA_NOTICE
    assert sheet["C4"].value == "Действие" and count == sheet.max_row - 4
    logins = [sheet.cell(r, 2) for r in range(5, sheet.max_row + 1)]
    hostile = [c for c in logins if str(c.value).startswith("=")]
    assert hostile and all(c.data_type == "s" for c in hostile)


def test_the_database_refuses_to_change_the_log(database):
    with UnitOfWork(database, make_actor(Role.ADMIN)) as uow:
        uow.audit("test.entry", details="исходное")
        uow.commit()
    for statement in (update(AuditEntry).values(details="подделка"), delete(AuditEntry)):
        with database.session() as session, pytest.raises(sqlalchemy.exc.DatabaseError, match="Журнал аудита"):
            session.execute(statement)
            session.commit()
    with database.session() as session:
        assert session.scalar(select(AuditEntry.details).where(AuditEntry.action == "test.entry")) == "исходное"


def test_no_code_of_the_program_changes_the_log():
    """Besides the migration's triggers, nothing in app/ issues UPDATE or DELETE on the audit log."""
    pattern = re.compile(r"(update|delete)\s*\(\s*AuditEntry|(UPDATE|DELETE\s+FROM)\s+audit_log|"
                         r"session\.delete\([^)]*audit", re.IGNORECASE)
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "app").rglob("*.py") if pattern.search(p.read_text("utf-8"))]
    assert offenders == []
    migration = (ROOT / "migrations" / "versions" / "0001_initial_schema.py").read_text("utf-8")
    assert "audit_log_no_update" in migration and "audit_log_no_delete" in migration
