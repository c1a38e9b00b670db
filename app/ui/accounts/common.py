"""Small pieces the account, privacy and consultation screens share: a notice in place of a tab one may
not use, a table view over a RowsTableModel with a Russian sort/filter proxy, «Сохранить/Отмена» buttons
and the question where to save an XLSX file."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from app.services.labels import PERMISSION_LABELS
from app.ui.widgets import common as shared
from app.ui.widgets.table_model import RowsTableModel, RussianSortFilterProxy


def no_right_notice(layout: QVBoxLayout, permission) -> QLabel:
    label = QLabel(f"Недостаточно прав: {PERMISSION_LABELS[permission]}. Обратитесь к администратору.")
    label.setObjectName("no_right")
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout.addWidget(label)
    return label


MAX_COLUMN_WIDTH = 240   # a long cell wraps or shows in its tooltip; the other columns stay on screen


def rows_view(parent: QWidget, columns, *, multi: bool = False, sort_column: int = 0,
              descending: bool = False) -> tuple[QTableView, RowsTableModel,
                                                                        RussianSortFilterProxy]:
    model = RowsTableModel(columns, parent)
    proxy = RussianSortFilterProxy(parent)
    proxy.setSourceModel(model)
    view = shared.rows_view(proxy, single=not multi, sort_column=sort_column, descending=descending,
                            alternating=True)
    view.setParent(parent)
    return view, model, proxy


def fill(view: QTableView, model: RowsTableModel, rows) -> None:
    """New rows, sorted as the user last chose (the proxy does not re-sort on its own)."""
    model.set_rows(rows)
    header = view.horizontalHeader()
    view.sortByColumn(header.sortIndicatorSection(), header.sortIndicatorOrder())
    view.resizeColumnsToContents()
    # A long cell (the students of a group consultation) must not push the other columns off the screen.
    for column in range(header.count()):
        if header.sectionSize(column) > MAX_COLUMN_WIDTH:
            header.resizeSection(column, MAX_COLUMN_WIDTH)


def selected_rows(view: QTableView, proxy: RussianSortFilterProxy, model: RowsTableModel) -> list:
    rows = {proxy.mapToSource(index).row() for index in view.selectionModel().selectedRows()}
    return [model.row_at(r) for r in sorted(rows)]


def ask_xlsx_path(parent: QWidget, title: str, suggested_name: str, *, kind: str = "register") -> Path | None:
    from app.ui.widgets.file_dialogs import ask_save_file
    return ask_save_file(parent, title, suggested_name, "Книга Excel (*.xlsx)", kind=kind, suffix=".xlsx")
