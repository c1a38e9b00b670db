"""argparse speaking Russian: usage, errors and help all in the user's language."""
from __future__ import annotations

import argparse
import sys
from typing import NoReturn

_TRANSLATIONS = {
    "usage: ": "Использование: ",
    "positional arguments": "аргументы",
    "options": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "the following arguments are required: %s": "не указаны обязательные аргументы: %s",
    "unrecognized arguments: %s": "неизвестные аргументы: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "недопустимое значение %(value)r (возможны: %(choices)s)",
    "expected one argument": "нужно указать значение",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "недопустимое значение: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "неоднозначный параметр %(option)s: %(matches)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
    "not allowed with argument %s": "нельзя указывать вместе с %s",
    "one of the arguments %s is required": "нужен один из аргументов: %s",
    "subcommands": "команды",
}


def _gettext(message: str) -> str:
    return _TRANSLATIONS.get(message, message)


# argparse looks its messages up through its module-level gettext aliases.
argparse._ = _gettext  # type: ignore[attr-defined]
argparse.ngettext = lambda s, p, n: _gettext(s if n == 1 else p)  # type: ignore[assignment]


class RussianParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(1, f"{self.prog}: ошибка: {message}\n")
