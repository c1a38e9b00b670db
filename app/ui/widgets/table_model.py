"""A read-only table model over a list of plain rows (dataclasses), and a proxy that sorts in Russian
alphabetical order and filters case-insensitively with «ё» = «е».

Pages describe their columns once; the model fetches cell values on demand, so a list of thousands
of students costs one Python object per row, not a widget per cell."""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt

from app.services.text import fold, sort_key

R = TypeVar("R")
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True)
class Column(Generic[R]):
    title: str
    value: Callable[[R], Any]
    # The key to sort by when the shown text would sort wrongly (dates, numbers); default: the value.
    sort: Callable[[R], Any] | None = None
    align_right: bool = False
    tooltip: Callable[[R], str] | None = None
    searchable: bool = True


def display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else ""
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


class RowsTableModel(QAbstractTableModel, Generic[R]):
    def __init__(self, columns: Sequence[Column[R]], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[R] = []
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        if self._sorted_by is not None:
            self.rows.sort(key=self._row_sort_key(self._sorted_by[0]),
                           reverse=self._sorted_by[1] == Qt.SortOrder.DescendingOrder)
        self.endResetModel()

    def _row_sort_key(self, column: int) -> Callable[[R], tuple]:
        spec = self.columns[column]
        get = spec.sort or spec.value

        def key(row: R) -> tuple:
            try:
                value = get(row)
            except Exception:  # a broken row sorts first, never breaks the sort
                return (0, "")
            if value is None:
                return (0, "")
            # Mixed kinds in one column (text and numbers) compare by kind first.
            if isinstance(value, str):
                return (1, "str", sort_key(value))
            return (1, type(value).__name__, value)
        return key

    def _sorted(self, rows: list[R], column: int, order: Qt.SortOrder) -> list[R]:
        """`rows` in the column's order, stable (equal keys keep their order, descending too). A column whose
        values are all of one kind other than text (numbers, dates, tuples of folded text) is sorted by them
        as they are; any other by `_row_sort_key`, one Python call per row."""
        spec = self.columns[column]
        try:
            values = list(map(spec.sort or spec.value, rows))
        except Exception:  # a broken row: the careful key below sorts it first
            values = []
        kinds = set(map(type, values))
        if len(kinds) == 1 and not kinds & {str, type(None)}:
            keys = values
        else:
            keys = list(map(self._row_sort_key(column), rows))
        order_of = sorted(range(len(rows)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        return [rows[i] for i in order_of]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves in Russian order: one Python sort, not a comparison call per pair.

        Used by RussianSortFilterProxy(sort_in_source=True), so re-filtering never re-sorts."""
        if not 0 <= column < len(self.columns):
            return
        self._sorted_by = (column, order)
        self.layoutAboutToBeChanged.emit()
        old_persistent = self.persistentIndexList()
        key = self._row_sort_key(column)
        keys = [key(row) for row in self.rows]
        order_of = sorted(range(len(self.rows)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        self.rows = [self.rows[i] for i in order_of]
        new_position = {old: new for new, old in enumerate(order_of)}
        self.changePersistentIndexList(
            old_persistent, [self.index(new_position[i.row()], i.column()) for i in old_persistent])
        self.layoutChanged.emit()

    def column_changed(self, column: int) -> None:
        """The values of one column changed, not the rows (a figure that arrives after them): repainted,
        and the rows sorted again if they are sorted by it."""
        if self._sorted_by is not None and self._sorted_by[0] == column:
            self.sort(*self._sorted_by)
        elif self.rows:
            self.dataChanged.emit(self.index(0, column), self.index(len(self.rows) - 1, column))

    def row_at(self, row: int) -> R:
        return self.rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            try:
                return display(column.value(row))
            except Exception:  # a broken row shows as empty, never breaks the view
                return ""
        if role == SORT_ROLE:
            value = column.sort(row) if column.sort else column.value(row)
            return sort_key(value) if isinstance(value, str) else value
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tooltip:
                return column.tooltip(row)
            # The whole cell, for a narrow column that shows it cut («…»).
            text = self.data(index, Qt.ItemDataRole.DisplayRole)
            return text if isinstance(text, str) and len(text) > 12 else None
        return None


class RussianSortFilterProxy(QSortFilterProxyModel):
    """Sorts by each column's sort key and keeps rows whose searchable text contains the typed words."""

    def __init__(self, parent=None, *, sort_in_source: bool = False):
        """`sort_in_source=True` sorts the RowsTableModel's own rows instead of the proxy's mapping: for
        thousands of rows, a keystroke in the search then re-filters without re-sorting (students list)."""
        super().__init__(parent)
        self._words: list[str] = []
        self._predicate: Callable[[Any], bool] | None = None
        self._sort_in_source = sort_in_source
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(False)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        model = self.sourceModel()
        if self._sort_in_source and isinstance(model, RowsTableModel):
            model.sort(column, order)
        else:
            super().sort(column, order)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = fold(text).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        """An extra filter on the row object (class, category, month...)."""
        self.beginFilterChange()
        self._predicate = predicate
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        if not isinstance(model, RowsTableModel):
            return True
        row = model.rows[source_row]
        if self._predicate is not None and not self._predicate(row):
            return False
        if not self._words:
            return True
        haystack = getattr(row, "search_text", None)
        if haystack is None:
            haystack = fold(" ".join(display(c.value(row)) for c in model.columns if c.searchable))
        return all(word in haystack for word in self._words)

    def lessThan(self, left: QModelIndex | QPersistentModelIndex, right: QModelIndex | QPersistentModelIndex) -> bool:
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a is None or b is None:
            return a is None and b is not None
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)
