"""`import-roadmap`: load the roadmap a school keeps in Word (DOCX) or Excel (XLSX)."""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from app.cli.context import add_db_argument, open_context
from app.services.text import squeeze

# The reader of DOCX/XLSX files is imported when the command runs: every command module is imported for any
# command, and this one must not make `info` pay for python-docx and openpyxl.


def register(subparsers) -> None:
    p = subparsers.add_parser("import-roadmap", help="загрузить дорожную карту из файла Word или Excel",
                              description="Загружает дорожную карту из документа Word (.docx) или таблицы "
                                          "Excel (.xlsx): разделы и мероприятия с их полями.")
    p.add_argument("file", metavar="ФАЙЛ", type=Path, help="документ .docx или таблица .xlsx")
    add_db_argument(p)
    p.add_argument("--json", action="store_true", help="вывести загруженные разделы и мероприятия как JSON")
    p.set_defaults(handler=run)


def draft_as_json(draft) -> dict:
    """{"sections": [...], "items": [...]} with runs of white space folded to one space."""
    sections: list[str] = []
    items: list[dict] = []

    def heading(section) -> str:
        return squeeze(f"{section.number}. {section.title}" if section.number and section.title
                       else section.title or section.number)

    def walk(section_list) -> None:
        for section in section_list:
            sections.append(heading(section))
            for item in section.items:
                items.append({"number": squeeze(item.number), "title": squeeze(item.title),
                              "deadline": squeeze(item.deadline), "responsible": squeeze(item.responsible),
                              "result": squeeze(item.expected_result), "result_form": squeeze(item.result_form),
                              "section": heading(section)})
            walk(section.children)

    walk(draft.sections)
    return {"sections": sections, "items": items}


def run(args: argparse.Namespace) -> int:
    from app.services.storage.backups import take_backup
    from app.services.roadmap.file_import import import_roadmap, read_roadmap_file

    draft = read_roadmap_file(args.file)      # a file that is not a roadmap is refused before the database opens
    ctx = open_context(args)
    try:
        take_backup(ctx.database, reason="before-import")
        result = import_roadmap(ctx.uow(), args.file, draft=draft)
    finally:
        ctx.close()
    if args.json:
        print(json.dumps(draft_as_json(draft), ensure_ascii=False, indent=2))
    else:
        print(f"Загружена дорожная карта «{result.title}»: разделов — {result.sections}, "
              f"мероприятий — {result.items}.")
    return 0
