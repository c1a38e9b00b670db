"""`copy-db`: move a school's whole database between a file and a PostgreSQL server (either way)."""
from __future__ import annotations

import argparse
import sys

from app.cli.context import DB_HELP, db_target, give_program_role, is_server


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "copy-db", help="перенести базу школы между файлом и сервером PostgreSQL",
        description="Копирует все данные школы из одной базы в другую, пустую: из файла на сервер PostgreSQL "
                    "или с сервера в файл. Всё или ничего: после копирования сверяется число записей каждой "
                    "таблицы. База, в которой уже есть данные, не изменяется.")
    p.add_argument("--from", dest="source", metavar="ОТКУДА", type=db_target, required=True, help=DB_HELP)
    p.add_argument("--to", dest="target", metavar="КУДА", type=db_target, required=True,
                   help="пустая база: новый файл или пустая база на сервере")
    p.add_argument("--program-role", metavar="РОЛЬ",
                   help="(когда КУДА — сервер) роль компьютеров сотрудников: права на данные школы, журнал "
                        "аудита — только добавление")
    p.set_defaults(handler=run)


def _progress(done: int, total: int) -> None:
    print(f"\rКопирование: {done * 100 // max(total, 1):3d} %", end="", file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    from app.services.errors import UserError
    from app.services.storage.transfer import copy_database

    if args.program_role and not is_server(args.target):
        raise UserError("--program-role относится только к базе на сервере PostgreSQL (КУДА).")

    result = copy_database(args.source, args.target, progress=_progress if sys.stderr.isatty() else None)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"База скопирована: {result.source} → {result.target}. Записей: {result.total}; число записей "
          f"каждой из {len(result.rows)} таблиц совпало.")
    if args.program_role:
        give_program_role(args.target, args.program_role)
    return 0
