"""`consolidate`: load schools' report files into the municipal database, each file all or nothing."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.context import add_db_argument, open_context


def register(subparsers) -> None:
    p = subparsers.add_parser("consolidate", help="загрузить отчёты школ в базу муниципалитета",
                              description="Загружает отчёты школ (файлы Excel, выгруженные ПрофТреком, или форму, "
                                          "заполненную вручную). Повторный отчёт той же школы за тот же год и "
                                          "набор заменяет прежний. Файл, изменённый после выгрузки, и файл, "
                                          "который не является отчётом, не загружаются.")
    p.add_argument("files", nargs="+", type=Path, metavar="ФАЙЛ", help="отчёты школ (.xlsx)")
    add_db_argument(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.services.municipality import consolidate_files

    ctx = open_context(args)
    try:
        outcomes = consolidate_files(ctx.uow(), args.files)
    finally:
        ctx.close()
    for outcome in outcomes:
        if outcome.loaded:
            print(outcome.message)
            for note in outcome.notes:
                print(f"  {note}")
        else:
            print(f"Не загружен: {outcome.message}", file=sys.stderr)
    loaded = sum(o.loaded for o in outcomes)
    print(f"Загружено отчётов: {loaded} из {len(outcomes)}.")
    return 0 if loaded == len(outcomes) else 1
