"""The one way a page keeps in step with the data: it names the kinds of data it shows (Change), and when an
operation announces one of them through `AppContext.changed` the page reloads — at once if it is on screen,
else the next time it is shown, so hidden pages cost nothing until they are looked at.

    self.refresher = follow_changes(self, ctx, {Change.STUDENTS, Change.EVENTS}, self.refresh)
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from app.services.calendar import start_year_of
from app.services.uow import EVERYTHING, Change, Changes

# What the school's figures (indicators, the overview) are counted from: all but the log and the accounts.
SCHOOL_DATA: Changes = EVERYTHING - {Change.AUDIT, Change.ACCOUNTS}


class Refresher(QObject):
    """Owned by its page (destroyed with it, which drops its connections to the context)."""

    def __init__(self, page: QWidget, ctx, watches: Iterable[Change], reload: Callable[[], None], *,
                 on_year: bool = False, stale: bool = False):
        super().__init__(page)
        self.page, self.watches, self._reload = page, frozenset(watches), reload
        self.stale = stale
        page.installEventFilter(self)
        # Bound methods, not lambdas: Qt drops the connection when the refresher is destroyed.
        ctx.changed.connect(self._changed)
        if on_year:
            ctx.year_changed.connect(self._year_changed)

    def _changed(self, changes: Changes) -> None:
        if self.watches & changes:
            self.mark_stale()

    def _year_changed(self, _start_year: int) -> None:
        self.mark_stale()

    def mark_stale(self) -> None:
        self.stale = True
        if self.page.isVisible():
            self.reload()

    def reload_if_stale(self) -> None:
        if self.stale:
            self.reload()

    def reload(self) -> None:
        self.stale = False
        self._reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.page and event.type() == QEvent.Type.Show:
            self.reload_if_stale()
        return False


def follow_changes(page: QWidget, ctx, watches: Iterable[Change], reload: Callable[[], None], *,
                   on_year: bool = False, stale: bool = False) -> Refresher:
    return Refresher(page, ctx, watches, reload, on_year=on_year, stale=stale)


class ReloadingTab(QWidget):
    """A tab that loads when first shown and reloads when the year or the data it WATCHES changes."""

    WATCHES: frozenset[Change] = frozenset({Change.STUDENTS})

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.refresher = Refresher(self, ctx, self.WATCHES, self.load, on_year=True, stale=True)

    @property
    def year(self) -> int:
        """The academic year shown; before any year exists, the one that contains today."""
        return self.ctx.year if self.ctx.year is not None else start_year_of(dt.date.today())

    def reload_if_stale(self) -> None:
        self.refresher.reload_if_stale()

    def reload(self) -> None:
        self.refresher.reload()

    def load(self) -> None:
        raise NotImplementedError
