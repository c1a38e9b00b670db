"""Backups: consistent under writes, taken only when data changed, rotation keeps what it promises."""
from __future__ import annotations

import datetime as dt
import sqlite3
import threading
from pathlib import Path

import pytest

from app.services.storage import backups
from app.services.storage.backups import RotationPolicy, backup_if_changed, list_backups, rotate, select_kept, take_backup

T0 = dt.datetime(2026, 11, 24, 9, 0, 0)


def _write_setting(database, key: str, value: str = "1") -> None:
    with database.engine.begin() as conn:
        conn.exec_driver_sql("INSERT OR REPLACE INTO setting(key, value) VALUES (?, ?)", (key, value))


def test_backup_taken_during_writes_is_intact(database):
    with database.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE bench_rows (batch INTEGER, n INTEGER)")
    stop = threading.Event()

    def writer():
        con = sqlite3.connect(str(database.path), timeout=10)
        batch = 0
        while not stop.is_set():
            with con:  # one transaction of ten rows: a copy must hold all ten or none
                con.executemany("INSERT INTO bench_rows VALUES (?, ?)", [(batch, i) for i in range(10)])
            batch += 1
        con.close()

    thread = threading.Thread(target=writer)
    thread.start()
    copies = []
    try:
        for i in range(5):
            copies.append(take_backup(database, reason="test", now=T0 + dt.timedelta(seconds=i)))
    finally:
        stop.set()
        thread.join()
    counts = []
    for copy in copies:
        assert backups.quick_check(copy) == "ok"
        con = sqlite3.connect(copy)
        rows = con.execute("SELECT count(*), count(DISTINCT batch) FROM bench_rows").fetchone()
        con.close()
        assert rows[0] == rows[1] * 10
        counts.append(rows[0])
    assert counts == sorted(counts) and counts[-1] > 0
    assert not list(copies[0].parent.glob("*.partial"))


def test_backup_only_when_data_changed(database):
    folder = database.path.parent / "backups"
    first = backup_if_changed(database, now=T0)
    assert first is not None and first.parent == folder
    assert backup_if_changed(database, now=T0 + dt.timedelta(minutes=1)) is None
    _write_setting(database, "x")
    second = backup_if_changed(database, now=T0 + dt.timedelta(minutes=2), reason="scheduled")
    assert second is not None and second.name.endswith("_scheduled.db")
    # A write that changes nothing in the data (same value again) is no reason for a copy.
    with database.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE setting SET value = '1' WHERE key = 'x'")
    assert backup_if_changed(database, now=T0 + dt.timedelta(minutes=3)) is None
    assert [b.path for b in list_backups(folder)] == [second, first]
    assert not list(folder.glob("*.new")) and not list(folder.glob("*.partial"))


def test_list_backups_reads_counts_from_the_copy(database):
    with database.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO student(last_name, first_name, patronymic, has_ovz, has_disability, "
                             "left_reason, is_anonymized) VALUES ('Ёлкин', 'Пётр', '', 0, 0, '', 0)")
    copy = take_backup(database, reason="before-import", now=T0)
    [info] = list_backups(copy.parent)
    assert (info.ok, info.students, info.events, info.reason, info.taken_at) == (True, 1, 0, "before-import", T0)
    assert info.revision


def _stamps(start: dt.datetime, *, every: dt.timedelta, count: int) -> list[dt.datetime]:
    return [start + every * i for i in range(count)]


def test_rotation_policy_keeps_recent_daily_weekly_monthly():
    policy = RotationPolicy(recent=3, daily=4, weekly=3, monthly=2)
    # Six copies a day (every 4 hours) for 60 days.
    stamps = _stamps(dt.datetime(2026, 9, 1), every=dt.timedelta(hours=4), count=6 * 60)
    kept = select_kept(stamps, policy)
    newest = max(stamps)
    by_day: dict = {}
    for s in stamps:
        by_day[s.date()] = max(by_day.get(s.date(), s), s)
    expected = set(sorted(stamps)[-3:])
    expected |= set(sorted(by_day.values())[-4:])
    by_week: dict = {}
    for s in stamps:
        key = s.isocalendar()[:2]
        by_week[key] = max(by_week.get(key, s), s)
    expected |= set(sorted(by_week.values())[-3:])
    by_month: dict = {}
    for s in stamps:
        by_month[(s.year, s.month)] = max(by_month.get((s.year, s.month), s), s)
    expected |= set(sorted(by_month.values())[-2:])
    assert kept == expected
    assert newest in kept
    assert dt.datetime(2026, 9, 30, 20) in kept  # the last copy of September (monthly)
    assert len(kept) <= 3 + 4 + 3 + 2


def test_rotation_counts_days_that_have_copies_not_calendar_days():
    # A summer break: copies in May, then nothing until September.
    may = _stamps(dt.datetime(2026, 5, 20, 15), every=dt.timedelta(days=1), count=10)
    sept = [dt.datetime(2026, 9, 1, 8)]
    kept = select_kept(may + sept, RotationPolicy(recent=1, daily=4, weekly=0, monthly=0))
    assert kept == {sept[0], may[-1], may[-2], may[-3]}


def _make_copy(folder: Path, stamp: dt.datetime, reason: str = "start") -> Path:
    path = folder / f"school_{stamp:%Y-%m-%d_%H-%M-%S}_{reason}.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.close()
    return path


def test_rotate_deletes_exactly_what_the_policy_drops(tmp_path):
    policy = RotationPolicy(recent=2, daily=2, weekly=1, monthly=1)
    stamps = _stamps(dt.datetime(2026, 11, 20, 9), every=dt.timedelta(hours=6), count=16)
    paths = {s: _make_copy(tmp_path, s) for s in stamps}
    other = tmp_path / "notes.txt"
    other.write_text("не копия")
    foreign = tmp_path / "other_2026-11-20_09-00-00_start.db"  # another database's copy
    foreign.write_bytes(paths[stamps[0]].read_bytes())
    future = _make_copy(tmp_path, dt.datetime(2031, 1, 1))  # a clock set wrong once
    now = stamps[-1]
    deleted = rotate(tmp_path, stem="school", policy=policy, now=now)
    kept = select_kept(stamps, policy)
    assert set(deleted) == {paths[s] for s in stamps if s not in kept}
    assert all(paths[s].exists() for s in kept)
    assert other.exists() and foreign.exists() and future.exists()
    # Rotation is stable: a second run deletes nothing more.
    assert rotate(tmp_path, stem="school", policy=policy, now=now) == []


def test_failed_copy_never_enters_the_folder_nor_rotates_good_copies(database, monkeypatch, tmp_path):
    folder = tmp_path / "copies"
    good = [take_backup(database, reason="start", folder=folder, now=T0 + dt.timedelta(days=i),
                        policy=RotationPolicy(recent=1, daily=1, weekly=0, monthly=0)) for i in range(1)]
    monkeypatch.setattr(backups, "quick_check", lambda path: "database disk image is malformed")
    import pytest

    from app.services.errors import UserError
    with pytest.raises(UserError, match="записана с ошибкой"):
        take_backup(database, reason="start", folder=folder, now=T0 + dt.timedelta(days=5),
                    policy=RotationPolicy(recent=1, daily=1, weekly=0, monthly=0))
    assert sorted(p for p in folder.iterdir() if not p.name.startswith(".")) == good  # ".": the change marker


def test_copies_within_one_second_keep_their_order(database):
    first = take_backup(database, reason="start", now=T0)
    _write_setting(database, "y")
    second = take_backup(database, reason="start", now=T0)
    assert second.name.endswith("-2_start.db")
    assert [b.path for b in list_backups(first.parent)] == [second, first]
    assert backup_if_changed(database, now=T0) is None  # compared with the newest, i.e. the second


def test_a_cancelled_backup_leaves_no_file(database, tmp_path):
    from app.services.access import system_actor
    from app.services.progress import OperationCancelled
    from app.services.storage.backups import export_backup
    from app.services.uow import UnitOfWork

    for i in range(300):
        _write_setting(database, f"key{i}", "x" * 4000)   # several copy steps
    out = tmp_path / "usb"
    out.mkdir()
    steps = []
    with pytest.raises(OperationCancelled):
        export_backup(UnitOfWork(database, system_actor()), out, cancelled=lambda: steps.append(1) or len(steps) > 1)
    assert len(steps) == 2 and list(out.iterdir()) == []


def test_a_copy_counts_the_students_of_its_year_as_the_students_list_does(uow, database):
    from app.services.students.students import list_students
    from tests.events_data import make_roster

    make_roster(uow, classes={"7А": ["Иванов Иван", "Петров Пётр"], "9А": ["Сидоров Сидор"]})
    with database.engine.begin() as conn:   # a student of no year (left long ago) stays in the file
        conn.exec_driver_sql("INSERT INTO student(last_name, first_name, patronymic, has_ovz, has_disability, "
                             "left_reason, is_anonymized) VALUES ('Ёлкин', 'Пётр', '', 0, 0, '', 0)")
    from app.services.calendar import year_starts
    shown = len(list_students(uow, start_year=year_starts(uow)[-1]))
    copy = take_backup(database, reason="manual", now=T0)
    [info] = list_backups(copy.parent)
    assert (info.enrolled, info.students) == (shown, shown + 1) == (3, 4)
