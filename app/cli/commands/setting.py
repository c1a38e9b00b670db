"""`setting`: the school's settings as app/services/settings.py declares them — list them, read one, change
one (with the signed-in user's rights, audited), the same declarations the windows use."""
from __future__ import annotations

import argparse

from app.cli.context import add_db_argument, open_context


def register(subparsers) -> None:
    p = subparsers.add_parser("setting", help="настройки школы: показать или изменить",
                              description="Без аргументов — все настройки школы с их значениями. С именем — "
                                          "значение одной настройки; с именем и значением — изменить её.")
    p.add_argument("name", metavar="ИМЯ", nargs="?", help="имя настройки (как в списке)")
    p.add_argument("value", metavar="ЗНАЧЕНИЕ", nargs="?", help="новое значение")
    add_db_argument(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.services import settings
    from app.services.errors import UserError

    changeable = {spec.key: spec for spec in settings.ALL if spec.permission is not None}
    if args.name is not None and args.name not in changeable:
        raise UserError(f"Настройки «{args.name}» нет. Есть: {', '.join(sorted(changeable))}.")
    ctx = open_context(args)
    try:
        if args.name is None:
            for spec in changeable.values():
                value = settings.read(ctx.uow(), spec)
                print(f"{spec.key} = {value}    ({spec.label}; по умолчанию {spec.default})")
            return 0
        spec = changeable[args.name]
        if args.value is None:
            print(settings.read(ctx.uow(), spec))
            return 0
        value: int | str = args.value
        if spec.kind is int:
            try:
                value = int(args.value.replace(" ", "").replace("\u00a0", ""))
            except ValueError:
                raise UserError(f"{spec.label}: нужно целое число, а не «{args.value}».") from None
        settings.write(ctx.uow(), spec, value)
        print(f"{spec.label}: {settings.read(ctx.uow(), spec)}")
        return 0
    finally:
        ctx.close()
