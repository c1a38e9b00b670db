"""The attendance checklist as a table model: one row per student, status/result/competence/hours
editable. It keeps the marks as loaded, so it knows what changed and can tell the page."""
from __future__ import annotations

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
        self._original: dict[int, tuple] = {}
        self.event_hours = 0.0
        self._dirty = False

    def set_rows(self, rows: list[AttendanceRow], *, event_hours: float = 0.0) -> None:
        self.beginResetModel()
        self.rows = rows
        self.event_hours = event_hours
        self._original = {r.student_id: r.key() for r in rows}
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
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.CheckStateRole and col == NAME:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            return self.set_status(index.row(), "attended" if checked else None)
        if col == STATUS and role == VALUE_ROLE:
            return self.set_status(index.row(), value)
        if col == RESULT and role == VALUE_ROLE:
            row.result = value
        elif col == COMPETENCE and role == Qt.ItemDataRole.EditRole:
            row.competence = str(value or "").strip()
        elif col == HOURS and role == Qt.ItemDataRole.EditRole:
            hours = float(value) if value not in (None, "") else None
            row.hours = None if hours is None or hours == self.event_hours else hours
        else:
            return False
        if row.status is None and (row.result or row.competence or row.hours is not None):
            row.status = "attended"   # a result or a competence means the student was there
        self._changed(index.row())
        return True

    def set_status(self, r: int, status: str | None) -> bool:
        row = self.rows[r]
        if row.status == status:
            return False
        row.status = status
        self._changed(r)
        return True

    def toggle(self, r: int) -> None:
        self.set_status(r, None if self.rows[r].status == "attended" else "attended")

    def mark_class(self, class_id: int, status: str = "attended") -> int:
        """Mark every student of a class (those not yet marked otherwise keep their mark only if absent)."""
        n = 0
        for i, row in enumerate(self.rows):
            if row.class_id == class_id and row.status != status:
                row.status = status
                n += 1
        if n:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(COLUMNS) - 1))
            self._set_dirty(self._compute_dirty())
        return n

    def _changed(self, r: int) -> None:
        self.dataChanged.emit(self.index(r, 0), self.index(r, len(COLUMNS) - 1))
        self._set_dirty(self._compute_dirty())

    def _compute_dirty(self) -> bool:
        return any(self._original.get(r.student_id) != r.key() for r in self.rows)

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
                for r in self.rows if self._original.get(r.student_id) != r.key()]

    def counts(self) -> tuple[int, int, int]:
        attended = sum(r.status == "attended" for r in self.rows)
        absent = sum(r.status == "absent" for r in self.rows)
        return attended, absent, len(self.rows)
