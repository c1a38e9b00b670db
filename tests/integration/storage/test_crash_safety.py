"""kill -9 in the middle of a write: the database opens, passes integrity_check, and holds all of the
operation or none of it. A real child process is killed with SIGKILL at chosen points (it reports
progress on a pipe and waits there) and at random moments (to land inside a commit)."""
from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.services.storage.backups import take_backup
from app.services.storage.migrations import open_database
from tests.integration import crash_worker

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
ROWS = 400


def run_and_kill(operation: str, db: Path, stop_at: int, arg: str = "", *,
                 delay: float | None = None) -> tuple[str, str]:
    """Start the worker, kill it with SIGKILL at its `stop_at`-th progress step (or after `delay`
    seconds); returns its last two lines (the last progress report and STOP/DONE)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.Popen([sys.executable, "-m", "tests.integration.crash_worker", operation, str(db),
                             str(stop_at), arg], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    last = previous = ""
    try:
        if delay is not None:
            time.sleep(delay)
        else:
            for line in proc.stdout:
                previous, last = last, line.strip()
                if last in ("STOP", "DONE"):
                    break
            else:
                pytest.fail(f"worker ended without reaching its stop point (last line {last!r})")
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
    return previous, last


def state(db: Path) -> tuple[int, int]:
    """(students, enrolments) after checking the file is sound, as the program would at start."""
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        return (con.execute("SELECT count(*) FROM student").fetchone()[0],
                con.execute("SELECT count(*) FROM enrollment").fetchone()[0])
    finally:
        con.close()


@pytest.mark.parametrize("stop_at", [1, ROWS // 2, ROWS, -1], ids=["first-row", "half", "last-row", "after-commit"])
def test_kill_during_bulk_write_leaves_all_or_nothing(db_path, stop_at):
    _, last = run_and_kill("bulk", db_path, stop_at, str(ROWS))
    expected = (ROWS, ROWS) if stop_at == -1 else (0, 0)
    assert last == ("DONE" if stop_at == -1 else "STOP")
    assert state(db_path) == expected
    # And the program opens it normally afterwards.
    open_database(db_path).dispose()


def test_kill_at_random_moments_of_a_bulk_write(db_path):
    rng = random.Random(7)
    for _ in range(3):
        run_and_kill("bulk", db_path, 0, str(ROWS), delay=rng.uniform(0.6, 2.0))
        assert state(db_path) in {(0, 0), (ROWS, ROWS)}
        if state(db_path) != (0, 0):
            break


def _names(db: Path) -> list[str]:
    con = sqlite3.connect(db)
    try:
        return [r[0] for r in con.execute("SELECT last_name FROM student ORDER BY id")]
    finally:
        con.close()


@pytest.fixture
def restore_setup(db_path):
    """A backup holding 2,000 students, and a live database holding one other student."""
    database = open_database(db_path)
    crash_worker.bulk_write(db_path, lambda d, t: None, 2000)
    copy = take_backup(database, reason="start", folder=db_path.parent / "copies")
    with database.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM enrollment")
        conn.exec_driver_sql("DELETE FROM student")
        conn.exec_driver_sql("INSERT INTO student(last_name, first_name, patronymic, has_ovz, has_disability, "
                             "left_reason, is_anonymized) VALUES ('Живой', '', '', 0, 0, '', 0)")
    database.dispose()
    return db_path, copy, _names(db_path), _names(copy)


@pytest.mark.parametrize("stop_at", [1, 2, -1], ids=["first-step", "second-step", "after-commit"])
def test_kill_during_restore_leaves_old_or_restored_data(restore_setup, stop_at):
    db, copy, before, restored = restore_setup
    progress, last = run_and_kill("restore", db, stop_at, str(copy))
    if stop_at > 0:  # killed with pages still to copy
        _, done, total = progress.split()
        assert last == "STOP" and int(done) < int(total)
    state(db)
    assert _names(db) == (restored if stop_at == -1 else before)
    open_database(db).dispose()


def test_kill_at_random_moments_of_a_restore(restore_setup):
    db, copy, before, restored = restore_setup
    rng = random.Random(11)
    for _ in range(2):
        run_and_kill("restore", db, 0, str(copy), delay=rng.uniform(0.5, 1.5))
        state(db)
        assert _names(db) in (before, restored)


@pytest.fixture
def roster_file(tmp_path) -> Path:
    from tests.fuzz import write_xlsx
    rows = [["ФИО", "Класс", "Дата рождения", "ОВЗ"]]
    rows += [[f"Ученик{i:04d} Иван Петрович", f"{5 + i % 7}{'АБВ'[i % 3]}", f"{1 + i % 28:02d}.03.2012", "нет"]
             for i in range(ROWS)]
    return write_xlsx(tmp_path / "roster.xlsx", rows)


# The roster import reports progress every 50 rows: the 1st, 4th and 8th report come mid-import (the 8th
# after the last row, before the commit), the 9th after the commit.
@pytest.mark.parametrize("stop_at", [1, 4, 8, -1], ids=["row-50", "row-200", "before-commit", "after-commit"])
def test_kill_during_roster_import_leaves_all_or_nothing(db_path, roster_file, stop_at):
    _, last = run_and_kill("roster", db_path, stop_at, str(roster_file))
    assert last == ("DONE" if stop_at == -1 else "STOP")
    assert state(db_path) == ((ROWS, ROWS) if stop_at == -1 else (0, 0))
    open_database(db_path).dispose()


def _rollover_state(db: Path) -> tuple[int, int]:
    con = sqlite3.connect(db)
    try:
        return (con.execute("SELECT count(*) FROM academic_year").fetchone()[0],
                con.execute("SELECT count(*) FROM enrollment").fetchone()[0])
    finally:
        con.close()


def test_kill_during_rollover_leaves_all_or_nothing(db_path, tmp_path):
    crash_worker.bulk_write(db_path, lambda d, t: None, ROWS)  # 2026/2027: ROWS students in 7А
    trial = tmp_path / "trial.db"
    trial.write_bytes(db_path.read_bytes())
    writes, last = run_and_kill("rollover", trial, -1)  # a full run tells how many writes a rollover makes
    assert last == "DONE" and writes.startswith("W ")
    total = int(writes.split()[1])
    assert _rollover_state(trial) == (2, 2 * ROWS)
    state(trial)
    assert total >= 3
    for stop_at in sorted({1, total // 2, total}):  # the last write comes before the commit
        _, last = run_and_kill("rollover", db_path, stop_at)
        assert last == "STOP"
        state(db_path)
        assert _rollover_state(db_path) == (1, ROWS), stop_at
