"""`import-students`: load a roster file (XLSX/CSV, an e-journal export as it is) into an academic year."""
from __future__ import annotations

import argparse

from app.cli.importing import add_import_arguments, run_import
from app.services.calendar import parse_year_title


def register(subparsers) -> None:
    p = subparsers.add_parser("import-students", help="загрузить список учащихся из XLSX или CSV",
                              description="Загружает список учащихся (ФИО, класс, дата рождения, ОВЗ, "
                                          "инвалидность) в учебный год — также выгрузку электронного журнала "
                                          "как есть (CSV с «;», UTF-8, Windows-1251 или UTF-16): лишние "
                                          "персональные данные (СНИЛС, документ, адрес…) не загружаются. "
                                          "Учащиеся, которые уже есть в базе, обновляются, а не добавляются "
                                          "повторно. При любой ошибке в файле ничего не записывается.")
    add_import_arguments(p, file_help="таблица со списком (XLSX или CSV)",
                         load_rest=("--only-good-rows", "загрузить строки без ошибок, а строки с ошибками "
                                                        "пропустить"))
    p.add_argument("--year", metavar="ГОД", required=True, help="учебный год, например 2024/2025")
    p.set_defaults(handler=run)


def _importer():
    from app.services.students.roster_import import ROSTER_IMPORT
    return ROSTER_IMPORT


def run(args: argparse.Namespace) -> int:
    return run_import(args, _importer, options={"start_year": parse_year_title(args.year)},
                      report=lambda _plan, summary: print(summary.describe()))
