"""`init`: create an empty database for a school (a file or a PostgreSQL server database).

What is created is chosen by one of a group of mutually exclusive options; each option adds its own entry
to INITIALISERS (today `--school`), so a new kind of database is one more option and one more function."""
from __future__ import annotations

import argparse
from collections.abc import Callable

from app.cli.context import add_db_argument, is_server


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "init", help="создать пустую базу данных школы",
        description="Создаёт пустую базу данных (файл или базу на сервере PostgreSQL) со всеми таблицами и "
                    "записывает в неё полное наименование школы. База, в которой уже есть школа, не изменяется.\n"
                    "Пример: main.py init --db postgresql+psycopg://proftrack_owner@server:5432/proftrack "
                    "--school \"МАОУ СОШ № 38\" --program-role proftrack")
    add_db_argument(p, required=True)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--school", metavar="НАИМЕНОВАНИЕ", help="полное наименование образовательной организации")
    p.add_argument("--program-role", metavar="РОЛЬ",
                   help="(только сервер PostgreSQL) роль, под которой компьютеры сотрудников подключаются к базе: "
                        "ей даются права на данные школы, а журнал аудита — только на добавление")
    p.set_defaults(handler=run)


def _init_school(args: argparse.Namespace) -> str:
    from app.services.school.new_database import create_school_database

    name = create_school_database(args.db, full_name=args.school)
    return f"Создана база данных школы «{args.school.strip()}»: {name}."


# The option of the mutually exclusive group that was given → what makes that database.
INITIALISERS: dict[str, Callable[[argparse.Namespace], str]] = {"school": _init_school}


def run(args: argparse.Namespace) -> int:
    from app.services.errors import UserError

    if args.program_role and not is_server(args.db):
        raise UserError("--program-role относится только к базе на сервере PostgreSQL.")
    option = next(name for name in INITIALISERS if getattr(args, name, None) is not None)
    print(INITIALISERS[option](args))
    if args.program_role:
        from app.services.storage.database import Database
        from app.services.storage.server import grant_program_role

        database = Database.open(args.db)
        try:
            grant_program_role(database, args.program_role)
        finally:
            database.dispose()
        print(f"Роли «{args.program_role}» даны права программы (журнал аудита — только добавление записей).")
    return 0
