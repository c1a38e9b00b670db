"""`user add` and `user check`: accounts from the command line. The password is read from standard
input (hidden when typed at a terminal), never from the command line where others could see it."""
from __future__ import annotations

import argparse
import sys

from app.cli.context import add_db_argument, open_context
from app.cli.signin import read_secret, show_recovery_key
from app.services.accounts import accounts
from app.services.access import Role
from app.services.errors import UserError
from app.services.labels import ROLE_LABELS


def register(subparsers) -> None:
    p = subparsers.add_parser("user", help="учётные записи пользователей",
                              description="Учётные записи. Пароль читается со стандартного ввода.")
    commands = p.add_subparsers(title="действия", metavar="ДЕЙСТВИЕ", parser_class=type(p))
    roles = ", ".join(f"{r.value} ({ROLE_LABELS[r]})" for r in Role)

    add = commands.add_parser("add", help="создать учётную запись",
                              description="Создаёт учётную запись. Пароль вводится с клавиатуры (дважды) или "
                                          "передаётся одной строкой на стандартный ввод.")
    add.add_argument("login", metavar="ЛОГИН")
    add.add_argument("--role", metavar="РОЛЬ", required=True, help=f"роль: {roles}")
    add.add_argument("--name", metavar="ФИО", default="", help="фамилия, имя, отчество пользователя")
    add_db_argument(add)
    add.set_defaults(handler=run_add)

    check = commands.add_parser("check", help="проверить пароль (код выхода 0 — верный, 1 — нет)",
                                description="Проверяет пароль пользователя, прочитанный со стандартного ввода. "
                                            "Код выхода 0 — пароль верный, 1 — нет.")
    check.add_argument("login", metavar="ЛОГИН")
    add_db_argument(check)
    check.set_defaults(handler=run_check)
    grant = commands.add_parser(
        "grant-notes", help="дать психологу доступ к записям консультаций",
        description="Психолог, у которого есть доступ к записям (--user), даёт его другому. Со стандартного ввода: "
                    "пароль входящего, затем пароль того, кому даётся доступ (он вводит его сам).")
    grant.add_argument("login", metavar="ЛОГИН", help="кому дать доступ")
    add_db_argument(grant)
    grant.set_defaults(handler=run_grant)

    recover = commands.add_parser(
        "recover-notes", help="вернуть доступ к записям консультаций по ключу восстановления",
        description="После смены пароля администратором психолог возвращает доступ к записям ключом "
                    "восстановления. Со стандартного ввода: пароль, затем ключ восстановления.")
    recover.add_argument("login", metavar="ЛОГИН")
    add_db_argument(recover)
    recover.set_defaults(handler=run_recover)
    p.set_defaults(handler=lambda args: _usage(p))


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return 1


def read_password(*, confirm: bool) -> str:
    """The new account's password: typed twice at the terminal, or the next line of standard input
    (after the signing-in administrator's own password, when there is one)."""
    prompt = "Пароль новой учётной записи: " if confirm else "Пароль: "
    return read_secret(prompt, confirm=confirm)


def run_add(args: argparse.Namespace) -> int:
    role = accounts.parse_role(args.role)
    login = accounts.normalise_login(args.login)
    # Signed in first (an administrator, once accounts exist): their password is the first line read.
    ctx = open_context(args)
    try:
        password = read_password(confirm=True)
        if not accounts.users_exist(ctx.database):
            if role is not Role.ADMIN:
                raise UserError("Учётных записей ещё нет: сначала создайте администратора (--role admin).")
            accounts.create_first_administrator(ctx.database, login=login, password=password, full_name=args.name)
        else:
            accounts.create_user(ctx.uow(), login=login, password=password, role=role, full_name=args.name,
                                 show_recovery_key=show_recovery_key)
    finally:
        ctx.close()
    print(f"Учётная запись «{login}» создана: {ROLE_LABELS[role]}.")
    return 0


def run_check(args: argparse.Namespace) -> int:
    password = read_password(confirm=False)
    ctx = open_context(args, sign_in=False)  # the check is itself a sign-in
    try:
        actor = accounts.login(ctx.database, args.login, password)
    except UserError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    finally:
        ctx.close()
    print(f"Пароль верный: «{actor.login}», {ROLE_LABELS[actor.role]}.")
    return 0


def run_grant(args: argparse.Namespace) -> int:
    from app.services.accounts.notes_access import grant_notes_access

    ctx = open_context(args)
    try:
        password = read_secret(f"Пароль пользователя «{args.login}» (вводит он сам): ")
        grant_notes_access(ctx.uow(), login=args.login, password=password)
    finally:
        ctx.close()
    print(f"Пользователь «{accounts.normalise_login(args.login)}» получил доступ к записям консультаций.")
    return 0


def run_recover(args: argparse.Namespace) -> int:
    from app.services.accounts.notes_access import recover_notes_access

    ctx = open_context(args, sign_in=False)   # the recovery signs in itself
    try:
        password = read_secret(f"Пароль пользователя «{args.login}»: ")
        recovery = read_secret("Ключ восстановления: ", missing="Ключ восстановления не получен")
        recover_notes_access(ctx.database, login=args.login, password=password, recovery_key=recovery)
    finally:
        ctx.close()
    print(f"Доступ к записям консультаций для «{accounts.normalise_login(args.login)}» восстановлен.")
    return 0
