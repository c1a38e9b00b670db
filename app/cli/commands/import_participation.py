"""`import-participation FILE`: load a participation log (журнал участия) — all or nothing."""
from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import add_db_argument, open_context
from app.services.events.participation_import import (apply_participation_import, plan_participation_import,
                                               read_participation_log)


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "import-participation", help="загрузить журнал участия в мероприятиях (XLSX/CSV)",
        description="Загружает журнал участия: столбцы «Дата», «Мероприятие», «Категория», «ФИО», «Класс», "
                    "«Отметка»… Мероприятия создаются один раз по дате и названию. Если в файле есть ошибки, "
                    "ничего не записывается.")
    p.add_argument("file", metavar="ФАЙЛ", type=Path, help="файл журнала участия (.xlsx или .csv)")
    p.add_argument("--dry-run", action="store_true",
                   help="только проверить файл и показать, что будет загружено, ничего не записывая")
    add_db_argument(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    log = read_participation_log(args.file)
    ctx = open_context(args)
    try:
        if args.dry_run:
            plan = plan_participation_import(ctx.uow(), log)
        else:
            plan = apply_participation_import(ctx.uow(), log)
    finally:
        ctx.close()
    print("Проверка пройдена, ничего не записано." if args.dry_run else "Журнал участия загружен.")
    for line in plan.summary_lines():
        print(line)
    if plan.backup:
        print(f"Резервная копия базы перед загрузкой: {plan.backup}")
    return 0
