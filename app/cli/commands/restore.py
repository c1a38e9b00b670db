"""`restore`: replace the school database by a backup copy (after a copy of the current state)."""
from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import add_db_argument, resolve_db_path
from app.services.access import system_actor
from app.services.storage.opening import COMMAND_LOCK_WAIT_SECONDS, take_database
from app.services.storage.restore import restore_backup


def register(subparsers) -> None:
    p = subparsers.add_parser("restore", help="восстановить базу из резервной копии",
                              description="Заменяет данные базы данными из резервной копии. Перед этим "
                                          "текущее состояние сохраняется в папку backups рядом с базой.")
    p.add_argument("file", metavar="ФАЙЛ", type=Path, help="файл резервной копии")
    add_db_argument(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    path = resolve_db_path(args)
    # Never under an open program window; a damaged file is just what a restore mends, so it is not refused.
    opening = take_database(path, wait_seconds=COMMAND_LOCK_WAIT_SECONDS)
    try:
        result = restore_backup(path, args.file, actor=system_actor("командная строка"))
    finally:
        opening.release()
    print(f"База «{path.name}» восстановлена из копии от {result.taken_at:%d.%m.%Y %H:%M} "
          f"(обучающихся: {result.students}, мероприятий: {result.events}).")
    if result.safety_copy:
        print(f"Прежнее состояние сохранено: {result.safety_copy}")
    if result.damaged_set_aside:
        print(f"Повреждённый файл переименован: {result.damaged_set_aside}")
    return 0
