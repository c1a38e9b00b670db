"""`overview`: what «Обзор» shows for a set and a year — the cards and the series of its charts — through
the same service as the page, so that it can be timed and compared (a table, or JSON with --json)."""
from __future__ import annotations

import argparse
import json

from app.cli.context import add_db_argument, open_context
from app.cli.commands.indicators import _known_codes
from app.services.calendar import parse_year_title


def register(subparsers) -> None:
    codes = _known_codes()
    p = subparsers.add_parser("overview", help="то, что показывает «Обзор»: карточки и диаграммы",
                              description="Показывает то же, что страница «Обзор»: значения набора показателей "
                                          "с целями и сравнением с прошлым годом и ряды диаграмм (участие по "
                                          f"месяцам, параллелям и категориям, часы профминимума). Наборы: {codes}.")
    p.add_argument("--year", required=True, metavar="ГОД", help="учебный год, например 2024/2025")
    p.add_argument("--set", required=True, dest="set_code", metavar="НАБОР", help=f"код набора показателей ({codes})")
    add_db_argument(p)
    p.add_argument("--json", action="store_true", help="вывести всё одним объектом JSON")
    p.set_defaults(handler=run)


def as_json(data) -> dict:
    cards = []
    for value in data.current.indicators:
        card = value.as_json()
        card.update(previous_year=data.previous_value(value.code), same_period=data.same_period_value(value.code),
                    change=data.change(value.code), manual=value.is_manual)
        cards.append(card)
    return {
        "set": data.current.set_code, "year": data.current.year_title,
        "previous_year": data.previous.year_title if data.previous is not None else None,
        "same_period_until": data.same_period_until.isoformat() if data.same_period_until else None,
        "threshold_hours": data.threshold_hours, "cards": cards,
        "charts": {name: [[label, n] for label, n in getattr(data, name)]
                   for name in ("by_month", "by_grade", "by_category", "hours_bands")},
    }


def run(args: argparse.Namespace) -> int:
    from app.services.indicators.overview import overview
    from app.services.indicators.overview_text import comparison, with_unit
    from app.services.labels import EVENT_CATEGORY_LABELS, target_state

    year = parse_year_title(args.year)
    ctx = open_context(args)
    try:
        data = overview(ctx.uow(), set_code=args.set_code, year=year)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(as_json(data), ensure_ascii=False, indent=2))
        return 0
    print(f"Обзор: {data.current.set_title} — {data.current.year_title} учебный год")
    for value in data.current.indicators:
        shown = value.display if value.value is None else with_unit(value.value, value)
        target = f"; цель: {value.target} — {target_state(value.met, empty='—')}" if value.target else ""
        compared, _tip = comparison(value, data)
        print(f"{value.code:>5}. {value.name}: {shown}{target}" + (f"; {compared}" if compared else ""))
    charts = (("Участие в мероприятиях по месяцам (отметок «участвовал»)", data.by_month),
              ("Обучающихся, участвовавших в мероприятиях, по параллелям", data.by_grade),
              ("Обучающихся по категориям мероприятий",
               tuple((EVENT_CATEGORY_LABELS.get(code, code), n) for code, n in data.by_category)),
              (f"Часы профминимума, 6–11 классы (уровень {data.threshold_hours:g} ч)", data.hours_bands))
    for title, series in charts:
        print(f"\n{title}:")
        for label, n in series:
            print(f"  {label}: {n}")
    return 0
