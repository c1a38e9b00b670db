"""The one way an import command runs (import-students, import-participation, import-graduates,
import-roadmap): plan the file, print the problems and exit 1 if any block it, print the preview and stop
with --dry-run, else apply and print what was done.

Exit codes: 0 — loaded (or checked with --dry-run); 1 — refused, nothing written."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from app.cli.context import add_db_argument, open_context


def add_import_arguments(parser: argparse.ArgumentParser, *, file_help: str, dry_run: bool = True,
                         load_rest: tuple[str, str] | None = None) -> None:
    """FILE, --db, --dry-run and the flag that loads the rest of a file with problems (`load_rest`:
    its option and help), the same for every import command."""
    parser.add_argument("file", metavar="ФАЙЛ", type=Path, help=file_help)
    if dry_run:
        parser.add_argument("--dry-run", action="store_true",
                            help="только проверить файл и показать, что будет загружено, ничего не записывая")
    if load_rest is not None:
        option, text = load_rest
        parser.add_argument(option, dest="load_rest", action="store_true", help=text)
        parser.set_defaults(load_rest_flag=option)
    add_db_argument(parser)


def run_import(args: argparse.Namespace, importer: Callable[[], Any], *, options: dict[str, Any] | None = None,
               apply_options: dict[str, Any] | None = None,
               report: Callable[[Any, Any], None] | None = None) -> int:
    """`importer` returns the Importer (imported when the command runs, never when the parser is built)."""
    from app.services.errors import problem_lines

    imp = importer()
    load_rest = bool(getattr(args, "load_rest", False))
    ctx = open_context(args)
    try:
        plan = imp.plan(ctx.uow(), args.file, **(options or {}))
        preview = plan.preview()
        if preview.errors and not (load_rest and preview.rest_option):
            errors = preview.errors
            print(f"Файл «{preview.file_name}» не загружен: ошибок — {len(errors)}. Ничего не записано.",
                  file=sys.stderr)
            # The same mistake in many rows is one line («в строках 3, 7, 12»), errors first.
            for line in problem_lines(errors + preview.warnings, limit=50):
                print(f"  • {line}", file=sys.stderr)
            flag = getattr(args, "load_rest_flag", "")
            if preview.rest_option and flag:
                print(f"Чтобы загрузить остальное без этих строк, укажите {flag}.", file=sys.stderr)
            return 1
        if getattr(args, "dry_run", False):
            print("Проверка пройдена, ничего не записано.")
            for line in preview.lines():
                print(line)
            return 0
        result = imp.apply(ctx.uow(), plan, load_rest=load_rest, **(apply_options or {}))
    finally:
        ctx.close()
    if report is not None:
        report(plan, result)
        return 0
    print(imp.done)
    for line in result.summary_lines():
        print(line)
    backup = getattr(result, "backup", None)
    if backup:
        print(f"Резервная копия базы перед загрузкой: {backup}")
    return 0

