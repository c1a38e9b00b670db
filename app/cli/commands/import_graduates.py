"""`import-graduates FILE --year 2024/2025`: where the year's 9th and 11th graders went — all or nothing."""
from __future__ import annotations

import argparse

from app.cli.importing import add_import_arguments, run_import
from app.services.calendar import parse_year_title


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "import-graduates", help="загрузить сведения о выпускниках 9 и 11 классов (XLSX/CSV)",
        description="Загружает столбцы «ФИО», «Класс», «Продолжение обучения», «Учебное заведение», «В своём "
                    "регионе», «По профилю», «Предметы ГИА по профилю». Если в файле есть ошибки, ничего не "
                    "записывается.")
    add_import_arguments(p, file_help="файл со сведениями о выпускниках")
    p.add_argument("--year", metavar="ГОД", required=True, help="учебный год выпуска, например 2024/2025")
    p.set_defaults(handler=run)


def _importer():
    from app.services.events.graduates import GRADUATES_IMPORT
    return GRADUATES_IMPORT


def run(args: argparse.Namespace) -> int:
    return run_import(args, _importer, options={"year": parse_year_title(args.year)})
