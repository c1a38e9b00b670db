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


DB_HELP = ("файл базы данных или адрес сервера postgresql+psycopg://ПОЛЬЗОВАТЕЛЬ:ПАРОЛЬ@СЕРВЕР:ПОРТ/БАЗА "
           "(по умолчанию — база школы в папке данных программы; пароль можно передать в PGPASSWORD)")


def db_target(value: str) -> Path | str:
    """A `--db` value: a server URL stays text (a Path would fold its «//»), anything else is a file."""
    if value.lower().startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
        return value
    return Path(value)


def is_server(target: Path | str) -> bool:
    return isinstance(target, str)


def add_db_argument(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    parser.add_argument("--db", metavar="ПУТЬ_ИЛИ_АДРЕС", type=db_target, required=required, help=DB_HELP)


def resolve_db_path(args: argparse.Namespace) -> Path | str:
    """The database the command works on: a file (Path) or a server URL (str)."""
    if getattr(args, "db", None):
        return args.db
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
    if must_exist and not is_server(path) and not Path(path).exists():
        raise UserError(f"Файл базы данных «{path}» не найден.")
    return CommandContext(open_database(path), system_actor("командная строка"))
