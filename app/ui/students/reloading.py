"""A tab that reloads when the year or its data changes — at once if visible, else when next shown."""
from __future__ import annotations

from PySide6.QtWidgets import QWidget


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
