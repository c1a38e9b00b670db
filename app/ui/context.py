"""What every page is given: the open database, who is logged in, the chosen year, and the signals
that tell pages to refresh. Passed in explicitly: there is no global main-window object."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from app.services.access import Actor, Permission
from app.services.calendar import current_year
from app.services.storage.database import Database
from app.services.uow import UnitOfWork


class AppContext(QObject):
    # What changed ("students", "events", "roadmap", ... or "" for everything): pages refresh what they show.
    data_changed = Signal(str)
    year_changed = Signal(int)
    actor_changed = Signal()

    def __init__(self, database: Database, actor: Actor, *, is_demo: bool = False, parent: QObject | None = None):
        super().__init__(parent)
        self.database = database
        self.actor = actor
        self.is_demo = is_demo
        with self.uow() as uow:
            year = current_year(uow.session)
            self._year: int | None = year.start_year if year else None

    def uow(self) -> UnitOfWork:
        """A new unit of work for one user action, acting as the logged-in user."""
        return UnitOfWork(self.database, self.actor)

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

    def notify_changed(self, what: str = "") -> None:
        self.data_changed.emit(what)
