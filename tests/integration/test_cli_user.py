"""`user add` / `user check`: password from standard input only; the CLI never reads consultation notes."""
from __future__ import annotations

import datetime as dt
import io
import logging
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.context import open_context
from app.cli.main import run
from app.services.consultations import consultations
from app.services.errors import PermissionDenied
from tests.school_people import add_consultation, build_school
from tests.school_people import fast_hashing  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("fast_hashing")

ROOT = Path(__file__).resolve().parents[2]


def _run(monkeypatch, argv: list[str], stdin: str) -> int:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return run(argv)


def test_add_then_check(monkeypatch, capsys, caplog, db_path):
    caplog.set_level(logging.DEBUG)
    db = ["--db", str(db_path)]
    assert _run(monkeypatch, ["user", "add", "coord", "--role", "coordinator", *db], "Пароль-коорд-1\n") == 1
    assert "сначала создайте администратора" in capsys.readouterr().err
    assert _run(monkeypatch, ["user", "add", "Admin", "--role", "admin", *db], "Пароль-админа-1\n") == 0
    assert "«admin» создана: администратор" in capsys.readouterr().out
    # Once an account exists, `user add` is an administrator's: signed in, their password first, then the new one.
    assert _run(monkeypatch, ["user", "add", "psy", "--role", "педагог-психолог", *db], "Пароль-психолога\n") == 1
    assert "--user" in capsys.readouterr().err
    as_admin = [*db, "--user", "admin"]
    assert _run(monkeypatch, ["user", "add", "psy", "--role", "педагог-психолог", *as_admin],
                "Пароль-админа-1\nПароль-психолога\n") == 0
    assert _run(monkeypatch, ["user", "add", "psy", "--role", "psychologist", *as_admin],
                "Пароль-админа-1\nПароль-психолога\n") == 1
    assert "уже есть" in capsys.readouterr().err
    assert _run(monkeypatch, ["user", "check", "psy", *db], "Пароль-психолога\n") == 0
    assert _run(monkeypatch, ["user", "check", "psy", *db], "не тот пароль\n") == 1
    assert _run(monkeypatch, ["user", "check", "nobody", *db], "Пароль-психолога\n") == 1
    assert _run(monkeypatch, ["user", "add", "x", "--role", "boss", *as_admin], "Пароль-админа-1\n") == 1
    assert "Неизвестная роль" in capsys.readouterr().err
    assert _run(monkeypatch, ["user", "add", "x2", "--role", "deputy", *as_admin], "Пароль-админа-1\n") == 1
    out = capsys.readouterr()
    text = out.out + out.err + caplog.text
    for secret in ("Пароль-админа-1", "Пароль-психолога", "не тот пароль", "argon2", "m=65536"):
        assert secret not in text


def test_password_is_not_an_argument(capsys, db_path):
    with pytest.raises(SystemExit):
        run(["user", "add", "admin", "--role", "admin", "--password", "x", "--db", str(db_path)])
    assert "неизвестные аргументы" in capsys.readouterr().err


def test_real_process_reads_stdin(db_path):
    def call(*args: str, stdin: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "main.py", "user", *args, "--db", str(db_path)], input=stdin,
                              capture_output=True, text=True, cwd=ROOT, timeout=60)
    made = call("add", "admin", "--role", "admin", stdin="Пароль-админа-1\n")
    assert made.returncode == 0, made.stderr
    wrong = call("check", "admin", stdin="неверный-пароль\n")
    assert wrong.returncode == 1 and "Traceback" not in wrong.stderr and "неверный-пароль" not in wrong.stderr


def test_notes_are_unreadable_through_the_cli(database, db_path, capsys):
    people = build_school(database)
    cid = add_consultation(database, people, ["Иванов"], held_on=dt.date(2026, 10, 1), note="Секретная запись")
    import argparse
    ctx = open_context(argparse.Namespace(db=db_path))
    try:
        with pytest.raises(PermissionDenied):
            consultations.read_note(ctx.uow(), cid)
    finally:
        ctx.close()
    assert run(["info", "--db", str(db_path), "--json"]) == 0
    assert "Секретная запись" not in capsys.readouterr().out


def test_user_add_without_an_administrator_s_sign_in_is_refused(monkeypatch, capsys, db_path):
    """The attack of issue 16: `user add mallory --role psychologist` once accounts exist."""
    db = ["--db", str(db_path)]
    assert _run(monkeypatch, ["user", "add", "admin", "--role", "admin", *db], "Пароль-админа-1\n") == 0
    assert _run(monkeypatch, ["user", "add", "coord", "--role", "coordinator", *db, "--user", "admin"],
                "Пароль-админа-1\nПароль-коорд-1\n") == 0
    capsys.readouterr()
    attempts = [
        ([*db], "Пароль-мэллори-1\n", "--user"),                                      # no sign-in at all
        ([*db, "--user", "admin"], "угаданный-пароль\nПароль-мэллори-1\n", "Неверное имя"),   # wrong password
        ([*db, "--user", "nobody"], "Пароль-админа-1\nПароль-мэллори-1\n", "Неверное имя"),  # no such account
        ([*db, "--user", "coord"], "Пароль-коорд-1\nПароль-мэллори-1\n", "Недостаточно прав"),  # not an admin
    ]
    for args, stdin, why in attempts:
        assert _run(monkeypatch, ["user", "add", "mallory", "--role", "psychologist", *args], stdin) == 1
        err = capsys.readouterr().err
        assert why in err and "Traceback" not in err, err
    assert _run(monkeypatch, ["user", "check", "mallory", *db], "Пароль-мэллори-1\n") == 1
    # Personal data through any other command needs a sign-in too; `check` and `backup` do not.
    assert run(["info", *db]) == 1 and "--user" in capsys.readouterr().err
    assert _run(monkeypatch, ["info", *db, "--user", "coord"], "Пароль-коорд-1\n") == 0
    assert run(["check", *db]) == 0
    assert run(["backup", *db, "--out", str(db_path.parent / "copy.db")]) == 0


def test_restore_needs_an_administrator_once_accounts_exist(monkeypatch, capsys, db_path):
    """A copy from before the accounts were made would undo them: restoring it is an administrator's."""
    from app.services.storage.backups import take_backup
    from app.services.storage.migrations import open_database

    database = open_database(db_path)
    try:
        before_accounts = take_backup(database, reason="manual")
    finally:
        database.dispose()
    db = ["--db", str(db_path)]
    assert _run(monkeypatch, ["user", "add", "admin", "--role", "admin", *db], "Пароль-админа-1\n") == 0
    assert _run(monkeypatch, ["user", "add", "coord", "--role", "coordinator", *db, "--user", "admin"],
                "Пароль-админа-1\nПароль-коорд-1\n") == 0
    capsys.readouterr()
    assert run(["restore", str(before_accounts), *db]) == 1
    assert "--user" in capsys.readouterr().err
    assert _run(monkeypatch, ["restore", str(before_accounts), *db, "--user", "coord"], "Пароль-коорд-1\n") == 1
    assert "Недостаточно прав" in capsys.readouterr().err
    assert _run(monkeypatch, ["user", "check", "admin", *db], "Пароль-админа-1\n") == 0   # accounts still there
    assert _run(monkeypatch, ["restore", str(before_accounts), *db, "--user", "admin"], "Пароль-админа-1\n") == 0
