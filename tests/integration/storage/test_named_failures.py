"""Failures the program can name reach the user in Russian, never as «Внутренняя ошибка» (issue 16): the
database locked by another writer (after SQLite's wait), the disk full during a write, `info` on a damaged
file."""
from __future__ import annotations

import io
import sqlite3
import sys

from app.cli.main import run
from app.services.storage import database as database_module
from app.services.storage.failures import DISK_FULL, LOCKED, known_failure


def test_a_database_locked_by_another_writer(db_path, monkeypatch, capsys):
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 200)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")        # another program writing, outside the one-program lock
    try:
        monkeypatch.setattr(sys, "stdin", io.StringIO("Пароль-админа-1\n"))
        assert run(["user", "add", "admin", "--role", "admin", "--db", str(db_path)]) == 1
    finally:
        other.rollback()
        other.close()
    err = capsys.readouterr().err
    assert LOCKED in err and "Внутренняя ошибка" not in err


def test_the_disk_full_during_a_write(tmp_path):
    con = sqlite3.connect(tmp_path / "small.db")
    con.execute("CREATE TABLE t(x BLOB)")
    pages = con.execute("PRAGMA page_count").fetchone()[0]
    con.execute(f"PRAGMA max_page_count = {pages + 1}")   # SQLite's own «database or disk is full»
    try:
        con.execute("INSERT INTO t VALUES (zeroblob(1000000))")
    except sqlite3.OperationalError as exc:
        assert str(known_failure(exc)) == DISK_FULL
    else:
        raise AssertionError("the write should not have fitted")
    finally:
        con.close()
    assert str(known_failure(OSError(28, "No space left on device"))) == DISK_FULL
    assert known_failure(ValueError("a defect")) is None


def test_info_on_a_damaged_file(db_path, capsys):
    data = bytearray(db_path.read_bytes())
    data[4096 * 2: 4096 * 2 + 300] = b"\x13" * 300
    db_path.write_bytes(bytes(data))
    assert run(["info", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "повреждён" in err and "Внутренняя ошибка" not in err
