"""A child process for the kill -9 tests: runs one long write and reports its progress on stdout.

    python -m tests.integration.crash_worker OPERATION DATABASE STOP_AT [ARG]

Each progress step prints `P done total` (operations without progress, like the rollover, count their
data-changing SQL statements instead: `W n`). At the STOP_AT-th progress step the worker prints `STOP` and
waits forever, so the parent can kill it at exactly that point; STOP_AT = -1 lets the operation finish
(prints `DONE`, then waits). STOP_AT = 0 never stops: the parent kills it at a random moment.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path


def _progress(stop_at: int):
    calls = 0

    def progress(done: int, total: int) -> None:
        nonlocal calls
        calls += 1
        _report(f"P {done} {total}", stop=stop_at > 0 and calls >= stop_at)
    return progress


def _report(line: str, *, stop: bool) -> None:
    """Tell the parent where we are; at the stop point, say so and wait to be killed."""
    print(line, flush=True)
    if stop:
        print("STOP", flush=True)
        while True:
            time.sleep(60)


def bulk_write(database_path: Path, progress, rows: int) -> None:
    """Students and their enrolments written in one unit of work, as every import does."""
    import datetime as dt

    from app.models import Enrollment, SchoolClass, Student
    from app.services.access import system_actor
    from app.services.calendar import get_or_create_year
    from app.services.storage.migrations import open_database
    from app.services.uow import UnitOfWork

    database = open_database(database_path)
    with UnitOfWork(database, system_actor()) as uow:
        year = get_or_create_year(uow.session, 2026)
        cls = SchoolClass(year_id=year.id, grade=7, letter="А")
        uow.session.add(cls)
        uow.session.flush()
        for i in range(rows):
            student = Student(last_name=f"Ученик{i:05d}", first_name="Иван", birth_date=dt.date(2013, 1, 1))
            uow.session.add(student)
            uow.session.flush()
            uow.session.add(Enrollment(student_id=student.id, year_id=year.id, class_id=cls.id))
            progress(i + 1, rows)
        uow.audit("students.import", details=f"{rows} rows")
        uow.commit()
    database.dispose()


def restore(database_path: Path, progress, backup: str) -> None:
    from app.services.access import system_actor
    from app.services.storage.restore import restore_backup

    restore_backup(database_path, Path(backup), actor=system_actor(), progress=progress)


def roster_import(database_path: Path, progress, roster: str) -> None:
    """The real roster import («Загрузить список обучающихся») of an XLSX file."""
    from app.services.access import system_actor
    from app.services.storage.migrations import open_database
    from app.services.students.roster_import import import_roster
    from app.services.uow import UnitOfWork

    database = open_database(database_path)
    import_roster(UnitOfWork(database, system_actor()), Path(roster), start_year=2026, progress=progress)
    database.dispose()


def rollover(database_path: Path, _progress, _arg: str) -> None:
    """The real year rollover (переход на новый учебный год) from 2026/2027."""
    from app.services.access import system_actor
    from app.services.storage.migrations import open_database
    from app.services.students.rollover import apply_rollover
    from app.services.uow import UnitOfWork

    database = open_database(database_path)
    apply_rollover(UnitOfWork(database, system_actor()), from_year=2026)
    database.dispose()


def stop_at_write(stop_at: int) -> None:
    """For operations without a progress callback: count the data-changing SQL statements of every
    engine (`W n` on stdout) and stop after the `stop_at`-th one, before the transaction commits."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    count = 0

    def after_execute(_conn, _cursor, statement, *_args) -> None:
        nonlocal count
        if not statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            return
        count += 1
        _report(f"W {count}", stop=stop_at > 0 and count >= stop_at)

    event.listen(Engine, "after_cursor_execute", after_execute)


OPERATIONS = {"bulk": lambda db, p, arg: bulk_write(db, p, int(arg or 2000)), "restore": restore,
              "roster": roster_import, "rollover": rollover}
COUNTED_BY_WRITES = {"rollover"}


def main(argv: list[str]) -> None:
    operation, database, stop_at = argv[0], Path(argv[1]), int(argv[2])
    arg = argv[3] if len(argv) > 3 else ""
    if operation in COUNTED_BY_WRITES:
        stop_at_write(stop_at)
        progress = lambda _done, _total: None  # noqa: E731
    else:
        progress = _progress(stop_at)
    OPERATIONS[operation](database, progress, arg)
    print("DONE", flush=True)
    while stop_at != 0:
        time.sleep(60)


if __name__ == "__main__":
    main(sys.argv[1:])
