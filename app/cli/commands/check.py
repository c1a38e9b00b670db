"""`check`: the full integrity check of a database file (integrity_check, foreign_key_check)."""
from __future__ import annotations

import argparse
import sys

from app.cli.context import add_db_argument, is_server, resolve_db_path
from app.services.accounts.audit_chain import check_audit_log
from app.services.storage.integrity import full_check


def register(subparsers) -> None:
    p = subparsers.add_parser("check", help="проверить целостность базы данных",
                              description="Полная проверка файла базы (целостность страниц и ссылок между "
                                          "записями). Код выхода 1, если найдены ошибки.")
    add_db_argument(p)
    p.set_defaults(handler=run)


def _check_server(url: str) -> int:
    from app.services.storage.migrations import open_database
    from app.services.storage.server import server_check

    database = open_database(url)
    try:
        problems = server_check(database)
    finally:
        database.dispose()
    if not problems:
        print(f"База {database.name} в порядке: ошибок не найдено.")
        return 0
    print(f"В базе {database.name} найдены ошибки ({len(problems)}):", file=sys.stderr)
    for problem in problems:
        print(f"  • {problem}", file=sys.stderr)
    return 1


def run(args: argparse.Namespace) -> int:
    path = resolve_db_path(args)
    if is_server(path):
        return _check_server(path)
    report = full_check(path)
    problems = list(report.problems)
    if report.ok:
        # The pages are sound: is the audit log as it was written, and still protected?
        problems += check_audit_log(path).problems()
    if not problems:
        print(f"База «{path.name}» в порядке: ошибок не найдено.")
        return 0
    print(f"В базе «{path.name}» найдены ошибки ({len(problems)}):", file=sys.stderr)
    for problem in problems[:100]:
        print(f"  • {problem}", file=sys.stderr)
    if len(problems) > 100:
        print(f"  … и ещё {len(problems) - 100}", file=sys.stderr)
    print("Восстановите базу из резервной копии: python main.py restore ФАЙЛ", file=sys.stderr)
    return 1
