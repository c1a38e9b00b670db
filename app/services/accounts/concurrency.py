"""Optimistic locking (several users at once): a save made from a form that someone else has saved since
it was opened is refused, never silently overwrites.

A record carries a version (SQLAlchemy's version_id_col on student, event, roadmap_item). The form remembers
the version it showed; the save compares it (`check_version`) and its UPDATE also says
`WHERE version = <read>`, so a save racing another one at the same instant fails at flush too
(`StaleDataError`, turned into the same message by `refuse_stale`). Who changed the record and when comes
from the audit log, written in the same transaction as every change."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from app.models import AuditEntry
from app.services.errors import UserError
from app.services.uow import UnitOfWork


class RecordChanged(UserError):
    """Someone else saved the record after this form was opened."""


def check_version(uow: UnitOfWork, record, expected_version: int | None, *, entity: str, what: str,
                  touch: str) -> None:
    """Refuse the save if `record` is no longer at the version the form showed; then make sure the save
    writes the record (attribute `touch`), so that its version moves on and a concurrent save is caught."""
    if expected_version is not None and record.version != expected_version:
        raise RecordChanged(changed_message(uow.session, entity=entity, entity_id=record.id, what=what))
    flag_modified(record, touch)


@contextmanager
def refuse_stale(uow: UnitOfWork, *, entity: str, entity_id: int | None, what: str) -> Iterator[None]:
    """Turn a lost race at flush (another user's save committed in between) into the Russian message."""
    try:
        yield
    except StaleDataError:
        uow.session.rollback()
        raise RecordChanged(changed_message(uow.session, entity=entity, entity_id=entity_id, what=what)) from None


def bump_versions(session: Session, model, ids) -> None:
    """Move the versions of these records on, for a change written in bulk (not through the ORM, which moves
    them itself): a form opened before it is then refused on save."""
    ids = sorted(ids)
    table = model.__table__
    for at in range(0, len(ids), _CHUNK):
        session.execute(update(table).where(table.c.id.in_(ids[at:at + _CHUNK]))
                        .values(version=table.c.version + 1))


# Keeps every IN list well under SQLite's limit on bound parameters.
_CHUNK = 900


def changed_message(session: Session, *, entity: str, entity_id: int | None, what: str) -> str:
    who, when = "другой пользователь", ""
    if entity_id is not None:
        last = session.execute(select(AuditEntry.user_login, AuditEntry.at)
                               .where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
                               .order_by(AuditEntry.id.desc()).limit(1)).first()
        if last is not None:
            who = last.user_login or who
            when = f" в {_local(last.at):%H:%M %d.%m.%Y}"
    return (f"{what}: пока вы редактировали, запись изменил(а) {who}{when}, обновите её и внесите "
            f"изменения ещё раз. Ваши изменения не сохранены.")


def _local(at: dt.datetime) -> dt.datetime:
    # The log stores UTC (CURRENT_TIMESTAMP on both engines); the user reads their own clock.
    return at.replace(tzinfo=dt.timezone.utc).astimezone() if at.tzinfo is None else at.astimezone()
