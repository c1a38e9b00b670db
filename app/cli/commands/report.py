"""`report`: the yearly indicator report in Excel — the program's own form, or a form the ministry
sent (--template), mapped automatically without confirmation; prints what went where and what did not."""
from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import add_db_argument, open_context
from app.services.calendar import parse_year_title


def register(subparsers) -> None:
    p = subparsers.add_parser("report", help="отчёт о показателях в форме Excel",
                              description="Заполняет отчёт о показателях за учебный год: стандартную форму "
                                          "программы или форму министерства (--template).")
    p.add_argument("--year", required=True, metavar="ГОД", help="учебный год, например 2024/2025")
    p.add_argument("--set", required=True, dest="set_code", metavar="НАБОР", help="код набора показателей")
    p.add_argument("--template", type=Path, metavar="ФОРМА.xlsx", help="форма министерства (.xlsx)")
    p.add_argument("--out", required=True, type=Path, metavar="ФАЙЛ.xlsx", help="куда сохранить отчёт")
    add_db_argument(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.services.reports import export_default_report, fill_form  # openpyxl: only when used

    year = parse_year_title(args.year)
    ctx = open_context(args)
    try:
        if args.template:
            result = fill_form(ctx.uow(), form=args.template, out=args.out, set_code=args.set_code, year=year)
        else:
            result = export_default_report(ctx.uow(), set_code=args.set_code, year=year, out=args.out)
    finally:
        ctx.close()
    print(f"Отчёт сохранён: {result.out_path}")
    if result.written:
        print("Заполнено:")
        for line in result.written:
            print(f"  {line}")
    if result.not_found:
        print("Не найдено места в форме:")
        for line in result.not_found:
            print(f"  {line}")
    if result.skipped:
        print("Пропущено:")
        for line in result.skipped:
            print(f"  {line}")
    for line in result.warnings:
        print(line)
    return 0
