"""What a command needs: the database (opened and migrated) and the acting user."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

# Every command module imports this one when the parser is built, also for the windows: keep it light
# (the database layer is imported when a command runs).
if TYPE_CHECKING:
    from app.services.access import Actor
    from app.services.storage.database import Database
    from app.services.uow import UnitOfWork


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    # A destination of its own: the command's default would otherwise overwrite a `--db` given before the
    # command (`main.py --db FILE info`), and the command would silently run on the default school.
    parser.add_argument("--db", dest="command_db", metavar="ПУТЬ", type=Path,
                        help="файл базы данных (по умолчанию — база школы в папке данных программы); "
                             "можно указать и перед командой")


def merge_db_arguments(args: argparse.Namespace) -> str | None:
    """One `--db` from either place, before or after the command; a message when the two name different
    files (then nothing must run)."""
    after = getattr(args, "command_db", None)
    before = getattr(args, "db", None)
    if after is not None and before is not None and Path(after).resolve() != Path(before).resolve():
        return f"--db указан дважды и называет разные файлы: «{before}» и «{after}»; укажите один."
    if after is not None:
        args.db = after
    return None


def resolve_db_path(args: argparse.Namespace) -> Path:
    if getattr(args, "db", None):
        return Path(args.db)
    from app.paths import default_database
    return default_database()


@dataclass
class CommandContext:
    database: Database
    actor: Actor

    def uow(self) -> UnitOfWork:
        from app.services.uow import UnitOfWork

        return UnitOfWork(self.database, self.actor)

    def close(self) -> None:
        self.database.dispose()


def open_context(args: argparse.Namespace, *, must_exist: bool = True) -> CommandContext:
    from app.services.access import system_actor
    from app.services.errors import UserError
    from app.services.storage.migrations import open_database

    path = resolve_db_path(args)
    if must_exist and not path.exists():
        raise UserError(f"Файл базы данных «{path}» не найден.")
    return CommandContext(open_database(path), system_actor("командная строка"))
