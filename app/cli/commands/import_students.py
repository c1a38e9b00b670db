"""`import-students`: load a roster file (XLSX/CSV) into an academic year."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.context import add_db_argument, open_context
from app.services.calendar import parse_year_title
from app.services.errors import ImportRejected, problem_lines
from app.services.students.roster_import import import_roster


def register(subparsers) -> None:
    p = subparsers.add_parser("import-students", help="загрузить список учащихся из XLSX или CSV",
                              description="Загружает список учащихся (ФИО, класс, дата рождения, ОВЗ, "
                                          "инвалидность) в учебный год. Учащиеся, которые уже есть в базе, "
                                          "обновляются, а не добавляются повторно. При любой ошибке в файле "
                                          "ничего не записывается.")
    p.add_argument("file", metavar="ФАЙЛ", type=Path, help="таблица со списком (XLSX или CSV)")
    p.add_argument("--year", metavar="ГОД", required=True, help="учебный год, например 2024/2025")
    p.add_argument("--only-good-rows", action="store_true",
                   help="загрузить строки без ошибок, а строки с ошибками пропустить")
    add_db_argument(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    start_year = parse_year_title(args.year)
    ctx = open_context(args)
    try:
        try:
            summary = import_roster(ctx.uow(), args.file, start_year=start_year, only_good_rows=args.only_good_rows)
        except ImportRejected as exc:
            print(str(exc).splitlines()[0], file=sys.stderr)
            for line in problem_lines(exc.problems + exc.warnings, limit=50):
                print(f"  • {line}", file=sys.stderr)
            return 1
    finally:
        ctx.close()
    print(summary.describe())
    return 0

