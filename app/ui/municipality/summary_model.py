"""The district's summary as a table: one row per school, the district's total and the targets; one column
per indicator. A value whose target is missed is coloured; the tooltip gives numerator and denominator."""
from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.municipality import DistrictSummary
from app.services.municipality.summary import Figure, IndicatorHead

MISSED = QColor("#f8d7da")
MET = QColor("#d4edda")
TOTAL_TITLE = "Итого по муниципалитету"
TARGET_TITLE = "Целевое значение"


class SummaryModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.summary: DistrictSummary | None = None
        self._texts: list[list[str]] = []
        self._met: list[list[bool | None]] = []

    def set_summary(self, summary: DistrictSummary | None) -> None:
        self.beginResetModel()
        self.summary = summary
        # Worked out once: a view asks for every cell many times while it lays a hundred schools out.
        self._texts, self._met = [], []
        if summary is not None:
            heads, n = summary.indicators, len(summary.schools)
            for row in range(n + 2):
                if row < n:
                    school = summary.schools[row]
                    first = school.name + (" (вручную)" if school.source == "hand" else "")
                    figures = [school.figures.get(h.code) for h in heads]
                elif row == n:
                    first, figures = TOTAL_TITLE, [summary.total.get(h.code) for h in heads]
                else:
                    self._texts.append([TARGET_TITLE, *(h.target or "—" for h in heads)])
                    self._met.append([None] * (len(heads) + 1))
                    continue
                self._texts.append([first, *(h.display(f) for h, f in zip(heads, figures))])
                self._met.append([None, *(None if f is None else f.met for f in figures)])
        self.endResetModel()

    @property
    def heads(self) -> tuple[IndicatorHead, ...]:
        return self.summary.indicators if self.summary else ()

    def rowCount(self, parent=QModelIndex()) -> int:
        if parent.isValid() or self.summary is None:
            return 0
        return len(self.summary.schools) + 2

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 1 + len(self.heads)

    def is_school_row(self, row: int) -> bool:
        return self.summary is not None and row < len(self.summary.schools)

    def report_id_at(self, row: int) -> int | None:
        return self.summary.schools[row].report_id if self.is_school_row(row) else None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return "Школа" if section == 0 else self.heads[section - 1].code
        if role == Qt.ItemDataRole.ToolTipRole and section > 0:
            head = self.heads[section - 1]
            return f"{head.code}. {head.name} ({head.unit})"
        return None

    def _figure(self, row: int, col: int) -> Figure | None:
        assert self.summary is not None
        code = self.heads[col - 1].code
        if self.is_school_row(row):
            return self.summary.schools[row].figures.get(code)
        return self.summary.total.get(code)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or self.summary is None:
            return None
        row, col = index.row(), index.column()
        n = len(self.summary.schools)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[row][col]
        if role == Qt.ItemDataRole.FontRole and row == n:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignCenter)
        if col == 0 or row > n:
            return None
        if role == Qt.ItemDataRole.BackgroundRole:
            met = self._met[row][col]
            return None if met is None else QBrush(MET if met else MISSED)
        if role == Qt.ItemDataRole.ToolTipRole:
            figure = self._figure(row, col)
            head = self.heads[col - 1]
            if figure is None or figure.value is None:
                return "нет значения"
            text = f"{head.code}: {head.display(figure)}"
            if head.measure != "count":
                text += (f" ({figure.numerator:g} из {figure.denominator})" if figure.denominator
                         else " — без числителя и знаменателя, в итог не входит")
            if figure.met is not None:
                text += "; цель достигнута" if figure.met else "; цель не достигнута"
            return text
        return None
