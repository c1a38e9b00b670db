"""The graduates table as an editable model over GraduateRow: destination, institution (a partner or
free text), in the region, by profile, exam subjects by profile. It remembers what was loaded, so
only changed rows are saved."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal

from app.services.events.graduates import GraduateRow
from app.services.labels import DESTINATION_LABELS, yes_no
from app.ui.widgets.combo_delegate import VALUE_ROLE
from app.ui.widgets.table_model import Column, RowsTableModel

DESTINATION, INSTITUTION, IN_REGION, BY_PROFILE, EXAM = range(3, 8)
FLAG_FIELDS = {IN_REGION: "in_region", BY_PROFILE: "by_profile", EXAM: "exam_matches"}
COLUMNS: list[Column[GraduateRow]] = [
    Column("Класс", lambda r: r.class_label, sort=lambda r: f"{r.grade:02d}{r.class_label}"),
    Column("ФИО", lambda r: r.full_name),
    Column("Профиль", lambda r: r.profile),
    Column("Продолжение обучения", lambda r: r.destination_label),
    Column("Учебное заведение", lambda r: r.institution),
    Column("В своём регионе", lambda r: yes_no(r.in_region)),
    Column("По профилю", lambda r: yes_no(r.by_profile)),
    Column("Предметы ГИА по профилю", lambda r: yes_no(r.exam_matches)),
]


class GraduatesModel(RowsTableModel):
    dirty_changed = Signal(bool)

    def __init__(self, parent=None):
        super().__init__(COLUMNS, parent)
        self._original: dict[int, object] = {}
        self.partner_names: dict[int, str] = {}

    def set_rows(self, rows, *, partner_names: dict[int, str] | None = None) -> None:
        self.partner_names = partner_names or {}
        self._original = {r.student_id: r.edit() for r in rows}
        super().set_rows(rows)
        self.dirty_changed.emit(False)

    def flags(self, index: QModelIndex):
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() >= DESTINATION else base

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role == VALUE_ROLE and index.isValid():
            row = self.rows[index.row()]
            col = index.column()
            if col == DESTINATION:
                return row.destination
            if col == INSTITUTION:
                return ("partner", row.institution_partner_id) if row.institution_partner_id else row.institution_name
            if col in FLAG_FIELDS:
                return getattr(row, FLAG_FIELDS[col])
        return super().data(index, role)

    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != VALUE_ROLE or not index.isValid():
            return False
        row = self.rows[index.row()]
        col = index.column()
        if col == DESTINATION:
            if value is not None and value not in DESTINATION_LABELS:
                return False
            row.destination = value
        elif col == INSTITUTION:
            if isinstance(value, tuple):
                row.institution_partner_id, row.institution_name = value[1], ""
                row.partner_name = self.partner_names.get(value[1], "")
            else:
                row.institution_partner_id, row.partner_name = None, ""
                row.institution_name = str(value or "").strip()
        elif col in FLAG_FIELDS:
            setattr(row, FLAG_FIELDS[col], value)
        else:
            return False
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), len(COLUMNS) - 1))
        self.dirty_changed.emit(self.is_dirty)
        return True

    @property
    def is_dirty(self) -> bool:
        return any(self._original.get(r.student_id) != r.edit() for r in self.rows)

    def changed_edits(self):
        return [r.edit() for r in self.rows if self._original.get(r.student_id) != r.edit()]
