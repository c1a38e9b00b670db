"""`import-participation FILE`: load a participation log (журнал участия) or a «Билет в будущее» list —
all or nothing, or without the students the roster does not have (--skip-unknown)."""
from __future__ import annotations

import argparse

from app.cli.importing import add_import_arguments, run_import


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "import-participation", help="загрузить журнал участия в мероприятиях (XLSX/CSV)",
        description="Загружает журнал участия: столбцы «Дата», «Мероприятие», «Категория», «ФИО», «Класс», "
                    "«Отметка»… — или выгрузку платформы «Билет в будущее» (списки профпроб и диагностик "
                    "по обучающимся, список участников мероприятия). Мероприятия создаются один раз по дате и "
                    "названию. Если в файле есть ошибки, ничего не записывается.")
    add_import_arguments(p, file_help="файл журнала участия (.xlsx или .csv)",
                         load_rest=("--skip-unknown", "пропустить обучающихся, которых нет в списке школы "
                                                      "(они перечисляются), и загрузить остальных"))
    p.set_defaults(handler=run)


def _importer():
    from app.services.events.participation_import import PARTICIPATION_IMPORT
    return PARTICIPATION_IMPORT


def run(args: argparse.Namespace) -> int:
    return run_import(args, _importer)
