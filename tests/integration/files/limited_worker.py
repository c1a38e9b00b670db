"""A child process for the hostile-file tests: reads one file with one importer's reader under an
address-space limit and prints what the user would be told.

    python -m tests.integration.files.limited_worker READER PATH [MEGABYTES]

READER is `roster`, `roadmap`, `participation`, `class-sheet` (a class's attendance sheet, on a fresh database
made beside the file) or `form` (a ministry's report form). Prints `REFUSED <message>` for a UserError, `READ <n>` when
the file was read (n = rows or items), or lets any other exception end the process with a traceback."""
from __future__ import annotations

import resource
import sys
from pathlib import Path


def main() -> int:
    reader, path = sys.argv[1], Path(sys.argv[2])
    megabytes = int(sys.argv[3]) if len(sys.argv) > 3 else 512
    # Import everything the readers need before the limit, as the program has it loaded by then too.
    import docx  # noqa: F401
    import openpyxl  # noqa: F401

    from app.services.errors import UserError
    from app.services.events.participation_import import read_participation_log
    from app.services.roadmap.file_import import read_roadmap_file
    from app.services.events.class_sheets import preview_class_sheet
    from app.services.reports.form_fill import open_form
    from app.services.students.roster_import import read_roster

    uow = None
    if reader == "class-sheet":
        from app.services.access import system_actor
        from app.services.storage.migrations import open_database
        from app.services.uow import UnitOfWork
        uow = UnitOfWork(open_database(path.with_name("worker.db")), system_actor())

    limit = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        if reader == "roster":
            _header, rows, _problems = read_roster(path, start_year=2025)
            print(f"READ {len(rows)}", flush=True)
        elif reader == "roadmap":
            print(f"READ {len(read_roadmap_file(path).all_items())}", flush=True)
        elif reader == "participation":
            print(f"READ {len(read_participation_log(path).rows)}", flush=True)
        elif reader == "class-sheet":
            preview_class_sheet(uow, path)
            print("READ 0", flush=True)
        elif reader == "form":
            print(f"READ {len(open_form(path).worksheets)}", flush=True)
        else:
            raise SystemExit(f"unknown reader {reader}")
    except UserError as exc:
        print(f"REFUSED {exc}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
