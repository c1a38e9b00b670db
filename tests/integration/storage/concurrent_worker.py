"""A second (third…) user for the concurrency tests: a separate process that reads an event's attendance
sheet, says READY, waits for GO on stdin, then saves its marks from that sheet.

    python -m tests.integration.storage.concurrent_worker URL LOGIN EVENT_ID STATUS STUDENT_ID...

Prints `SAVED n` or `REFUSED message`."""
from __future__ import annotations

import sys

from app.services.access import Actor, Role
from app.services.errors import UserError
from app.services.events.attendance import AttendanceMark, load_attendance, save_attendance
from app.services.storage.migrations import open_database
from app.services.uow import UnitOfWork


def main(url: str, login: str, event_id: str, status: str, *student_ids: str) -> None:
    database = open_database(url)
    actor = Actor(login=login, role=Role.COORDINATOR)
    sheet = load_attendance(UnitOfWork(database, actor), int(event_id))
    print("READY", flush=True)
    sys.stdin.readline()
    try:
        summary = save_attendance(UnitOfWork(database, actor), int(event_id),
                                  [AttendanceMark(int(s), status) for s in student_ids], expected_version=sheet.version)
        print(f"SAVED {summary.added + summary.changed}", flush=True)
    except UserError as exc:
        print(f"REFUSED {exc}", flush=True)
    finally:
        database.dispose()


if __name__ == "__main__":
    main(*sys.argv[1:])
