"""The program keeps the planner's statistics itself: after the demo build, on a file that has none,
and never failing the caller when the file is busy."""
from __future__ import annotations

import datetime as dt
import sqlite3

from app.services.demo.build import build_demo
from app.services.storage import database as database_module
from app.services.storage.optimize import optimize


def stats(path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            return {}
        return dict(con.execute("SELECT tbl, COUNT(*) FROM sqlite_stat1 GROUP BY tbl").fetchall())
    finally:
        con.close()


def test_the_demo_build_leaves_statistics(database, db_path):
    assert stats(db_path) == {}
    build_demo(database, students=300, today=dt.date(2026, 12, 1))
    found = stats(db_path)
    assert found.get("participation", 0) >= 2 and "enrollment" in found and "student" in found


def test_a_file_without_statistics_is_analysed_then_kept_current(database, db_path):
    con = sqlite3.connect(db_path)
    con.executemany("INSERT INTO student (last_name, first_name, patronymic, has_ovz, has_disability, left_reason, "
                    "is_anonymized) VALUES (?, 'Имя', '', 0, 0, '', 0)", [(f"Ученик{i}",) for i in range(500)])
    con.commit()
    con.close()
    optimize(database)
    con = sqlite3.connect(db_path)
    try:
        rows = con.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'student'").fetchall()
    finally:
        con.close()
    assert rows and all(r[0].startswith("500") for r in rows)
    optimize(database)  # statistics there now: PRAGMA optimize, which leaves them as they are
    assert stats(db_path)["student"] == len(rows)


def test_a_busy_file_is_left_for_next_time(database, db_path, monkeypatch):
    monkeypatch.setattr(database_module, "BUSY_TIMEOUT_MS", 50)
    database.dispose()  # connections opened from here on wait 50 ms for a lock
    holder = sqlite3.connect(db_path)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        optimize(database, bulk_load=True)  # does not raise
    finally:
        holder.rollback()
        holder.close()
    assert stats(db_path) == {}
