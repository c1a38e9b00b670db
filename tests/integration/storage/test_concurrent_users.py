"""Several users at once on a real PostgreSQL server: two processes writing at the same moment.
Attendance of different events: both saved. The same event: one saved, the other refused (never
overwritten). Two different participation logs: both written, nothing lost."""
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
    procs = [subprocess.Popen([sys.executable, "-m", "tests.integration.storage.concurrent_worker", "attendance",
                               url, login, str(event), status, *map(str, students)],
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


def test_two_users_import_different_logs_at_once(pg_url, tmp_path):
    import openpyxl

    from app.models import Event, Partner
    from app.services.access import system_actor
    from app.services.uow import UnitOfWork
    from tests.events_data import make_roster

    database = open_database(pg_url)
    try:
        make_roster(UnitOfWork(database, system_actor("тест")),
                    classes={"7А": ["Иванов Иван Иванович", "Петрова Анна Сергеевна"], "8Б": ["Сидоров Олег Ильич"]})
    finally:
        database.dispose()
    header = ["Дата", "Мероприятие", "Категория", "Организатор", "Тип организатора", "ФИО", "Класс"]
    files = []
    for n, title in enumerate(("День открытых дверей колледжа", "Мастер-класс колледжа")):
        book = openpyxl.Workbook()
        ws = book.active
        ws.append(header)
        # Both logs name the same new organiser: both imports want to add it at the same moment.
        for name, label in (("Иванов Иван Иванович", "7А"), ("Петрова Анна Сергеевна", "7А"),
                            ("Сидоров Олег Ильич", "8Б")):
            ws.append([f"0{n + 1}.10.2026", title, "День открытых дверей", "Колледж сервиса", "ПОО", name, label])
        book.save(tmp_path / f"log{n}.xlsx")
        files.append(tmp_path / f"log{n}.xlsx")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    procs = [subprocess.Popen([sys.executable, "-m", "tests.integration.storage.concurrent_worker", "import", pg_url,
                               login, str(path)], cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True) for login, path in zip(("petrova", "sidorov"), files)]
    try:
        for p in procs:
            assert p.stdout.readline().strip() == "READY"
        for p in procs:
            p.stdin.write("GO\n")
            p.stdin.flush()
        out = [p.stdout.readline().strip() for p in procs]
    finally:
        for p in procs:
            p.stdin.close()
            p.wait(timeout=60)
    assert [line.split()[:2] for line in out] == [["SAVED", "3"], ["SAVED", "3"]], out
    database = open_database(pg_url)
    try:
        with database.session() as s:
            assert s.query(Event).count() == 2 and s.query(Participation).count() == 6
            assert s.query(Partner).filter_by(name="Колледж сервиса").count() == 1
    finally:
        database.dispose()
