"""`import-roadmap`: load the roadmap a school keeps in Word (DOCX) or Excel (XLSX)."""
from __future__ import annotations

import argparse
import json

from app.cli.importing import add_import_arguments, run_import
from app.services.text import squeeze

# The reader of DOCX/XLSX files is imported when the command runs: every command module is imported for any
# command, and this one must not make `info` pay for python-docx and openpyxl.


def register(subparsers) -> None:
    p = subparsers.add_parser("import-roadmap", help="загрузить дорожную карту из файла Word или Excel",
                              description="Загружает дорожную карту из документа Word (.docx) или таблицы "
                                          "Excel (.xlsx): разделы и мероприятия с их полями.")
    add_import_arguments(p, file_help="документ .docx или таблица .xlsx")
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


def _importer():
    from app.services.roadmap.file_import import ROADMAP_IMPORT
    return ROADMAP_IMPORT


def run(args: argparse.Namespace) -> int:
    def report(plan, result) -> None:
        if args.json:
            print(json.dumps(draft_as_json(plan.draft), ensure_ascii=False, indent=2))
        else:
            print("\n".join(result.summary_lines()))

    return run_import(args, _importer, report=report)
