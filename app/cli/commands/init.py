"""`init`: create a database — a school's (--school) or a municipality's (--municipality), never both."""
from __future__ import annotations

import argparse
from pathlib import Path

from app.services.errors import UserError


def register(subparsers) -> None:
    p = subparsers.add_parser("init", help="создать базу данных школы или муниципалитета",
                              description="Создаёт базу данных: школы (--school) или муниципального органа "
                                          "управления образованием (--municipality), куда школы присылают отчёты.")
    p.add_argument("--db", required=True, metavar="ПУТЬ", help="файл базы данных")
    kind = p.add_mutually_exclusive_group(required=True)
    kind.add_argument("--school", metavar="НАИМЕНОВАНИЕ", help="полное наименование школы (ОО)")
    kind.add_argument("--municipality", metavar="НАИМЕНОВАНИЕ",
                      help="наименование органа управления образованием")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.services.access import system_actor
    from app.services.storage.migrations import open_database
    from app.services.uow import UnitOfWork

    if "://" in args.db:
        raise UserError(f"«{args.db}»: эта версия ПрофТрека создаёт базу данных только в файле SQLite; "
                        "укажите путь к файлу.")
    path = Path(args.db)
    existed = path.exists()
    database = open_database(path)
    try:
        if args.municipality is not None:
            from app.services.municipality import create_municipality
            create_municipality(database, args.municipality)
            print(f"Создана база муниципалитета «{' '.join(args.municipality.split())}»: {path}")
        else:
            _create_school(UnitOfWork(database, system_actor("создание базы")), args.school, path)
            print(f"Создана база школы «{' '.join(args.school.split())}»: {path}")
    except UserError:
        database.dispose()
        if not existed:
            from app.services.storage.database import delete_database_files
            delete_database_files(path)
        raise
    database.dispose()
    return 0


def _create_school(uow, name: str, path: Path) -> None:
    from app.services.municipality import MUNICIPALITY, database_kind
    from app.services.school.details import SchoolDetails, get_school, save_school

    existing = get_school(uow)
    if existing.full_name or existing.short_name or database_kind(uow) == MUNICIPALITY:
        raise UserError(f"В базе данных «{path.name}» уже есть школа или муниципалитет. Файл не изменён.")
    save_school(uow, SchoolDetails(full_name=" ".join(name.split())))
