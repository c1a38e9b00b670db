"""Small pieces every page builds the same way: a read-only list view over a proxy model, and the
«Сохранить» / «Отмена» buttons of a dialog."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QDialogButtonBox, QHeaderView, QTableView


def rows_view(proxy, *, stretch_column: int | None = None) -> QTableView:
    """A sortable, single-row-selection, read-only table over `proxy`, in the order the service gave
    until the user clicks a header (Qt would otherwise start with a descending sort of column 0)."""
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    if stretch_column is None:
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch_column, QHeaderView.ResizeMode.Stretch)
    return view


def save_cancel_buttons(dialog: QDialog) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText("Сохранить")
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box
