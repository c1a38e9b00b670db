"""Unit of work: one session and one transaction per user action, carrying who acts.

    with UnitOfWork(db, actor) as uow:
        uow.require(Permission.EDIT_ROSTER)
        ...
        uow.commit()

Nothing is written unless `commit()` is called; leaving the block rolls back the rest. A service
that calls another service inside its own block shares the session: only the outermost commit
commits, so an import is all or nothing.

The unit of work also knows what it wrote: the rows its session flushes, the INSERT, UPDATE and DELETE
statements run through it, and what it audits each name a table, and each table belongs to one `Change`
kind. On commit it hands the kinds to `on_commit`, so the windows can refresh what shows them.
"""
from __future__ import annotations

import enum
from collections.abc import Callable
from itertools import chain

import sqlalchemy.exc
from sqlalchemy import event, false
from sqlalchemy.orm import ORMExecuteState, Session

from app.models import AuditEntry
from app.services.access import Actor, Permission
from app.services.storage.connection import (CONFLICT_MESSAGE, ConnectionLost, ServerConflict, is_conflict,
                                             is_connection_lost, lost_message)
from app.services.storage.database import Database
from app.services.errors import PermissionDenied

PERMISSION_DENIED_MESSAGE = "Недостаточно прав: {action}. Обратитесь к администратору."


class Change(enum.Enum):
    """A kind of data a window shows; what a committed unit of work reports it changed."""

    SCHOOL = "school"
    YEARS = "years"
    STAFF = "staff"
    CLASSES = "classes"
    STUDENTS = "students"
    CONSENT = "consent"
    EVENTS = "events"
    PARTICIPATION = "participation"
    PARTNERS = "partners"
    CLUBS = "clubs"
    GRADUATES = "graduates"
    CONSULTATIONS = "consultations"
    ROADMAP = "roadmap"
    INDICATORS = "indicators"
    SETTINGS = "settings"
    ACCOUNTS = "accounts"
    AUDIT = "audit"
    MUNICIPALITY = "municipality"


Changes = frozenset[Change]
EVERYTHING: Changes = frozenset(Change)  # e.g. after a restore, when the whole file is another one

# Every table of the schema, by the kind of data it holds (a test checks none is missing).
TABLE_CHANGES: dict[str, Change] = {
    "school": Change.SCHOOL, "academic_year": Change.YEARS, "staff": Change.STAFF,
    "school_class": Change.CLASSES, "student": Change.STUDENTS, "enrollment": Change.STUDENTS,
    "consent": Change.CONSENT, "event": Change.EVENTS, "event_type": Change.EVENTS,
    "participation": Change.PARTICIPATION, "platform_figures": Change.PARTICIPATION, "partner": Change.PARTNERS,
    "agreement": Change.PARTNERS,
    "club": Change.CLUBS, "club_enrollment": Change.CLUBS, "graduate_destination": Change.GRADUATES,
    "exam_choice": Change.GRADUATES, "consultation": Change.CONSULTATIONS,
    "consultation_note": Change.CONSULTATIONS, "consultation_student": Change.CONSULTATIONS,
    "consultation_topic": Change.CONSULTATIONS, "roadmap": Change.ROADMAP, "roadmap_section": Change.ROADMAP,
    "roadmap_item": Change.ROADMAP, "roadmap_item_status": Change.ROADMAP, "roadmap_indicator": Change.ROADMAP,
    "manual_indicator_value": Change.INDICATORS, "report_form_mapping": Change.INDICATORS,
    "setting": Change.SETTINGS, "app_user": Change.ACCOUNTS, "notes_key": Change.ACCOUNTS, "audit_log": Change.AUDIT,
    "municipality": Change.MUNICIPALITY, "district_school": Change.MUNICIPALITY,
    "school_report": Change.MUNICIPALITY, "school_report_value": Change.MUNICIPALITY,
    "report_load": Change.MUNICIPALITY,
}


class UnitOfWork:
    def __init__(self, database: Database, actor: Actor, *, on_commit: Callable[[Changes], None] | None = None):
        self.database = database
        self.actor = actor
        self.on_commit = on_commit
        self.committed: Changes = frozenset()  # everything this unit of work has committed so far
        self._session: Session | None = None
        self._depth = 0
        self._written: set[Change] = set()

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its `with` block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        if self._depth == 0:
            self._session = self.database.session()
            self._written.clear()
            # Session events, not connection events: a listener on the connection slows every bulk insert.
            event.listen(self._session, "after_flush", self._note_flush)
            event.listen(self._session, "do_orm_execute", self._note_statement)
        self._depth += 1
        return self

    def _note(self, table_name: str) -> None:
        kind = TABLE_CHANGES.get(table_name)
        # A table nobody has classified yet: better every page refreshes than one shows stale data.
        self._written.update((kind,) if kind else EVERYTHING)

    def _note_flush(self, session: Session, _flush_context: object) -> None:
        for cls in {type(obj) for obj in chain(session.new, session.dirty, session.deleted)}:
            self._note(cls.__table__.name)

    def _note_statement(self, state: ORMExecuteState) -> None:
        if state.is_insert or state.is_update or state.is_delete:
            self._note(getattr(state.statement.table, "name", ""))

    def __exit__(self, exc_type: object, exc: BaseException | None, _tb: object) -> None:
        self._depth -= 1
        if self._depth == 0 and self._session is not None:
            server = exc is not None and self.database.is_server
            lost = server and is_connection_lost(exc)
            try:
                self._session.rollback()
                self._written.clear()  # rolled back: nothing of it happened
            except sqlalchemy.exc.DBAPIError:
                # The server went away: there is nothing to roll back on it any more (it does that itself).
                self._written.clear()
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
            return
        self.session.commit()
        changes, self._written = frozenset(self._written), set()
        self.committed |= changes
        if changes and self.on_commit is not None:
            self.on_commit(changes)

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

    def require_own_pupil(self, class_id: int | None) -> None:
        """A class teacher reads a pupil only through the pupil's class in the year asked for: a year in which
        the pupil was not enrolled (`class_id` None) gives them nothing, not the pupil of another class."""
        from app.services.access import Role
        if self.actor.role is Role.CLASS_TEACHER and class_id is None:
            raise PermissionDenied("Классный руководитель работает только со своим классом.")
        if class_id is not None:
            self.require_class_access(class_id)

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
        """Record who did what in the same transaction as the change itself. The entity counts as changed:
        it covers what a service writes past the session (Core statements on `session.connection()`)."""
        if entity in TABLE_CHANGES:
            self._note(entity)
        self.session.add(AuditEntry(user_id=self.actor.user_id, user_login=self.actor.login, action=action,
                                    entity=entity, entity_id=entity_id, details=details))


def _describe(permission: Permission) -> str:
    from app.services.labels import PERMISSION_LABELS
    return PERMISSION_LABELS.get(permission, permission.value)
