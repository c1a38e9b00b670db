"""`consolidated`: the district's summary for a year and a set — a table, JSON, the Excel summary for the
region (--out) or the region's own form filled with the district's totals (--template)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.context import add_db_argument, open_context
from app.services.calendar import parse_year_title
from app.services.errors import UserError


def register(subparsers) -> None:
    p = subparsers.add_parser("consolidated", help="сводка показателей по муниципалитету",
                              description="Сводка отчётов школ за учебный год: количества суммируются, доли "
                                          "пересчитываются как сумма числителей на сумму знаменателей.")
    p.add_argument("--year", required=True, metavar="ГОД", help="учебный год, например 2024/2025")
    p.add_argument("--set", required=True, dest="set_code", metavar="НАБОР", help="код набора показателей")
    p.add_argument("--json", action="store_true", help="вывести сводку одним объектом JSON")
    p.add_argument("--out", type=Path, metavar="ФАЙЛ.xlsx", help="сохранить сводку в Excel")
    p.add_argument("--template", type=Path, metavar="ФОРМА.xlsx",
                   help="форма региона: заполнить итогами муниципалитета (нужен и --out)")
    add_db_argument(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.services.labels import target_state
    from app.services.municipality import district_summary

    if args.template and not args.out:
        raise UserError("Укажите, куда сохранить заполненную форму региона: --out ФАЙЛ.xlsx.")
    year = parse_year_title(args.year)
    ctx = open_context(args)
    try:
        if args.template:
            from app.services.municipality.regional_form import fill_regional_form
            result = fill_regional_form(ctx.uow(), form=args.template, out=args.out, year=year,
                                        set_code=args.set_code)
            summary = None
        elif args.out:
            from app.services.municipality.summary_xlsx import export_summary
            summary = export_summary(ctx.uow(), year=year, set_code=args.set_code, out=args.out)
        else:
            summary = district_summary(ctx.uow(), year=year, set_code=args.set_code)
    finally:
        ctx.close()
    if args.template:
        print(f"Форма региона заполнена: {result.out_path}")
        for title, lines in (("Заполнено:", result.written), ("Не найдено места в форме:", result.not_found),
                             ("Пропущено:", result.skipped)):
            if lines:
                print(title)
                for line in lines:
                    print(f"  {line}")
        return 0
    assert summary is not None
    if args.json:
        print(json.dumps(summary.as_json(), ensure_ascii=False, indent=2))
        return 0
    if args.out:
        print(f"Сводка сохранена: {args.out}")
    print(f"{summary.municipality}: {summary.set_title} — {summary.year_title} учебный год")
    print(f"Отчёты представили: {len(summary.schools)} ОО из {len(summary.schools) + len(summary.missing)}")
    for head in summary.indicators:
        figure = summary.total[head.code]
        value = head.display(figure) + ("" if figure.value is None else ("%" if head.measure == "share"
                                                                         else f" {head.unit}"))
        if head.measure != "count" and figure.denominator:
            value += f" ({figure.numerator:g} из {figure.denominator})"
        target = f"; цель: {head.target} — {target_state(figure.met, empty='—')}" if head.target else ""
        print(f"{head.code:>5}. {head.name}: {value}{target}")
    if summary.roadmaps_approved is not None:
        print(f"ОО, в которых разработаны и утверждены дорожные карты: {summary.roadmaps_approved}")
    if summary.missing:
        print("Не представили отчёт: " + ", ".join(summary.missing))
    return 0
