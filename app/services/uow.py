"""Unit of work: one session and one transaction per user action, carrying who acts.

    with UnitOfWork(db, actor) as uow:
        uow.require(Permission.EDIT_ROSTER)
        ...
        uow.commit()

Nothing is written unless `commit()` is called; leaving the block rolls back the rest. A service
that calls another service inside its own block shares the session: only the outermost commit
commits, so an import is all or nothing.
"""
from __future__ import annotations

import sqlalchemy.exc
from sqlalchemy import false
from sqlalchemy.orm import Session

from app.models import AuditEntry
from app.services.access import Actor, Permission
from app.services.storage.connection import (CONFLICT_MESSAGE, ConnectionLost, ServerConflict, is_conflict,
                                             is_connection_lost, lost_message)
from app.services.storage.database import Database
from app.services.errors import PermissionDenied

PERMISSION_DENIED_MESSAGE = "Недостаточно прав: {action}. Обратитесь к администратору."


class UnitOfWork:
    def __init__(self, database: Database, actor: Actor):
        self.database = database
        self.actor = actor
        self._session: Session | None = None
        self._depth = 0

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its `with` block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        if self._depth == 0:
            self._session = self.database.session()
        self._depth += 1
        return self

    def __exit__(self, exc_type: object, exc: BaseException | None, _tb: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._session is not None:
            server = exc is not None and self.database.is_server
            lost = server and is_connection_lost(exc)
            try:
                self._session.rollback()
            except sqlalchemy.exc.DBAPIError:
                # The server went away: there is nothing to roll back on it any more (it does that itself).
                if not lost:
                    raise
            finally:
                self._session.close()
                self._session = None
            if lost:
                raise ConnectionLost(lost_message(self.database)) from None
            if server and is_conflict(exc):
                raise ServerConflict(CONFLICT_MESSAGE) from None

    def commit(self) -> None:
        """Commit at the outermost level; inside a nested service only flush."""
        if self._depth > 1:
            self.session.flush()
        else:
            self.session.commit()

    def require(self, permission: Permission, action: str = "") -> None:
        if not self.actor.has(permission):
            raise PermissionDenied(PERMISSION_DENIED_MESSAGE.format(action=action or _describe(permission)))

    def require_class_access(self, class_id: int) -> None:
        """A class teacher works only with their own class (the one whose homeroom teacher they are)."""
        from app.services.access import Role
        if self.actor.role is not Role.CLASS_TEACHER:
            return
        from app.models import SchoolClass
        school_class = self.session.get(SchoolClass, class_id)
        if school_class is None or self.actor.staff_id is None or school_class.homeroom_teacher_id != self.actor.staff_id:
            raise PermissionDenied("Классный руководитель работает только со своим классом.")

    def limit_to_own_class(self, query):
        """Narrow a query that joins SchoolClass to the acting class teacher's own class (other roles: as it
        is). Every list of students a class teacher can open goes through this or `require_class_access`."""
        from app.services.access import Role
        if self.actor.role is not Role.CLASS_TEACHER:
            return query
        from app.models import SchoolClass
        if self.actor.staff_id is None:
            return query.where(false())
        return query.where(SchoolClass.homeroom_teacher_id == self.actor.staff_id)

    def audit(self, action: str, *, entity: str = "", entity_id: int | None = None, details: str = "") -> None:
        """Record who did what in the same transaction as the change itself."""
        self.session.add(AuditEntry(user_id=self.actor.user_id, user_login=self.actor.login, action=action,
                                    entity=entity, entity_id=entity_id, details=details))


def _describe(permission: Permission) -> str:
    from app.services.labels import PERMISSION_LABELS
    return PERMISSION_LABELS.get(permission, permission.value)
