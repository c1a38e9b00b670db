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
    from app.services.storage.opening import Opening
    from app.services.uow import UnitOfWork


DB_HELP = ("файл базы данных или адрес сервера postgresql+psycopg://ПОЛЬЗОВАТЕЛЬ:ПАРОЛЬ@СЕРВЕР:ПОРТ/БАЗА "
           "(по умолчанию — база школы в папке данных программы; пароль можно передать в PGPASSWORD); "
           "можно указать и перед командой")


def merge_db_arguments(args: argparse.Namespace) -> str | None:
    """One `--db` from either place, before or after the command; a message when the two name different
    databases (then nothing must run), or when a command that needs one got none."""
    after = getattr(args, "command_db", None)
    before = getattr(args, "db", None)
    if after is not None and before is not None and _same_target(after, before) is False:
        return f"--db указан дважды и называет разные базы: «{_shown(before)}» и «{_shown(after)}»; укажите одну."
    if after is not None:
        args.db = after
    if getattr(args, "db_required", False) and getattr(args, "db", None) is None:
        return "укажите базу данных: --db ПУТЬ_ИЛИ_АДРЕС"
    return None


def _same_target(a: Path | str, b: Path | str) -> bool:
    if is_server(a) or is_server(b):
        return a == b
    return Path(a).resolve() == Path(b).resolve()


def _shown(target: Path | str) -> str:
    if is_server(target):
        from app.services.storage.database import mask_url
        return mask_url(target)
    return str(target)


def db_target(value: str) -> Path | str:
    """A `--db` value: a server URL stays text (a Path would fold its «//»), anything else is a file."""
    if value.lower().startswith(("postgresql://", "postgresql+psycopg://", "postgres://")):
        return value
    return Path(value)


def is_server(target: Path | str) -> bool:
    return isinstance(target, str)


def add_db_argument(parser: argparse.ArgumentParser, *, required: bool = False) -> None:
    from app.cli.signin import add_user_argument

    # A destination of its own: the command's default would otherwise overwrite a `--db` given before the
    # command (`main.py --db FILE info`), and the command would silently run on the default school.
    # `required` is checked after both places are merged (merge_db_arguments).
    parser.add_argument("--db", dest="command_db", metavar="ПУТЬ_ИЛИ_АДРЕС", type=db_target, help=DB_HELP)
    if required:
        parser.set_defaults(db_required=True)
    add_user_argument(parser)


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
    opening: Opening | None = None

    def uow(self) -> UnitOfWork:
        from app.services.uow import UnitOfWork

        return UnitOfWork(self.database, self.actor)

    def close(self) -> None:
        self.database.dispose()
        if self.opening is not None:
            self.opening.release()


def open_context(args: argparse.Namespace, *, must_exist: bool = True, sign_in: bool = True) -> CommandContext:
    """The database through the window's own door (network share refused, the one-program lock, the
    start-up check; storage.opening), opened and migrated, and the acting user: signed in with `--user`
    once accounts exist (cli.signin), unless `sign_in` is False (commands that touch no personal data)."""
    from app.cli.signin import show_recovery_key, signed_in_actor
    from app.services.access import system_actor
    from app.services.accounts.audit_chain import restore_audit_triggers
    from app.services.storage.migrations import open_database
    from app.services.storage.opening import take_for_command

    path = resolve_db_path(args)
    if is_server(path):
        # A server has no file: the lock, the network-share refusal and the file check are SQLite's.
        opening = None
        database = open_database(path)
    else:
        opening = take_for_command(path, must_exist=must_exist)
        try:
            database = open_database(path)
            restore_audit_triggers(database)
            if database.notes_recovery_key:
                show_recovery_key(database.notes_recovery_key)
        except BaseException:
            opening.release()
            raise
    try:
        actor = signed_in_actor(database, args) if sign_in else system_actor("командная строка")
    except BaseException:
        database.dispose()
        if opening is not None:
            opening.release()
        raise
    return CommandContext(database, actor, opening)


def give_program_role(target: Path | str, role: str) -> None:
    """`--program-role` of init, copy-db and restore: the staff's role gets the program's rights on the server
    database (the audit log: append only)."""
    from app.services.storage.database import Database
    from app.services.storage.server import grant_program_role

    database = Database.open(target)
    try:
        grant_program_role(database, role)
    finally:
        database.dispose()
    print(f"Роли «{role}» даны права программы (журнал аудита — только добавление записей).")
