"""Small builders the students pages share: a read-only rows table and a form dialog."""
from __future__ import annotations

from PySide6.QtCore import Qt

from PySide6.QtWidgets import QAbstractItemView, QDialog, QHeaderView, QTableView

from app.ui.widgets.table_model import RussianSortFilterProxy


def rows_view(proxy: RussianSortFilterProxy, name: str, *, stretch: int | None = None, single: bool = False,
              sort_column: int = 0) -> QTableView:
    """A sortable, read-only table selecting whole rows over `proxy`, sorted A→Я by `sort_column`."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    # The header's default indicator is descending; a list starts in alphabetical order.
    view.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.verticalHeader().setDefaultSectionSize(22)
    if stretch is None:
        view.horizontalHeader().setStretchLastSection(True)
    else:
        view.horizontalHeader().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    return view


class FormDialog(QDialog):
    """A form whose «Сохранить» calls `save()`: on a refusal the user reads why and the form stays open."""

    def save(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        from app.ui.operations import show_error
        try:
            self.save()
        except Exception as exc:  # noqa: BLE001 - shown as a message, never a traceback
            show_error(self, exc)
            return
        super().accept()
