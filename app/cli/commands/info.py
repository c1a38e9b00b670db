"""`info`: the school and what its database holds."""
from __future__ import annotations

import argparse
import json

from app.cli.context import add_db_argument, open_context
from app.services.school.info import database_info


def register(subparsers) -> None:
    p = subparsers.add_parser("info", help="сведения о школе и количество записей в базе",
                              description="Показывает школу, учебный год и количество записей в базе.")
    add_db_argument(p)
    p.add_argument("--json", action="store_true", help="вывести сведения одним объектом JSON")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    ctx = open_context(args)
    try:
        info = database_info(ctx.uow())
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(info.as_json(), ensure_ascii=False, indent=2))
        return 0
    rows = [
        ("Школа", info.school + (" (демонстрационная)" if info.is_demo else "")),
        ("Текущий учебный год", info.current_year or "—"),
        ("Учащихся в текущем году", info.students),
        ("Классов в текущем году", info.classes),
        ("Мероприятий", info.events),
        ("Отметок участия", info.participations),
        ("Консультаций", info.consultations),
        ("Пунктов дорожной карты", info.roadmap_items),
        ("Выпускников", info.graduates),
    ]
    width = max(len(r[0]) for r in rows)
    for label, value in rows:
        print(f"{label + ':':<{width + 2}}{value}")
    return 0
