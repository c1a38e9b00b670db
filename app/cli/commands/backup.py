"""`backup`: a checked copy of the school database to a file or folder (a USB stick)."""
from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import add_db_argument, open_context
from app.services.storage.backups import describe_backup, export_backup


def register(subparsers) -> None:
    p = subparsers.add_parser("backup", help="сделать резервную копию базы в файл или папку",
                              description="Записывает проверенную копию базы данных (можно во время работы "
                                          "программы). Если указана папка, имя файла составляется из даты и времени.")
    p.add_argument("--out", metavar="ФАЙЛ", type=Path, required=True, help="файл копии или папка для неё")
    add_db_argument(p)
    p.set_defaults(handler=run)


def _backup_server(ctx, out: Path) -> int:
    import datetime as dt

    from app.services.storage.server import backup_server

    if out.is_dir():
        out = out / f"proftrack_{dt.datetime.now():%Y-%m-%d_%H-%M-%S}.backup"
    result = backup_server(ctx.database, out)
    how = "pg_dump" if result.kind == "pg_dump" else "копия в файл SQLite (pg_dump не установлен)"
    print(f"Резервная копия базы {ctx.database.name} записана: {result.path} ({how}).")
    print("Восстановление на новый сервер: main.py restore ФАЙЛ --db АДРЕС_ПУСТОЙ_БАЗЫ")
    return 0


def run(args: argparse.Namespace) -> int:
    ctx = open_context(args, sign_in=False)  # a copy of the database as it is: no personal data is read
    if ctx.database.is_server:
        try:
            return _backup_server(ctx, args.out)
        finally:
            ctx.close()
    try:
        target = export_backup(ctx.uow(), args.out)
    finally:
        ctx.close()
    info = describe_backup(target)
    print(f"Резервная копия записана и проверена: {target}")
    print(f"Обучающихся: {info.students}, мероприятий: {info.events}.")
    return 0
