"""`indicators`: the values of an indicator set for an academic year (a table, or JSON with --json)."""
from __future__ import annotations

import argparse
import json

from app.cli.context import add_db_argument, open_context
from app.services.calendar import parse_year_title
from app.services.errors import UserError
from app.services.indicators import compute_set, list_sets
from app.services.labels import target_state


def _known_codes() -> str:
    try:
        return ", ".join(s.code for s in list_sets())
    except UserError:  # a broken set file must not break every command; `indicators` itself reports it
        return "см. папку resources/indicators"


def register(subparsers) -> None:
    codes = _known_codes()
    p = subparsers.add_parser("indicators", help="показатели набора за учебный год",
                              description=f"Считает показатели набора за учебный год. Наборы: {codes}.")
    p.add_argument("--year", required=True, metavar="ГОД", help="учебный год, например 2024/2025")
    p.add_argument("--set", required=True, dest="set_code", metavar="НАБОР", help=f"код набора показателей ({codes})")
    add_db_argument(p)
    p.add_argument("--json", action="store_true", help="вывести показатели одним объектом JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    year = parse_year_title(args.year)
    ctx = open_context(args)
    try:
        result = compute_set(ctx.uow(), set_code=args.set_code, year=year)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
        return 0
    print(f"{result.set_title} — {result.year_title} учебный год")
    for ind in result.indicators:
        value = ind.display + ("" if ind.value is None else ("%" if ind.is_share else f" {ind.unit}"))
        if ind.basis:
            value += f" ({ind.basis})"
        if ind.is_manual:
            value += " (введено вручную)"
        target = ""
        if ind.target:
            target = f"; цель: {ind.target} — {target_state(ind.met, empty='—')}"
        print(f"{ind.code:>5}. {ind.name}: {value}{target}")
    return 0
