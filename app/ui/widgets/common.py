"""Small pieces every page builds the same way: a read-only list view over a proxy model, and the
«Сохранить» / «Отмена» buttons of a dialog, a row of action buttons."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QPushButton, QTableView)


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


def ok_cancel(dialog: QDialog, ok_text: str = "Сохранить", *,
              on_ok: Callable[[], None] | None = None) -> QDialogButtonBox:
    """«<ok_text>» / «Отмена» of a dialog. `on_ok` replaces closing the dialog, for a form that checks its
    input first and stays open on a refusal."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("Отмена")
    box.accepted.connect(on_ok or dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


def button_row(actions: Sequence[tuple[str, Callable[[], None]]], *, visible: bool = True) -> QHBoxLayout:
    """Buttons left-aligned in a row; hidden together when the user may not use them."""
    row = QHBoxLayout()
    for title, slot in actions:
        button = QPushButton(title)
        button.clicked.connect(slot)
        button.setVisible(visible)
        row.addWidget(button)
    row.addStretch(1)
    return row
