"""Signing in on the command line. Once a database has accounts, a command that reads or changes the
school's data acts as the user named by `--user LOGIN`, with that user's rights, exactly as in the window;
without accounts (a new or demonstration database) it acts as the program itself, as before.

Secrets come from the terminal (hidden, through getpass) or, when standard input is not a terminal, one
per line in the order they are asked for: first the signing-in user's password, then (for `user add`) the
new account's password. They never come from the command line, where other users of the computer see them."""
from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from app.services.errors import UserError

if TYPE_CHECKING:
    from app.services.access import Actor
    from app.services.storage.database import Database


def add_user_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="ЛОГИН",
                        help="войти под этой учётной записью (пароль запрашивается, или первая строка "
                             "стандартного ввода); нужно, когда в базе есть учётные записи")


def read_secret(prompt: str, *, confirm: bool = False, missing: str = "Пароль не получен") -> str:
    """A secret typed at the terminal (hidden), or the next line of standard input."""
    stdin = sys.stdin
    if stdin is not None and stdin.isatty():
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass("Ещё раз: ") != first:
            raise UserError("Пароли не совпадают.")
        return first
    line = stdin.readline() if stdin is not None else ""
    secret = line.rstrip("\r\n")
    if not secret:
        raise UserError(f"{missing}: передайте его строкой на стандартный ввод.")
    return secret


def signed_in_actor(database: Database, args: argparse.Namespace) -> Actor:
    """Who a command acts as: the signed-in `--user`, or the program itself while no account exists."""
    from app.services.access import system_actor
    from app.services.accounts import accounts

    login = getattr(args, "user", None)
    if not accounts.users_exist(database):
        return system_actor("командная строка")
    if not login:
        raise UserError("В базе есть учётные записи: команда выполняется только после входа. Укажите "
                        "--user ЛОГИН; пароль будет запрошен (или передайте его первой строкой на стандартный "
                        "ввод).")
    password = read_secret(f"Пароль пользователя «{login}»: ", missing="Пароль для входа не получен")
    return accounts.login(database, login, password)


def show_recovery_key(key: str) -> None:
    """The notes recovery key, shown once: on standard error, so that it does not end up in a command's
    output redirected to a file."""
    print("Создан ключ восстановления записей консультаций. Он показывается один раз: распечатайте или "
          f"перепишите его и храните в сейфе.\n    {key}\nБез него и без пароля психолога записи прочитать "
          "невозможно.", file=sys.stderr)
