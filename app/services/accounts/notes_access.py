"""Giving a psychologist the consultation notes key: from a colleague who has it (both present: the colleague
signed in, the new psychologist typing their own password), or with the recovery key from the safe (after a
password reset, or when no colleague has it). See notes_keys for why the key is kept this way."""
from __future__ import annotations

from dataclasses import replace

from sqlalchemy import select

from app.models import User
from app.services.access import Actor, Permission
from app.services.accounts import accounts, notes_keys
from app.services.errors import NotFound, PermissionDenied, UserError
from app.services.storage.database import Database
from app.services.uow import UnitOfWork


def _holder(session, login: str) -> User:
    user = session.scalar(select(User).where(User.login == accounts.normalise_login(login)))
    if user is None or not user.is_active:
        raise NotFound(f"Учётная запись «{login}» не найдена или отключена.")
    if not accounts.may_hold_notes_key(user.role, user.can_read_notes):
        raise UserError(f"Учётная запись «{user.login}» не может читать записи консультаций: ключ ей не выдаётся.")
    return user


def grant_notes_access(uow: UnitOfWork, *, login: str, password: str) -> None:
    """A signed-in holder of the key gives it to another psychologist, who types their own password."""
    with uow:
        uow.require(Permission.READ_CONSULTATION_NOTES)
        if uow.actor.notes_key is None:
            raise PermissionDenied(notes_keys.NO_KEY)
        user = _holder(uow.session, login)
        if not accounts._verify_quietly(user.password_hash, password):
            raise UserError(f"Пароль пользователя «{user.login}» указан неверно.")
        notes_keys.wrap_for_user(uow.session, user.id, password, uow.actor.notes_key)
        uow.audit("notes.grant", entity="user", entity_id=user.id, details=user.login)
        uow.commit()


def recover_notes_access(database: Database, *, login: str, password: str, recovery_key: str) -> Actor:
    """Sign in and take the notes key with the recovery key; the key is then wrapped for this password."""
    actor = accounts.login(database, login, password)
    with database.session() as session:
        user = _holder(session, actor.login)
        key = notes_keys.unwrap_with_recovery(session, recovery_key)
        notes_keys.wrap_for_user(session, user.id, password, key)
        session.add(accounts.AuditEntry(user_id=user.id, user_login=user.login, action="notes.recover",
                                        entity="user", entity_id=user.id, details="по ключу восстановления"))
        session.commit()
    return replace(actor, notes_key=key)
