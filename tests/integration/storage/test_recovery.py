"""Restore and recovery: a restore keeps a copy of what it replaces; a damaged file (truncated or with
flipped bytes) is found at start, set aside untouched, and replaced by the newest good backup."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from app.cli.main import run
from app.services.access import Role
from app.services.storage.backups import list_backups, take_backup
from app.services.errors import PermissionDenied, UserError
from app.services.storage.integrity import check_at_start, full_check
from app.services.storage.migrations import open_database
from app.services.storage.restore import restore_backup
from tests.conftest import make_actor

T0 = dt.datetime(2026, 11, 20, 9, 0, 0)


def _add_student(database, last_name: str) -> None:
    with database.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO student(last_name, first_name, patronymic, has_ovz, has_disability, "
                             "left_reason, is_anonymized) VALUES (?, '', '', 0, 0, '', 0)", (last_name,))


def _students(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT last_name FROM student ORDER BY id")]
    finally:
        con.close()


def test_restore_replaces_data_after_a_copy_of_the_current_state(database, admin):
    _add_student(database, "Иванов")
    copy = take_backup(database, reason="start", now=T0)
    _add_student(database, "Петров")
    result = restore_backup(database.path, copy, actor=admin, now=T0 + dt.timedelta(hours=1))
    # The running program's engine sees the restored data on its next query.
    with database.engine.connect() as conn:
        assert [r[0] for r in conn.exec_driver_sql("SELECT last_name FROM student")] == ["Иванов"]
    assert result.safety_copy is not None and _students(result.safety_copy) == ["Иванов", "Петров"]
    assert result.students == 1 and result.damaged_set_aside is None
    with database.engine.connect() as conn:
        actions = [r[0] for r in conn.exec_driver_sql("SELECT action FROM audit_log")]
    assert "backup.restore" in actions
    assert full_check(database.path).ok


def test_restore_refuses_damaged_copy_and_class_teacher(database, admin, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(UserError, match="повреждён"):
        restore_backup(database.path, bad, actor=admin)
    copy = take_backup(database, reason="start", now=T0)
    with pytest.raises(PermissionDenied):
        restore_backup(database.path, copy, actor=make_actor(Role.CLASS_TEACHER))


def _truncate(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def _flip_bytes(path):
    data = bytearray(path.read_bytes())
    # Scribble over the middle of the file, where table and index pages live.
    for i in range(len(data) // 2, len(data) // 2 + 4096 * 3, 7):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_truncate, _flip_bytes], ids=["truncated", "bytes-flipped"])
def test_damaged_database_detected_at_start_and_recovered(db_path, admin, damage):
    database = open_database(db_path)
    for i in range(300):
        _add_student(database, f"Ученик{i}")
    good = take_backup(database, reason="start", now=T0)
    _add_student(database, "Последний")
    with database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    original = db_path.read_bytes()
    damage(db_path)
    damaged_bytes = db_path.read_bytes()
    assert damaged_bytes != original

    found = check_at_start(db_path)
    assert found is not None
    assert db_path.read_bytes() == damaged_bytes  # nothing touched until the user decides
    assert found.backup is not None and found.backup.path == good and found.backup.students == 300
    assert "повреждён" in found.message() and "20.11.2026 в 09:00" in found.message()

    result = restore_backup(db_path, found.backup.path, actor=admin, now=T0 + dt.timedelta(days=1))
    assert result.safety_copy is None  # a damaged file is never backed up over good copies
    assert result.damaged_set_aside == db_path.with_name("school.db.damaged-2026-11-21_09-00-00")
    assert result.damaged_set_aside.read_bytes() == damaged_bytes  # set aside, never overwritten
    assert len(_students(db_path)) == 300
    assert full_check(db_path).ok
    assert [b.path for b in list_backups(good.parent)] == [good]
    assert check_at_start(db_path) is None


def test_damaged_newest_backup_is_skipped(database, tmp_path):
    older = take_backup(database, reason="start", now=T0)
    _add_student(database, "Иванов")
    newer = take_backup(database, reason="start", now=T0 + dt.timedelta(days=1))
    _truncate(newer)
    database.dispose()
    _flip_bytes(database.path)
    found = check_at_start(database.path)
    assert found is not None and found.backup is not None and found.backup.path == older


def test_cli_backup_restore_check(database, tmp_path, capsys):
    _add_student(database, "Иванов")
    database.dispose()
    usb = tmp_path / "usb"
    usb.mkdir()
    assert run(["backup", "--out", str(usb), "--db", str(database.path)]) == 0
    [copy] = usb.glob("*.db")
    assert "Обучающихся: 1" in capsys.readouterr().out
    db2 = open_database(database.path)
    _add_student(db2, "Петров")
    db2.dispose()
    assert run(["restore", str(copy), "--db", str(database.path)]) == 0
    out = capsys.readouterr().out
    assert "восстановлена" in out and "Прежнее состояние сохранено" in out
    assert _students(database.path) == ["Иванов"]
    assert run(["check", "--db", str(database.path)]) == 0
    assert "ошибок не найдено" in capsys.readouterr().out


def test_cli_check_reports_broken_references(database, capsys):
    database.dispose()
    con = sqlite3.connect(database.path)
    con.execute("PRAGMA foreign_keys=OFF")
    con.execute("INSERT INTO academic_year(id, start_year, is_current) VALUES (1, 2026, 1)")
    con.execute("INSERT INTO enrollment(student_id, year_id, class_id, profile, is_graduate) VALUES (999, 1, 5, '', 0)")
    con.commit()
    con.close()
    assert run(["check", "--db", str(database.path)]) == 1
    err = capsys.readouterr().err
    assert "ссылка на отсутствующую запись" in err and "«student»" in err


def test_cli_check_reports_damage(database, capsys):
    database.dispose()
    _flip_bytes(database.path)
    assert run(["check", "--db", str(database.path)]) == 1
    assert "найдены ошибки" in capsys.readouterr().err


def test_cli_restore_refused_while_the_program_has_the_database_open(database, capsys):
    from app.services.storage.instance_lock import InstanceLock
    copy = take_backup(database, reason="start", now=T0)
    with InstanceLock(database.path):
        assert run(["restore", str(copy), "--db", str(database.path)]) == 1
    assert "уже открыта" in capsys.readouterr().err


def test_restore_from_a_folder_with_uri_characters(database, admin, tmp_path):
    _add_student(database, "Иванов")
    odd = tmp_path / "копии #1 ?50% & more"
    copy = take_backup(database, reason="start", folder=odd, now=T0)
    _add_student(database, "Петров")
    assert [b.students for b in list_backups(odd)] == [1]
    restore_backup(database.path, copy, actor=admin)
    assert _students(database.path) == ["Иванов"]


def test_a_cancelled_restore_leaves_the_current_data(database, admin):
    from app.services.progress import OperationCancelled

    _add_student(database, "Иванов")
    with database.engine.begin() as conn:   # enough pages that the copy takes several steps
        conn.exec_driver_sql("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                             "INSERT INTO student(last_name, first_name, patronymic, has_ovz, has_disability, "
                             "left_reason, is_anonymized) SELECT printf('%.200c', 'Я'), '', '', 0, 0, '', 0 FROM n")
    copy = take_backup(database, reason="start", now=T0)
    with database.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM student WHERE last_name <> 'Иванов'")
    _add_student(database, "Петров")
    asked = []
    with pytest.raises(OperationCancelled):
        restore_backup(database.path, copy, actor=admin, now=T0 + dt.timedelta(hours=1),
                       cancelled=lambda: asked.append(1) or len(asked) > 2)   # «Отмена» during the copy
    assert len(asked) == 3
    assert _students(database.path) == ["Иванов", "Петров"]
    assert full_check(database.path).ok
