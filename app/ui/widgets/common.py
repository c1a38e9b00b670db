"""Small pieces every page builds the same way: a read-only list view over a proxy model, and the
«Сохранить» / «Отмена» buttons of a dialog, a row of action buttons."""
from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView,
                               QPushButton, QTableView)


def rows_view(proxy, *, name: str = "", stretch: int | None = None, single: bool = True,
              sort_column: int | None = None, descending: bool = False, fit_contents: bool = False,
              row_height: int | None = None, alternating: bool = False) -> QTableView:
    """A sortable, read-only table selecting whole rows over `proxy`.

    `sort_column=None` keeps the order the service gave until the user clicks a header (Qt would otherwise
    start with a descending sort of column 0). `stretch` names the column that takes the spare width, else
    the last one does; `fit_contents` sizes the other columns to their contents."""
    view = QTableView()
    if name:
        view.setObjectName(name)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    order = Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder
    view.sortByColumn(-1 if sort_column is None else sort_column, order)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection if single
                          else QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(alternating)
    view.verticalHeader().hide()
    if row_height:
        view.verticalHeader().setDefaultSectionSize(row_height)
    header = view.horizontalHeader()
    if stretch is None:
        if fit_contents:
            header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
    else:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
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
