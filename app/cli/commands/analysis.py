"""`analysis`: «Аналитическая справка по итогам профориентационной работы за учебный год» as a Word
document built from the data (indicators with last year and targets, charts, the roadmap's execution,
active categories and partners, what falls short), to be edited and signed."""
from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import add_db_argument, open_context
from app.services.calendar import parse_year_title


def register(subparsers) -> None:
    p = subparsers.add_parser("analysis", help="аналитическая справка за учебный год (Word)",
                              description="Составляет аналитическую справку по итогам профориентационной "
                                          "работы за учебный год в документ Word (.docx).")
    p.add_argument("--year", required=True, metavar="ГОД", help="учебный год, например 2024/2025")
    p.add_argument("--set", required=True, dest="set_code", metavar="НАБОР", help="код набора показателей")
    p.add_argument("--out", required=True, type=Path, metavar="ФАЙЛ.docx", help="куда сохранить справку")
    add_db_argument(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.services.reports.analysis_docx import export_analysis  # python-docx, Pillow: only when used

    year = parse_year_title(args.year)
    ctx = open_context(args)
    try:
        result = export_analysis(ctx.uow(), set_code=args.set_code, year=year, out=args.out)
    finally:
        ctx.close()
    print(f"Справка сохранена: {result.out_path} (показателей: {result.indicators}, рисунков: {result.pictures})")
    return 0
