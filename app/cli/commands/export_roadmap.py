"""`export-roadmap`: print the roadmap for signature to PDF, or save it as a Word document."""
from __future__ import annotations

import argparse
from pathlib import Path

from app.cli.context import add_db_argument, open_context
from app.services.errors import UserError

# The PDF/DOCX writer is imported when the command runs: every command module is imported for any command,
# and this one must not make `info` pay for reportlab and python-docx.


def register(subparsers) -> None:
    p = subparsers.add_parser("export-roadmap", help="сохранить дорожную карту в PDF или Word",
                              description="Сохраняет дорожную карту для подписи: PDF (А4, альбомная) или "
                                          "документ Word (.docx).")
    p.add_argument("--out", metavar="ФАЙЛ", type=Path, required=True, help="файл .pdf или .docx")
    p.add_argument("--roadmap", metavar="ID", type=int, help="номер дорожной карты (по умолчанию — текущая)")
    add_db_argument(p)
    p.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from app.services.roadmap.operations import current_roadmap_id
    from app.services.roadmap.printing import export_roadmap

    ctx = open_context(args)
    try:
        roadmap_id = args.roadmap if args.roadmap is not None else current_roadmap_id(ctx.uow())
        if roadmap_id is None:
            raise UserError("В базе нет ни одной дорожной карты: загрузите её (import-roadmap) или создайте "
                            "в программе.")
        path = export_roadmap(ctx.uow(), roadmap_id, args.out)
    finally:
        ctx.close()
    print(f"Дорожная карта сохранена: {path}")
    return 0
