"""Small builders the students pages share: a read-only rows table and a form dialog."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QTableView

from app.ui.widgets import common as shared
from app.ui.widgets.table_model import RussianSortFilterProxy


def rows_view(proxy: RussianSortFilterProxy, name: str, *, stretch: int | None = None, single: bool = False,
              sort_column: int = 0) -> QTableView:
    """Student lists: in alphabetical order by `sort_column` from the start, compact rows."""
    return shared.rows_view(proxy, name=name, stretch=stretch, single=single, sort_column=sort_column, row_height=22)


class FormDialog(QDialog):
    """A form whose «Сохранить» calls `save()`: on a refusal the user reads why and the form stays open."""

    def save(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        from app.ui.operations import run_quick
        if run_quick(self, self.save):
            super().accept()
