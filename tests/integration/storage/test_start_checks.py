"""Start-up checks a school's file with one quick_check, not two: the start copy's check stands for the
file when it changed; the file alone is checked when nothing changed; a damaged file is found either way
and never enters the backups folder."""
from __future__ import annotations

import os

import pytest

from app.services.storage import backups, integrity
from app.services.storage.backups import list_backups, take_backup
from app.services.storage.migrations import open_database
from app.services.storage.start_checks import check_and_back_up


def add_students(database, n: int) -> None:
    with database.engine.begin() as conn:
        for i in range(n):
            conn.exec_driver_sql("INSERT INTO student(last_name, first_name, patronymic, has_ovz, has_disability, "
                                 "left_reason, is_anonymized) VALUES (?, '', '', 0, 0, '', 0)", (f"Ученик{i}",))


@pytest.fixture
def checks(monkeypatch) -> list:
    done: list = []
    real = backups.quick_check

    def counting(path):
        done.append(path.name)
        return real(path)

    monkeypatch.setattr(backups, "quick_check", counting)
    monkeypatch.setattr(integrity, "quick_check", counting)
    return done


@pytest.fixture
def school(db_path):
    database = open_database(db_path)
    add_students(database, 300)
    database.dispose()
    return db_path


def test_a_changed_file_is_copied_and_checked_once(school, checks):
    found = check_and_back_up(school)
    assert found.damage is None and found.backup_error is None and found.backup is not None
    assert len(checks) == 1 and checks[0] != school.name  # the copy's check stands for the file
    assert [b.path for b in list_backups(found.backup.parent)] == [found.backup]


def test_an_unchanged_file_is_checked_once_and_not_copied(school, checks):
    first = check_and_back_up(school).backup
    checks.clear()
    again = check_and_back_up(school)
    assert again.backup is None and again.damage is None
    assert checks == [school.name]
    assert [b.path for b in list_backups(first.parent)] == [first]


def flip_bytes(path):
    data = bytearray(path.read_bytes())
    for i in range(len(data) // 2, len(data) // 2 + 4096 * 3, 7):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))


def test_a_file_damaged_since_the_last_copy_is_found_and_not_copied(school):
    database = open_database(school)
    good = take_backup(database, reason="start")
    add_students(database, 5)
    with database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    database.dispose()
    flip_bytes(school)
    found = check_and_back_up(school)
    assert found.damage is not None and found.backup is None
    assert found.damage.backup is not None and found.damage.backup.path == good
    assert [b.path for b in list_backups(good.parent)] == [good]


def test_a_file_damaged_without_a_write_is_found_too(school):
    first = check_and_back_up(school).backup
    before = school.stat()
    flip_bytes(school)  # bit rot: the same size; the time is put back as it was
    os.utime(school, ns=(before.st_atime_ns, before.st_mtime_ns))
    found = check_and_back_up(school)
    assert found.damage is not None and found.damage.backup.path == first


def test_a_new_file_needs_nothing(tmp_path):
    found = check_and_back_up(tmp_path / "new.db")
    assert found.damage is None and found.backup is None and found.backup_error is None
    assert not (tmp_path / "backups").exists()
