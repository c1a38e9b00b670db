"""Entry point: with no command, the windows; with a command, the command line.

`main.py`, `main.py --db PATH` and `main.py --demo` open the windows without building the argparse parser
(`window_arguments`): what is imported before the main window paints is all start-up time."""
from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING

from app import APP_NAME, __version__
from app.services.errors import UserError

if TYPE_CHECKING:
    from app.cli.parser import RussianParser

log = logging.getLogger(__name__)

_GUI_OPTIONS_WITH_VALUE = ("--db",)


def _names_a_command(argv: list[str]) -> bool:
    """Whether the arguments name a command or ask for help: only then are the command modules loaded
    (they import the services they run), so that the windows start without them."""
    skip = False
    for token in argv:
        if skip:
            skip = False
        elif token in _GUI_OPTIONS_WITH_VALUE:
            skip = True
        elif token in ("-h", "--help") or not token.startswith("-"):
            return True
    return False


def _without_passwords(argv: list[str]) -> list[str]:
    """The arguments as they may be written to the log: a server URL's password replaced by ***."""
    from app.services.storage.database import is_server_url, mask_url
    return [mask_url(a) if is_server_url(a) else a for a in argv]


def window_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The windows' arguments when `argv` is only `--db VALUE` and `--demo`, each at most once and spelled in
    full — exactly what the parser would make of them; None for anything else (a command, help, `--db=…`,
    an abbreviation, a repeated option, a missing value), which goes to the parser with all its messages."""
    db, demo = None, False
    rest = list(argv)
    while rest:
        token = rest.pop(0)
        if token == "--demo" and not demo:
            demo = True
        elif token == "--db" and db is None and rest and not rest[0].startswith("-"):
            from app.cli.context import db_target
            db = db_target(rest.pop(0))
        else:
            return None
    return argparse.Namespace(db=db, demo=demo)


def build_parser(*, with_commands: bool = True) -> RussianParser:
    from app.cli.parser import RussianParser

    parser = RussianParser(
        prog="main.py",
        description=f"{APP_NAME} {__version__} — учёт профориентационной работы школы.\n"
                    "Без команды открывается окно программы.",
        add_help=False,
    )
    parser.add_argument("-h", "--help", action="help", help="показать эту справку и выйти")
    from app.cli.context import db_target
    parser.add_argument("--db", metavar="ПУТЬ_ИЛИ_АДРЕС", type=db_target,
                        help="файл базы данных или база на сервере PostgreSQL: для окна программы и для любой "
                             "команды (можно и после команды)")
    parser.add_argument("--demo", action="store_true",
                        help="открыть демонстрационную школу (создаётся при первом запуске)")
    if with_commands:
        from app.cli.commands import command_modules

        subparsers = parser.add_subparsers(title="команды", metavar="КОМАНДА", parser_class=RussianParser)
        for module in command_modules():
            module.register(subparsers)
    return parser


def parse_arguments(argv: list[str]):
    from app.cli.context import merge_db_arguments

    parser = build_parser(with_commands=_names_a_command(argv))
    args = parser.parse_args(argv)
    conflict = merge_db_arguments(args)
    if conflict:
        parser.error(conflict)
    return args


def run(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = window_arguments(argv)
    if args is None:
        args = parse_arguments(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        from app.ui.app import run_gui
        return run_gui(db_path=args.db, demo=args.demo)
    try:
        return int(handler(args) or 0)
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Прервано.", file=sys.stderr)
        return 1
    except Exception as exc:  # a defect: log it, tell the user plainly, never show a traceback
        from app.services.storage.failures import known_failure
        known = known_failure(exc)
        if known is not None:   # locked, disk full, damaged file: a condition with a name
            print(str(known), file=sys.stderr)
            return 1
        try:
            from app.logging_setup import configure_logging
            configure_logging()
            log.exception("command failed: %s", _without_passwords(argv))
        except Exception:
            pass
        print("Внутренняя ошибка программы. Подробности записаны в журнал (папка logs в папке данных ПрофТрека).",
              file=sys.stderr)
        return 1
