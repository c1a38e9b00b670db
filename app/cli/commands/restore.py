"""`restore`: replace the school database by a backup copy (after a copy of the current state)."""
from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import add_db_argument, give_program_role, is_server, resolve_db_path
from app.services.access import system_actor
from app.services.storage.opening import COMMAND_LOCK_WAIT_SECONDS, take_database
from app.services.storage.restore import restore_backup


def register(subparsers) -> None:
    p = subparsers.add_parser("restore", help="восстановить базу из резервной копии",
                              description="Заменяет данные базы данными из резервной копии. Перед этим "
                                          "текущее состояние сохраняется в папку backups рядом с базой.")
    p.add_argument("file", metavar="ФАЙЛ", type=Path, help="файл резервной копии")
    add_db_argument(p)
    p.add_argument("--program-role", metavar="РОЛЬ",
                   help="(только сервер PostgreSQL) роль компьютеров сотрудников: копия не несёт её прав, "
                        "они даются заново")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    path = resolve_db_path(args)
    if is_server(path):
        # A server backup goes onto a fresh, empty server database (the lock file is for SQLite only).
        from app.services.storage.server import restore_server
        from app.services.storage.transfer import describe_target
        restore_server(path, args.file)
        print(f"База {describe_target(path)} восстановлена из копии «{args.file.name}».")
        if args.program_role:
            give_program_role(path, args.program_role)
        return 0
    # Never under an open program window; a damaged file is just what a restore mends, so it is not refused.
    opening = take_database(path, wait_seconds=COMMAND_LOCK_WAIT_SECONDS)
    try:
        actor = _restorer(path, args) if opening.damage is None and path.exists() else system_actor("командная строка")
        result = restore_backup(path, args.file, actor=actor)
    finally:
        opening.release()
    print(f"База «{path.name}» восстановлена из копии от {result.taken_at:%d.%m.%Y %H:%M} "
          f"(обучающихся: {result.students}, мероприятий: {result.events}).")
    if result.safety_copy:
        print(f"Прежнее состояние сохранено: {result.safety_copy}")
    if result.damaged_set_aside:
        print(f"Повреждённый файл переименован: {result.damaged_set_aside}")
    return 0


def _restorer(path: Path, args: argparse.Namespace):
    """Who restores a sound database that has accounts: a signed-in user with the right to restore. Otherwise a
    copy from before the accounts were made would undo them, and with them every other protection. (A damaged
    file cannot be asked who may restore it: that case stays open, as in the window's recovery at start.)"""
    from app.cli.signin import signed_in_actor
    from app.services.access import Permission
    from app.services.errors import PermissionDenied
    from app.services.storage.migrations import open_database
    from app.services.uow import PERMISSION_DENIED_MESSAGE

    database = open_database(path)
    try:
        actor = signed_in_actor(database, args)
    finally:
        database.dispose()
    if not actor.has(Permission.RESTORE):
        raise PermissionDenied(PERMISSION_DENIED_MESSAGE.format(action="восстановление из резервной копии"))
    return actor
