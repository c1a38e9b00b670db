"""Accounts: Argon2id, rehash, the first administrator only once, the growing delay, own password."""
from __future__ import annotations

import datetime as dt
import logging

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select

from app.models import AuditEntry, User
from app.services.accounts import accounts
from app.services.access import Role
from app.services.errors import UserError
from app.services.uow import UnitOfWork
from tests.school_people import fast_hashing  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database

PASSWORD = "Секретный-пароль-42"
NOW = dt.datetime(2026, 11, 24, 9, 0)


def _actions(database) -> list[tuple[str, str]]:
    with database.session() as s:
        return [(e.action, e.user_login) for e in s.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def test_first_administrator_only_while_no_account_exists(database):
    assert not accounts.users_exist(database)
    actor = accounts.create_first_administrator(database, login=" Admin ", password=PASSWORD, full_name="Иванова И.И.")
    assert actor.role is Role.ADMIN and actor.login == "admin" and not actor.can_read_notes
    assert accounts.users_exist(database)
    with pytest.raises(UserError, match="уже создан"):
        accounts.create_first_administrator(database, login="other", password=PASSWORD)
    with database.session() as s:
        stored = s.scalar(select(User.password_hash))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize("bad", ["", "кратко1", "aaaaaaaaaa", "ADMIN-LOGIN"])
def test_weak_passwords_are_refused(database, bad):
    with pytest.raises(UserError):
        accounts.create_first_administrator(database, login="admin-login", password=bad)
    assert not accounts.users_exist(database)


def test_login_right_and_wrong_are_audited(database):
    accounts.create_first_administrator(database, login="admin", password=PASSWORD)
    actor = accounts.login(database, "ADMIN", PASSWORD, now=NOW)
    assert actor.user_id is not None and actor.role is Role.ADMIN
    with pytest.raises(UserError, match="Неверное имя пользователя или пароль"):
        accounts.login(database, "admin", "wrong-password", now=NOW)
    with pytest.raises(UserError, match="Неверное имя пользователя или пароль"):
        accounts.login(database, "nobody", PASSWORD, now=NOW)
    # What was typed as an unknown login is never kept (it may be a password typed into the wrong field).
    assert _actions(database)[-3:] == [("login.ok", "admin"), ("login.failed", "admin"), ("login.failed", "")]


def test_delay_grows_after_five_wrong_attempts(database):
    accounts.create_first_administrator(database, login="admin", password=PASSWORD)
    for _ in range(4):
        with pytest.raises(UserError) as info:
            accounts.login(database, "admin", "wrong-password", now=NOW)
        assert "через" not in str(info.value)
    with pytest.raises(UserError, match="через 30 с"):
        accounts.login(database, "admin", "wrong-password", now=NOW)
    # Even the right password waits out the delay (the counter does not grow meanwhile).
    with pytest.raises(UserError, match="Повторите вход через"):
        accounts.login(database, "admin", PASSWORD, now=NOW + dt.timedelta(seconds=10))
    with pytest.raises(UserError, match="через 1 мин"):
        accounts.login(database, "admin", "wrong-password", now=NOW + dt.timedelta(seconds=31))
    # The delay survives a restart: it is in the database.
    with database.session() as s:
        user = s.scalar(select(User))
        assert user.failed_attempts == 6 and user.locked_until == NOW + dt.timedelta(seconds=91)
    later = NOW + dt.timedelta(seconds=92)
    assert accounts.login(database, "admin", PASSWORD, now=later).login == "admin"
    with database.session() as s:
        assert s.scalar(select(User.failed_attempts)) == 0
    assert [accounts.delay_after(n) for n in (4, 5, 6, 7, 30)] == [0, 30, 60, 120, accounts.MAX_DELAY_SECONDS]


def test_password_rehashed_when_parameters_change(database):
    accounts.create_first_administrator(database, login="admin", password=PASSWORD)
    weak = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    with database.session() as s:
        s.scalar(select(User)).password_hash = weak.hash(PASSWORD)
        s.commit()
    accounts.login(database, "admin", PASSWORD, now=NOW)
    with database.session() as s:
        stored = s.scalar(select(User.password_hash))
    assert not accounts.hasher().check_needs_rehash(stored)
    assert accounts.login(database, "admin", PASSWORD, now=NOW).login == "admin"


def test_change_own_password(database):
    actor = accounts.create_first_administrator(database, login="admin", password=PASSWORD)
    uow = UnitOfWork(database, actor)
    with pytest.raises(UserError, match="Текущий пароль указан неверно"):
        accounts.change_own_password(uow, old_password="not-it-at-all", new_password="Новый-пароль-2026")
    accounts.change_own_password(uow, old_password=PASSWORD, new_password="Новый-пароль-2026")
    with pytest.raises(UserError):
        accounts.login(database, "admin", PASSWORD, now=NOW)
    assert accounts.login(database, "admin", "Новый-пароль-2026", now=NOW).login == "admin"
    assert ("password.change", "admin") in _actions(database)


def test_administrator_manages_accounts(database):
    admin = accounts.create_first_administrator(database, login="admin", password=PASSWORD)
    uow = UnitOfWork(database, admin)
    uid = accounts.create_user(uow, login="psy", password="Пароль-психолога", role=Role.PSYCHOLOGIST,
                               full_name="Смирнова А.П.")
    with pytest.raises(UserError, match="уже есть"):
        accounts.create_user(uow, login="PSY", password="Пароль-психолога", role=Role.DEPUTY)
    assert accounts.login(database, "psy", "Пароль-психолога", now=NOW).role is Role.PSYCHOLOGIST
    accounts.update_user(uow, uid, role=Role.PSYCHOLOGIST, is_active=False, can_read_notes=False, full_name="С")
    with pytest.raises(UserError, match="отключена"):
        accounts.login(database, "psy", "Пароль-психолога", now=NOW)
    # An administrator may be granted the notes; the last administrator cannot be demoted.
    accounts.update_user(uow, admin.user_id, role=Role.ADMIN, is_active=True, can_read_notes=True, full_name="")
    assert accounts.login(database, "admin", PASSWORD, now=NOW).can_read_notes
    with pytest.raises(UserError, match="последнего администратора"):
        accounts.update_user(uow, admin.user_id, role=Role.COORDINATOR, is_active=True, can_read_notes=False,
                             full_name="")
    accounts.set_password(uow, uid, "Сброшенный-пароль")
    rows = {r.login: r for r in accounts.list_users(uow)}
    assert rows["psy"].role_label == "педагог-психолог" and not rows["psy"].is_active
    assert not any(hasattr(r, "password_hash") for r in rows.values())


def test_no_password_or_hash_parameter_is_logged_or_printed(database, caplog, capsys):
    caplog.set_level(logging.DEBUG)
    admin = accounts.create_first_administrator(database, login="admin", password=PASSWORD)
    accounts.login(database, "admin", PASSWORD, now=NOW)
    for wrong in ("wrong-one-1", "wrong-one-2"):
        with pytest.raises(UserError) as info:
            accounts.login(database, "admin", wrong, now=NOW)
        assert wrong not in str(info.value)
    accounts.create_user(UnitOfWork(database, admin), login="deputy", password="Пароль-зама-1", role=Role.DEPUTY)
    out = capsys.readouterr()
    text = caplog.text + out.out + out.err
    for secret in (PASSWORD, "wrong-one-1", "Пароль-зама-1", "argon2", "m=65536", "t=3"):
        assert secret not in text
    with database.session() as s:
        details = " ".join(e.details for e in s.scalars(select(AuditEntry)))
    assert PASSWORD not in details and "argon2" not in details


def test_database_file_holds_no_password_in_clear(database):
    accounts.create_first_administrator(database, login="admin", password="ОченьСекретно-987")
    accounts.login(database, "admin", "ОченьСекретно-987", now=NOW)
    if database.is_server:      # every row of every table, as text
        from app.models import Base
        with database.engine.connect() as conn:
            raw = "\n".join(str(v) for t in Base.metadata.sorted_tables
                            for v in conn.exec_driver_sql(f"SELECT CAST(t AS text) FROM {t.name} t").scalars()
                            ).encode()
        database.dispose()
        assert b"admin" in raw
    else:
        database.dispose()
        raw = b"".join(p.read_bytes() for p in database.path.parent.glob(database.path.name + "*"))
    assert "ОченьСекретно-987".encode() not in raw and "ОченьСекретно-987".encode("utf-16-le") not in raw


def test_production_parameters():
    """Argon2id with at least the RFC 9106 low-memory profile (64 MiB, 3 passes)."""
    from argon2 import Type, extract_parameters
    params = extract_parameters(accounts.PRODUCTION_HASHER.hash("x-password"))
    assert params.type is Type.ID and params.memory_cost >= 65536 and params.time_cost >= 3
