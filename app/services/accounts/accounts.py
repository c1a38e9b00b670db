"""Accounts (учётные записи): Argon2id passwords, the first administrator, login with a growing delay
after wrong attempts, changing one's own password, and the administrator's management of accounts.

There is no built-in account and no default password: the first start creates the administrator,
and only while no account exists. A password or a hash (which names its parameters) is never
printed, logged, put into an error message or returned to a caller.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select

from app.models import AuditEntry, Staff, User
from app.services.access import Actor, Permission, Role
from app.services.accounts import notes_keys
from app.services.storage.database import Database
from app.services.errors import NotFound, UserError
from app.services.labels import ROLE_LABELS
from app.services.uow import UnitOfWork

MIN_PASSWORD_LENGTH = 8
FREE_ATTEMPTS = 5                 # wrong passwords in a row before the delay starts
FIRST_DELAY_SECONDS = 30          # after the 5th wrong attempt; doubles with each further one
MAX_DELAY_SECONDS = 15 * 60

# argon2-cffi's defaults are the RFC 9106 low-memory profile of Argon2id (64 MiB, t=3, p=4).
# When they change in a new version, `login` re-hashes the password with the new parameters.
PRODUCTION_HASHER = PasswordHasher()
_hasher = PRODUCTION_HASHER
_dummy_hash: str | None = None


def _unknown_login_hash() -> str:
    """A hash of nothing anybody knows, verified when the login is unknown, so that an unknown login
    takes as long as a wrong password and does not tell which logins exist. Made on first use: hashing
    at import would slow every start of the command line."""
    global _dummy_hash
    if _dummy_hash is None:
        _dummy_hash = _hasher.hash("proftrack-no-such-account")
    return _dummy_hash


def hasher() -> PasswordHasher:
    return _hasher


@dataclass(frozen=True)
class UserRow:
    """An account as the administrator sees it: never the hash."""

    id: int
    login: str
    full_name: str
    role: Role
    role_label: str
    is_active: bool
    can_read_notes: bool
    staff_id: int | None
    staff_name: str
    last_login_at: dt.datetime | None
    locked_until: dt.datetime | None


def _now() -> dt.datetime:
    return dt.datetime.now()


def normalise_login(login: str) -> str:
    value = (login or "").strip().lower()
    if not value:
        raise UserError("Укажите имя пользователя (логин).")
    if len(value) > 64 or any(ch.isspace() for ch in value):
        raise UserError(f"Логин «{value[:64]}» не подходит: без пробелов, не длиннее 64 знаков.")
    return value


def check_password_rules(password: str, *, login: str = "") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"Пароль слишком короткий: нужно не меньше {MIN_PASSWORD_LENGTH} знаков.")
    if login and password.strip().lower() == login.strip().lower():
        raise UserError("Пароль не должен совпадать с логином.")
    if len(set(password)) < 3:
        raise UserError("Пароль слишком простой: используйте разные знаки.")


def parse_role(value: str) -> Role:
    """A role by its code («coordinator») or its Russian name («координатор»)."""
    text = (value or "").strip().lower()
    for role in Role:
        if text in (role.value, ROLE_LABELS[role]):
            return role
    known = ", ".join(f"{r.value} ({ROLE_LABELS[r]})" for r in Role)
    raise UserError(f"Неизвестная роль «{value}». Возможны: {known}.")


def actor_for(user: User) -> Actor:
    return Actor(login=user.login, role=Role(user.role), user_id=user.id, full_name=user.full_name,
                 staff_id=user.staff_id, can_read_notes=bool(user.can_read_notes))


def _audit(session, *, user_id: int | None, login: str, action: str, details: str = "") -> None:
    session.add(AuditEntry(user_id=user_id, user_login=login, action=action, entity="user", entity_id=user_id,
                           details=details))


def users_exist(database: Database) -> bool:
    with database.session() as session:
        return bool(session.scalar(select(func.count()).select_from(User)))


def create_first_administrator(database: Database, *, login: str, password: str, full_name: str = "") -> Actor:
    """The administrator made at the first start; refused once any account exists."""
    login = normalise_login(login)
    check_password_rules(password, login=login)
    password_hash = _hasher.hash(password)
    with database.session() as session:
        if session.scalar(select(func.count()).select_from(User)):
            raise UserError("Администратор уже создан: войдите под своей учётной записью.")
        user = User(login=login, full_name=full_name.strip(), role=Role.ADMIN.value, password_hash=password_hash,
                    is_active=True, can_read_notes=False, failed_attempts=0)
        session.add(user)
        session.flush()
        _audit(session, user_id=user.id, login=login, action="user.create_first_admin")
        actor = actor_for(user)
        session.commit()
        return actor


def delay_after(failed_attempts: int) -> int:
    """Seconds to wait after this many wrong attempts in a row: none for the first five, then growing."""
    if failed_attempts < FREE_ATTEMPTS:
        return 0
    return min(FIRST_DELAY_SECONDS * 2 ** (failed_attempts - FREE_ATTEMPTS), MAX_DELAY_SECONDS)


def _wait_text(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} с"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} мин {rest} с" if rest else f"{minutes} мин"


WRONG_CREDENTIALS = "Неверное имя пользователя или пароль."


def login(database: Database, login: str, password: str, *, now: dt.datetime | None = None) -> Actor:
    """The actor for a right login and password; UserError otherwise. Every attempt is audited."""
    now = now or _now()
    login_value = (login or "").strip().lower()
    with database.session() as session:
        actor, error = _attempt(session, login_value, password, now)
        # A failed attempt is recorded too (counter, delay, audit): commit before refusing.
        session.commit()
    if error:
        raise UserError(error)
    assert actor is not None
    return actor


def _attempt(session, login_value: str, password: str, now: dt.datetime) -> tuple[Actor | None, str]:
    user = session.scalar(select(User).where(User.login == login_value)) if login_value else None
    if user is None:
        _verify_quietly(_unknown_login_hash(), password)
        # What was typed is not kept: a password typed into the login field by mistake would stay in the
        # log for good, and the log would list who tried which names.
        _audit(session, user_id=None, login="", action="login.failed", details="неизвестный пользователь")
        return None, WRONG_CREDENTIALS
    if user.locked_until is not None and user.locked_until > now:
        wait = int((user.locked_until - now).total_seconds()) + 1
        _audit(session, user_id=user.id, login=user.login, action="login.failed",
               details="вход временно заблокирован")
        return None, f"Слишком много неверных попыток. Повторите вход через {_wait_text(wait)}."
    if not _verify_quietly(user.password_hash, password):
        user.failed_attempts = (user.failed_attempts or 0) + 1
        delay = delay_after(user.failed_attempts)
        user.locked_until = now + dt.timedelta(seconds=delay) if delay else None
        _audit(session, user_id=user.id, login=user.login, action="login.failed",
               details=f"неверный пароль, попытка {user.failed_attempts}")
        if delay:
            return None, f"{WRONG_CREDENTIALS} Следующая попытка — через {_wait_text(delay)}."
        return None, WRONG_CREDENTIALS
    if not user.is_active:
        _audit(session, user_id=user.id, login=user.login, action="login.failed",
               details="учётная запись отключена")
        return None, "Учётная запись отключена. Обратитесь к администратору."
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.failed_attempts = 0
    user.locked_until = None
    user.last_login_at = now
    _audit(session, user_id=user.id, login=user.login, action="login.ok")
    actor = actor_for(user)
    if may_hold_notes_key(user.role, user.can_read_notes):
        # The notes key exists in memory only for this signed-in session, unwrapped with this password.
        actor = replace(actor, notes_key=notes_keys.unwrap_for_user(session, user.id, password))
    return actor, ""


def may_hold_notes_key(role: str, can_read_notes: bool) -> bool:
    return role == Role.PSYCHOLOGIST.value or (role == Role.ADMIN.value and bool(can_read_notes))


def _verify_quietly(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def change_own_password(uow: UnitOfWork, *, old_password: str, new_password: str) -> None:
    """Everyone changes their own password, proving the old one first."""
    with uow:
        if uow.actor.user_id is None:
            raise UserError("Сменить пароль можно только под своей учётной записью.")
        user = uow.session.get(User, uow.actor.user_id)
        if user is None or not user.is_active:
            raise UserError("Учётная запись не найдена или отключена.")
        if not _verify_quietly(user.password_hash, old_password):
            uow.audit("password.change_failed", entity="user", entity_id=user.id, details="неверный текущий пароль")
            uow.commit()
            raise UserError("Текущий пароль указан неверно.")
        check_password_rules(new_password, login=user.login)
        if new_password == old_password:
            raise UserError("Новый пароль совпадает с прежним.")
        user.password_hash = _hasher.hash(new_password)
        key = notes_keys.unwrap_for_user(uow.session, user.id, old_password)
        if key is not None:   # the notes key goes on with the new password
            notes_keys.wrap_for_user(uow.session, user.id, new_password, key)
        uow.audit("password.change", entity="user", entity_id=user.id)
        uow.commit()


def _staff_name(session, staff_id: int | None) -> str:
    staff = session.get(Staff, staff_id) if staff_id else None
    return staff.full_name if staff else ""


def _row(session, user: User) -> UserRow:
    role = Role(user.role)
    return UserRow(id=user.id, login=user.login, full_name=user.full_name, role=role, role_label=ROLE_LABELS[role],
                   is_active=bool(user.is_active), can_read_notes=bool(user.can_read_notes),
                   staff_id=user.staff_id, staff_name=_staff_name(session, user.staff_id),
                   last_login_at=user.last_login_at, locked_until=user.locked_until)


def staff_choices(uow: UnitOfWork) -> list[tuple[int, str]]:
    """Staff an account can be linked to (a class teacher works with the class of that staff member)."""
    from app.services.text import sort_key
    with uow:
        uow.require(Permission.MANAGE_USERS)
        staff = uow.session.scalars(select(Staff).where(Staff.is_active.is_(True))).all()
        return sorted(((s.id, s.full_name + (f" ({s.position})" if s.position else "")) for s in staff),
                      key=lambda pair: sort_key(pair[1]))


def list_users(uow: UnitOfWork) -> list[UserRow]:
    with uow:
        uow.require(Permission.MANAGE_USERS)
        users = uow.session.scalars(select(User).order_by(User.login)).all()
        return [_row(uow.session, u) for u in users]


def create_user(uow: UnitOfWork, *, login: str, password: str, role: Role, full_name: str = "",
                staff_id: int | None = None, can_read_notes: bool = False,
                show_recovery_key: Callable[[str], None] | None = None) -> int:
    """A new account. The first psychologist also gets the notes key, made now: its recovery key is given
    once to `show_recovery_key` (to be printed and kept in the safe). Later psychologists get the notes
    from a colleague or with the recovery key (accounts.notes_access)."""
    login = normalise_login(login)
    with uow:
        uow.require(Permission.MANAGE_USERS)
        check_password_rules(password, login=login)
        if uow.session.scalar(select(User.id).where(User.login == login)) is not None:
            raise UserError(f"Пользователь «{login}» уже есть.")
        if staff_id is not None and uow.session.get(Staff, staff_id) is None:
            raise NotFound("Сотрудник не найден.")
        user = User(login=login, full_name=full_name.strip(), role=Role(role).value,
                    password_hash=_hasher.hash(password), staff_id=staff_id, is_active=True,
                    can_read_notes=bool(can_read_notes) and Role(role) is Role.ADMIN, failed_attempts=0)
        uow.session.add(user)
        uow.session.flush()
        uow.audit("user.create", entity="user", entity_id=user.id,
                  details=f"{login}: {ROLE_LABELS[Role(role)]}")
        recovery = None
        if Role(role) is Role.PSYCHOLOGIST and not notes_keys.notes_key_exists(uow.session):
            key, recovery = notes_keys.create_notes_key(uow.session)
            notes_keys.wrap_for_user(uow.session, user.id, password, key)
            uow.audit("notes.key_created", entity="user", entity_id=user.id, details=login)
        uow.commit()
        if recovery is not None and show_recovery_key is not None:
            show_recovery_key(recovery)
        return user.id


def _active_admins(session, *, except_id: int) -> int:
    return session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN.value, User.is_active.is_(True), User.id != except_id)) or 0


def update_user(uow: UnitOfWork, user_id: int, *, role: Role, is_active: bool, can_read_notes: bool,
                full_name: str, staff_id: int | None = None) -> None:
    """The administrator changes an account's role, access to notes, activity and name."""
    role = Role(role)
    with uow:
        uow.require(Permission.MANAGE_USERS)
        user = uow.session.get(User, user_id)
        if user is None:
            raise NotFound("Учётная запись не найдена.")
        losing_admin = user.role == Role.ADMIN.value and (role is not Role.ADMIN or not is_active)
        if losing_admin and not _active_admins(uow.session, except_id=user.id):
            raise UserError("Нельзя отключить или понизить последнего администратора: "
                            "сначала назначьте другого.")
        if staff_id is not None and uow.session.get(Staff, staff_id) is None:
            raise NotFound("Сотрудник не найден.")
        changes = []
        if user.role != role.value:
            changes.append(f"роль: {ROLE_LABELS[role]}")
        if bool(user.is_active) != bool(is_active):
            changes.append("включена" if is_active else "отключена")
        notes = bool(can_read_notes) and role is Role.ADMIN
        if bool(user.can_read_notes) != notes:
            changes.append("доступ к записям консультаций: " + ("разрешён" if notes else "закрыт"))
        user.role, user.is_active, user.can_read_notes = role.value, bool(is_active), notes
        user.full_name, user.staff_id = full_name.strip(), staff_id
        if not may_hold_notes_key(user.role, user.can_read_notes) and notes_keys.drop_user_key(uow.session, user.id):
            changes.append("ключ записей консультаций удалён")
        if is_active:
            user.failed_attempts, user.locked_until = 0, None
        uow.audit("user.update", entity="user", entity_id=user.id,
                  details=f"{user.login}: " + ("; ".join(changes) or "данные"))
        uow.commit()


def set_password(uow: UnitOfWork, user_id: int, new_password: str) -> None:
    """The administrator sets a new password for someone who forgot theirs."""
    with uow:
        uow.require(Permission.MANAGE_USERS)
        user = uow.session.get(User, user_id)
        if user is None:
            raise NotFound("Учётная запись не найдена.")
        check_password_rules(new_password, login=user.login)
        user.password_hash = _hasher.hash(new_password)
        user.failed_attempts, user.locked_until = 0, None
        # The new password, known to the administrator, must not open the notes: the user's wrapped copy of
        # the notes key goes; a colleague or the recovery key gives it back (accounts.notes_access).
        dropped = notes_keys.drop_user_key(uow.session, user.id)
        uow.audit("password.reset", entity="user", entity_id=user.id,
                  details=user.login + ("; доступ к записям консультаций нужно вернуть" if dropped else ""))
        uow.commit()
