"""`init`: create an empty database — a school's (--school) or a municipality's (--municipality), never
both — in a file or a PostgreSQL server database.

What is created is chosen by one of a group of mutually exclusive options; each option adds its own entry
to INITIALISERS, so a new kind of database is one more option and one more function."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from app.cli.context import add_db_argument, give_program_role, is_server


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "init", help="создать базу данных школы или муниципалитета",
        description="Создаёт пустую базу данных (файл или базу на сервере PostgreSQL) со всеми таблицами: "
                    "школы (--school) или муниципального органа управления образованием (--municipality), куда "
                    "школы присылают отчёты. База, в которой уже есть школа или муниципалитет, не изменяется.\n"
                    "Пример: main.py init --db postgresql+psycopg://proftrack_owner@server:5432/proftrack "
                    "--school \"МАОУ СОШ № 38\" --program-role proftrack")
    add_db_argument(p, required=True)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--school", metavar="НАИМЕНОВАНИЕ", help="полное наименование образовательной организации")
    what.add_argument("--municipality", metavar="НАИМЕНОВАНИЕ", help="наименование органа управления образованием")
    p.add_argument("--program-role", metavar="РОЛЬ",
                   help="(только сервер PostgreSQL) роль, под которой компьютеры сотрудников подключаются к базе: "
                        "ей даются права на данные школы, а журнал аудита — только на добавление")
    p.set_defaults(handler=run)


def _init_school(args: argparse.Namespace) -> str:
    from app.services.school.new_database import create_school_database

    name = create_school_database(args.db, full_name=args.school)
    return f"Создана база данных школы «{args.school.strip()}»: {name}."


def _init_municipality(args: argparse.Namespace) -> str:
    from app.services.errors import UserError
    from app.services.municipality import create_municipality
    from app.services.storage.database import delete_database_files, is_server_url
    from app.services.storage.migrations import open_database

    target = args.db
    existed = is_server_url(target) or Path(target).exists()
    if not is_server_url(target):
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    database = open_database(target)
    try:
        create_municipality(database, args.municipality)
    except UserError:
        database.dispose()
        if not existed:   # a file made just now for nothing
            delete_database_files(Path(target))
        raise
    database.dispose()
    return f"Создана база муниципалитета «{' '.join(args.municipality.split())}»: {database.name}."


# The option of the mutually exclusive group that was given → what makes that database.
INITIALISERS: dict[str, Callable[[argparse.Namespace], str]] = {"school": _init_school,
                                                                "municipality": _init_municipality}


def run(args: argparse.Namespace) -> int:
    from app.services.errors import UserError

    if args.program_role and not is_server(args.db):
        raise UserError("--program-role относится только к базе на сервере PostgreSQL.")
    option = next(name for name in INITIALISERS if getattr(args, name, None) is not None)
    print(INITIALISERS[option](args))
    if args.program_role:
        give_program_role(args.db, args.program_role)
    return 0
