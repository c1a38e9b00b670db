"""`import-graduates FILE --year 2024/2025`: where the year's 9th and 11th graders went — all or nothing."""
from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import add_db_argument, open_context
from app.services.calendar import parse_year_title
from app.services.events.graduates import import_graduates, plan_graduates_import


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "import-graduates", help="загрузить сведения о выпускниках 9 и 11 классов (XLSX/CSV)",
        description="Загружает столбцы «ФИО», «Класс», «Продолжение обучения», «Учебное заведение», «В своём "
                    "регионе», «По профилю», «Предметы ГИА по профилю». Если в файле есть ошибки, ничего не "
                    "записывается.")
    p.add_argument("file", metavar="ФАЙЛ", type=Path, help="файл со сведениями о выпускниках")
    p.add_argument("--year", metavar="ГОД", required=True, help="учебный год выпуска, например 2024/2025")
    p.add_argument("--dry-run", action="store_true",
                   help="только проверить файл и показать, что будет загружено, ничего не записывая")
    add_db_argument(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    year = parse_year_title(args.year)
    ctx = open_context(args)
    try:
        if args.dry_run:
            plan = plan_graduates_import(ctx.uow(), args.file, year=year)
        else:
            plan = import_graduates(ctx.uow(), args.file, year=year)
    finally:
        ctx.close()
    print("Проверка пройдена, ничего не записано." if args.dry_run else "Сведения о выпускниках загружены.")
    for line in plan.summary_lines():
        print(line)
    if plan.backup:
        print(f"Резервная копия базы перед загрузкой: {plan.backup}")
    return 0
