"""The attendance checklist as a table model: one row per student, status/result/competence/hours
editable. It keeps the marks as loaded, so it knows what changed and can tell the page.

An event can have 60,000 marks: a change costs the same whatever the size (the row's mark as loaded is
kept when it is first changed, the counts follow each change), never a walk over every row."""
from __future__ import annotations

from collections import Counter
from operator import attrgetter

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from app.services.events.attendance import AttendanceMark, AttendanceRow
from app.services.labels import COMPETITION_RESULT_LABELS, participation_status_label
from app.ui.widgets.combo_delegate import VALUE_ROLE
from app.ui.widgets.table_model import display

COLUMNS = ("Класс", "ФИО", "Отметка", "Результат", "Компетенция", "Часы")
CLASS, NAME, STATUS, RESULT, COMPETENCE, HOURS = range(6)
_ATTENDED = QBrush(QColor("#DFF3DF"))
_ABSENT = QBrush(QColor("#F8E0E0"))


class AttendanceModel(QAbstractTableModel):
    dirty_changed = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[AttendanceRow] = []
        # Row number -> its mark as loaded, for the rows changed since (kept on their first change).
        self._original: dict[int, tuple] = {}
        self._differ: set[int] = set()          # rows whose mark is not the one loaded
        self._statuses: Counter = Counter()
        self.event_hours = 0.0
        self._dirty = False

    def set_rows(self, rows: list[AttendanceRow], *, event_hours: float = 0.0) -> None:
        self.beginResetModel()
        self.rows = rows
        self.event_hours = event_hours
        self._original, self._differ = {}, set()
        self._statuses = Counter(map(attrgetter("status"), rows))
        self.endResetModel()
        self._set_dirty(False)

    # --- reading -----------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return COLUMNS[section] if orientation == Qt.Orientation.Horizontal else str(section + 1)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row, col = self.rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if col == CLASS:
                return row.class_label
            if col == NAME:
                return row.full_name
            if col == STATUS:
                return participation_status_label(row.status, row.sex) if row.status else ""
            if col == RESULT:
                return COMPETITION_RESULT_LABELS.get(row.result or "", "")
            if col == COMPETENCE:
                return row.competence
            if col == HOURS:
                if role == Qt.ItemDataRole.EditRole:
                    return row.hours if row.hours is not None else self.event_hours
                return display(row.hours) if row.hours is not None else ""
        if role == VALUE_ROLE:
            return {STATUS: row.status, RESULT: row.result}.get(col)
        if role == Qt.ItemDataRole.CheckStateRole and col == NAME:
            return Qt.CheckState.Checked if row.status == "attended" else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.BackgroundRole and col in (NAME, STATUS):
            return _ATTENDED if row.status == "attended" else (_ABSENT if row.status == "absent" else None)
        if role == Qt.ItemDataRole.ToolTipRole and col == HOURS:
            return "Пусто — часы мероприятия" + (f" ({display(self.event_hours)})" if self.event_hours else "")
        return None

    def flags(self, index: QModelIndex):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == NAME:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        if index.column() >= STATUS:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    # --- writing -----------------------------------------------------------------------------------
    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        r, col = index.row(), index.column()
        row = self.rows[r]
        if role == Qt.ItemDataRole.CheckStateRole and col == NAME:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            return self.set_status(r, "attended" if checked else None)
        if col == STATUS and role == VALUE_ROLE:
            return self.set_status(r, value)
        if not ((col == RESULT and role == VALUE_ROLE) or (col in (COMPETENCE, HOURS)
                                                           and role == Qt.ItemDataRole.EditRole)):
            return False
        status = self._before_change(r)
        if col == RESULT:
            row.result = value
        elif col == COMPETENCE:
            row.competence = str(value or "").strip()
        else:
            hours = float(value) if value not in (None, "") else None
            row.hours = None if hours is None or hours == self.event_hours else hours
        if row.status is None and (row.result or row.competence or row.hours is not None):
            row.status = "attended"   # a result or a competence means the student was there
        self._after_change(r, status)
        self._changed(r)
        return True

    def set_status(self, r: int, status: str | None) -> bool:
        row = self.rows[r]
        if row.status == status:
            return False
        before = self._before_change(r)
        row.status = status
        self._after_change(r, before)
        self._changed(r)
        return True

    def toggle(self, r: int) -> None:
        self.set_status(r, None if self.rows[r].status == "attended" else "attended")

    def mark_class(self, class_id: int, status: str = "attended") -> int:
        """Mark every student of a class (those not yet marked otherwise keep their mark only if absent)."""
        n = 0
        for i, row in enumerate(self.rows):
            if row.class_id == class_id and row.status != status:
                before = self._before_change(i)
                row.status = status
                self._after_change(i, before)
                n += 1
        if n:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))
            self._set_dirty(bool(self._differ))
        return n

    def _before_change(self, r: int) -> str | None:
        """Keep row r's mark as loaded (the first time it changes); its status now."""
        row = self.rows[r]
        if r not in self._original:
            self._original[r] = row.key()
        return row.status

    def _after_change(self, r: int, status_before: str | None) -> None:
        row = self.rows[r]
        if row.status != status_before:
            self._statuses[status_before] -= 1
            self._statuses[row.status] += 1
        if row.key() == self._original[r]:
            self._differ.discard(r)
        else:
            self._differ.add(r)

    def _changed(self, r: int) -> None:
        self.dataChanged.emit(self.index(r, 0), self.index(r, len(COLUMNS) - 1))
        self._set_dirty(bool(self._differ))

    def _set_dirty(self, dirty: bool) -> None:
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)

    @property
    def is_dirty(self) -> bool:
        return self._dirty

    def changed_marks(self) -> list[AttendanceMark]:
        return [AttendanceMark(r.student_id, r.status, r.result if r.status else None,
                               r.competence if r.status else "", r.hours if r.status else None)
                for r in (self.rows[i] for i in sorted(self._differ))]

    def counts(self) -> tuple[int, int, int]:
        return self._statuses["attended"], self._statuses["absent"], len(self.rows)
