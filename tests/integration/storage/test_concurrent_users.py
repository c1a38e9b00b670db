"""Several users at once on a real PostgreSQL server: two processes saving attendance at the same moment.
Different events: both saved. The same event: one saved, the other refused (never overwritten)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.models import Participation
from app.services.storage.migrations import open_database
from tests.small_school import build_small_school

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def school_url(pg_url):
    database = open_database(pg_url)
    try:
        school = build_small_school(database)
    finally:
        database.dispose()
    return pg_url, school


def run_together(url: str, *jobs: tuple[str, int, str, list[int]]) -> list[str]:
    """Start one process per job, let each read its sheet, then release them all at once."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-m", "tests.integration.storage.concurrent_worker", url, login,
                               str(event), status, *map(str, students)],
                              cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
             for login, event, status, students in jobs]
    try:
        for p in procs:
            assert p.stdout.readline().strip() == "READY"
        for p in procs:          # as close to the same instant as two processes get
            p.stdin.write("GO\n")
            p.stdin.flush()
        return [p.stdout.readline().strip() for p in procs]
    finally:
        for p in procs:
            p.stdin.close()
            p.wait(timeout=60)


def marks(url: str, event_id: int) -> dict[int, str]:
    database = open_database(url)
    try:
        with database.session() as s:
            return {p.student_id: p.status for p in s.query(Participation).filter_by(event_id=event_id)}
    finally:
        database.dispose()


def test_two_users_mark_different_events_at_once(school_url):
    url, school = school_url
    s = school.students
    out = run_together(url, ("petrova", school.events["horizons"], "attended", [s["Дятлов"], s["Ворошилов"]]),
                       ("sidorov", school.events["bvb_trial"], "attended", [s["Жукова"], s["Зуев"]]))
    assert out == ["SAVED 2", "SAVED 2"]
    assert {s["Дятлов"], s["Ворошилов"]} <= set(marks(url, school.events["horizons"]))
    assert set(marks(url, school.events["bvb_trial"])) >= {s["Жукова"], s["Зуев"]}


def test_two_users_mark_the_same_event_at_once_the_second_is_refused(school_url):
    url, school = school_url
    s = school.students
    event = school.events["bvb_trial"]
    out = run_together(url, ("petrova", event, "attended", [s["Дятлов"], s["Жукова"]]),
                       ("sidorov", event, "absent", [s["Дятлов"], s["Зуев"]]))
    assert sorted(line.split()[0] for line in out) == ["REFUSED", "SAVED"]
    winner = out.index(next(line for line in out if line.startswith("SAVED")))
    refused = out[1 - winner]
    assert "запись изменил(а)" in refused and ("petrova" if winner == 0 else "sidorov") in refused
    got = marks(url, event)
    if winner == 0:
        assert got[s["Дятлов"]] == "attended" and s["Жукова"] in got and s["Зуев"] not in got
    else:
        assert got[s["Дятлов"]] == "absent" and s["Зуев"] in got and s["Жукова"] not in got
