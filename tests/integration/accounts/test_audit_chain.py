"""The audit log is tamper-evident (issue 16): each entry's hash chains to the previous one; `check` finds a
dropped trigger and an edited, removed or hand-inserted entry, exits 1 and names the first broken entry; the
program puts missing triggers back when it opens the database and records that it did."""
from __future__ import annotations

import io
import sqlite3
import sys

import pytest

from app.cli.main import run
from app.services.accounts import accounts
from app.services.accounts.audit_chain import check_audit_log
from app.services.storage.database import Database
from app.services.storage.migrations import open_database, upgrade
from tests.school_people import fast_hashing  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("fast_hashing")


@pytest.fixture
def logged(db_path):
    database = open_database(db_path)
    try:
        accounts.create_first_administrator(database, login="admin", password="Пароль-админа-1")
        for attempt in ("Пароль-админа-1", "не тот пароль", "Пароль-админа-1"):
            try:
                accounts.login(database, "admin", attempt)
            except Exception:
                pass
    finally:
        database.dispose()
    return db_path


def _sql(path, *statements: str) -> None:
    con = sqlite3.connect(path)
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


def _ids(path) -> list[int]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT id FROM audit_log ORDER BY id")]
    finally:
        con.close()


def test_a_sound_log_passes(logged, capsys):
    assert check_audit_log(logged).ok and check_audit_log(logged).entries == 4
    assert run(["check", "--db", str(logged)]) == 0
    assert "в порядке" in capsys.readouterr().out


def test_a_dropped_trigger_is_found_and_put_back_at_start(logged, capsys, monkeypatch):
    _sql(logged, "DROP TRIGGER audit_log_no_update")
    assert run(["check", "--db", str(logged)]) == 1
    err = capsys.readouterr().err
    assert "audit_log_no_update" in err and "не защищён" in err
    monkeypatch.setattr(sys, "stdin", io.StringIO("Пароль-админа-1\n"))
    assert run(["info", "--db", str(logged), "--user", "admin"]) == 0       # any start puts it back
    assert run(["check", "--db", str(logged)]) == 0
    con = sqlite3.connect(logged)
    assert con.execute("SELECT count(*) FROM audit_log WHERE action = 'audit.triggers_restored' "
                       "AND details LIKE '%audit_log_no_update%'").fetchone()[0] == 1
    with pytest.raises(sqlite3.DatabaseError, match="нельзя изменять"):
        con.execute("UPDATE audit_log SET details = 'x'")
    con.close()


def test_an_edited_entry_is_found_by_its_number(logged, capsys):
    second = _ids(logged)[1]
    _sql(logged, "DROP TRIGGER audit_log_no_update",
         f"UPDATE audit_log SET details = 'ничего не было' WHERE id = {second}",
         "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
         "BEGIN SELECT RAISE(ABORT, 'Журнал аудита нельзя изменять'); END")
    assert check_audit_log(logged).first_broken == second
    assert run(["check", "--db", str(logged)]) == 1
    err = capsys.readouterr().err
    assert f"запись № {second}" in err and "Журнал аудита изменён" in err


def test_a_removed_or_inserted_entry_is_found(logged, tmp_path):
    ids = _ids(logged)
    _sql(logged, "DROP TRIGGER audit_log_no_delete", f"DELETE FROM audit_log WHERE id = {ids[1]}")
    assert check_audit_log(logged).first_broken == ids[2]
    _sql(logged, "INSERT INTO audit_log(at, user_login, action, entity, details, chain) "
                 "VALUES (CURRENT_TIMESTAMP, 'admin', 'login.ok', 'user', '', 'подделка')")
    assert check_audit_log(logged).first_broken == ids[2]


def test_the_migration_chains_entries_written_before_it(tmp_path):
    path = tmp_path / "old.db"
    database = Database.open(path)
    try:
        upgrade(database, revision="0001")
        with database.engine.begin() as conn:
            for n in range(3):
                conn.exec_driver_sql("INSERT INTO audit_log(at, user_id, user_login, action, entity, details) "
                                     f"VALUES (CURRENT_TIMESTAMP, 1, 'admin', 'login.ok', 'user', 'до {n}')")
        upgrade(database)
    finally:
        database.dispose()
    report = check_audit_log(path)
    assert report.ok and report.entries == 3
    database = open_database(path)
    try:
        accounts.create_first_administrator(database, login="admin", password="Пароль-админа-1")
    finally:
        database.dispose()
    assert check_audit_log(path).ok and check_audit_log(path).entries == 4
