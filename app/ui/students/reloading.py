"""A tab that reloads when the year or its data changes — at once if visible, else when next shown."""
from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from app.services.calendar import start_year_of


class ReloadingTab(QWidget):
    # Data kinds («students», «events»…) whose change makes this tab's contents stale; "" means everything.
    WATCHES: tuple[str, ...] = ("students",)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self._stale = True
        # Bound methods, not lambdas: Qt drops the connection when the tab is destroyed.
        ctx.year_changed.connect(self._on_year_changed)
        ctx.data_changed.connect(self._on_data_changed)

    @property
    def year(self) -> int:
        """The academic year shown; before any year exists, the one that contains today."""
        return self.ctx.year if self.ctx.year is not None else start_year_of(dt.date.today())

    def _on_year_changed(self, _start_year: int) -> None:
        self._mark_stale()

    def _on_data_changed(self, what: str) -> None:
        if what == "" or what in self.WATCHES:
            self._mark_stale()

    def _mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.reload()

    def reload_if_stale(self) -> None:
        if self._stale:
            self.reload()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.reload_if_stale()

    def reload(self) -> None:
        self._stale = False
        self.load()

    def load(self) -> None:
        raise NotImplementedError
