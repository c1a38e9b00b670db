"""A second (third…) user for the concurrency tests: a separate process that prepares its action, says
READY, waits for GO on stdin, then does it.

    python -m tests.integration.storage.concurrent_worker attendance URL LOGIN EVENT_ID STATUS STUDENT_ID...
    python -m tests.integration.storage.concurrent_worker import URL LOGIN FILE

Attendance: reads the event's sheet first, saves its marks from that sheet. Import: reads the log file
first, then writes it; refused because another user took the same new record at that moment, it tries
once more, as the user would. Prints `SAVED n` or `REFUSED message` (an import retried: `SAVED n RETRIED`)."""
from __future__ import annotations

import sys
from pathlib import Path

from app.services.access import Actor, Role
from app.services.errors import UserError
from app.services.events.attendance import AttendanceMark, load_attendance, save_attendance
from app.services.events.participation_import import apply_participation_import, read_participation_log
from app.services.storage.connection import ServerConflict
from app.services.storage.migrations import open_database
from app.services.uow import UnitOfWork


def attendance(database, actor, event_id: str, status: str, *student_ids: str) -> str:
    sheet = load_attendance(UnitOfWork(database, actor), int(event_id))
    print("READY", flush=True)
    sys.stdin.readline()
    summary = save_attendance(UnitOfWork(database, actor), int(event_id),
                              [AttendanceMark(int(s), status) for s in student_ids], expected_version=sheet.version)
    return f"SAVED {summary.added + summary.changed}"


def import_log(database, actor, file: str) -> str:
    log = read_participation_log(Path(file))
    print("READY", flush=True)
    sys.stdin.readline()
    try:
        plan = apply_participation_import(UnitOfWork(database, actor), log, backup=False)
        retried = ""
    except ServerConflict:
        plan = apply_participation_import(UnitOfWork(database, actor), read_participation_log(Path(file)),
                                          backup=False)
        retried = " RETRIED"
    return f"SAVED {plan.marks_new}{retried}"


def main(mode: str, url: str, login: str, *args: str) -> None:
    database = open_database(url)
    actor = Actor(login=login, role=Role.COORDINATOR)
    try:
        print({"attendance": attendance, "import": import_log}[mode](database, actor, *args), flush=True)
    except UserError as exc:
        print(f"REFUSED {exc}", flush=True)
    finally:
        database.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:])
