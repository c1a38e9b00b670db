"""What every page is given: the open database, who is logged in, the chosen year, and the signals
that tell pages to refresh. Passed in explicitly: there is no global main-window object.

Every unit of work made here reports what it committed; the operation runner (app/ui/operations.py)
announces it through `changed` once its operation has ended, and pages follow it through app/ui/refresh.py."""
from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal

from app.services.access import Actor, Permission
from app.services.calendar import current_year
from app.services.storage.database import Database
from app.services.uow import Change, Changes, UnitOfWork


class AppContext(QObject):
    # The kinds of data (a frozenset of app.services.uow.Change) that an operation has just changed.
    changed = Signal(object)
    year_changed = Signal(int)
    _commit_seen = Signal()   # from any thread; queued to this object's (the main) thread
    actor_changed = Signal()

    def __init__(self, database: Database, actor: Actor, *, is_demo: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self.database = database
        self.actor = actor
        self.is_demo = is_demo
        self._pending: set[Change] = set()
        self._pending_lock = threading.Lock()  # units of work commit on the database worker thread
        self._operations = 0
        self._commit_seen.connect(self._announce_stray, Qt.ConnectionType.QueuedConnection)
        with self.uow() as uow:
            year = current_year(uow.session)
            self._year: int | None = year.start_year if year else None

    def uow(self) -> UnitOfWork:
        """A new unit of work for one user action, acting as the logged-in user."""
        return UnitOfWork(self.database, self.actor, on_commit=self._committed)

    def _committed(self, changes: Changes) -> None:
        with self._pending_lock:
            self._pending |= changes
        self._commit_seen.emit()

    def _announce_stray(self) -> None:
        # A commit made outside any operation is still announced, once the event loop turns; during an
        # operation the runner announces everything together when it ends.
        if self._operations == 0:
            self.announce_changes()

    def operation_started(self) -> None:
        self._operations += 1

    def operation_ended(self) -> None:
        self._operations = max(self._operations - 1, 0)

    def can(self, permission: Permission) -> bool:
        return self.actor.has(permission)

    @property
    def year(self) -> int | None:
        """The academic year shown (its first calendar year), e.g. 2025 for «2025/2026»."""
        return self._year

    def set_year(self, start_year: int) -> None:
        if start_year != self._year:
            self._year = start_year
            self.year_changed.emit(start_year)

    def set_actor(self, actor: Actor) -> None:
        self.actor = actor
        self.actor_changed.emit()

    def announce_changes(self, extra: Changes = frozenset()) -> None:
        """Tell every page what was committed since the last announcement (and `extra`, for changes made
        outside a unit of work, such as a restored file). Called by the operation runner on the main thread."""
        with self._pending_lock:
            changes, self._pending = frozenset(self._pending | extra), set()
        if changes:
            self.changed.emit(changes)
