"""«Changed since the last copy?» is decided from the file's recorded state before anything is copied:
an unchanged file is neither copied nor hashed; any write, or a missing last copy, means a new copy."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from app.services.storage import backups, change_marker
from app.services.storage.backups import backup_if_changed, take_backup

T0 = dt.datetime(2026, 11, 24, 9, 0, 0)


def write(db_path, value: str) -> None:
    con = sqlite3.connect(db_path)
    con.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('marker_test', ?)", (value,))
    con.commit()
    con.close()


@pytest.fixture
def closed(database, db_path):
    database.dispose()  # as at start: nobody has the file open
    return db_path


def test_an_unchanged_file_is_not_copied_again(closed, tmp_path, monkeypatch):
    folder = tmp_path / "copies"
    first = backup_if_changed(closed, folder=folder, now=T0)
    assert first is not None and change_marker.known(folder, closed.stem)
    copies: list = []
    real_copy = backups.copy_database
    monkeypatch.setattr(backups, "copy_database", lambda *a, **k: copies.append(a) or real_copy(*a, **k))
    monkeypatch.setattr(backups, "fingerprint", lambda path: pytest.fail("an unchanged file is not hashed"))
    assert backup_if_changed(closed, folder=folder, now=T0 + dt.timedelta(hours=1)) is None
    assert copies == []


def test_a_write_means_a_new_copy(closed, tmp_path):
    folder = tmp_path / "copies"
    backup_if_changed(closed, folder=folder, now=T0)
    write(closed, "1")
    second = backup_if_changed(closed, folder=folder, now=T0 + dt.timedelta(hours=1))
    assert second is not None
    con = sqlite3.connect(second)
    assert con.execute("SELECT value FROM setting WHERE key = 'marker_test'").fetchone() == ("1",)
    con.close()
    assert backup_if_changed(closed, folder=folder, now=T0 + dt.timedelta(hours=2)) is None


def test_a_write_through_the_log_of_an_open_file_is_seen(database, db_path, tmp_path):
    folder = tmp_path / "copies"
    backup_if_changed(database, folder=folder, now=T0)
    with database.engine.begin() as conn:  # WAL: the commit lands in the -wal file, not the file itself
        conn.exec_driver_sql("INSERT INTO setting (key, value) VALUES ('wal_test', '1')")
    assert backup_if_changed(database, folder=folder, now=T0 + dt.timedelta(hours=1)) is not None


def test_the_last_copy_deleted_means_a_new_copy(closed, tmp_path):
    folder = tmp_path / "copies"
    first = take_backup(closed, reason="before-import", folder=folder, now=T0)
    assert backup_if_changed(closed, folder=folder, now=T0 + dt.timedelta(hours=1)) is None
    first.unlink()
    assert backup_if_changed(closed, folder=folder, now=T0 + dt.timedelta(hours=2)) is not None


def test_copies_from_before_the_marker_are_still_compared(closed, tmp_path):
    folder = tmp_path / "copies"
    backup_if_changed(closed, folder=folder, now=T0)
    next(folder.glob(".*")).unlink()  # copies made by an older version: no state recorded
    assert backup_if_changed(closed, folder=folder, now=T0 + dt.timedelta(hours=1)) is None
    assert change_marker.known(folder, closed.stem)
