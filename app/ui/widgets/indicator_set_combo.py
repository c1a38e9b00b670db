"""A combo box of the indicator sets shipped in resources/indicators (or added there as files)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from app.services.errors import UserError
from app.services.indicators import list_sets

DEFAULT_SET = "profminimum"


class IndicatorSetCombo(QComboBox):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumContentsLength(16)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.load_error = ""
        try:
            sets = list_sets()
        except UserError as exc:  # a broken user-added file: say so, keep the page usable
            sets = []
            self.load_error = str(exc)
        self._short_names = {s.code: s.short_name for s in sets}
        for s in sets:
            self.addItem(s.title, s.code)
            self.setItemData(self.count() - 1, f"Набор «{s.code}». {s.source}", Qt.ItemDataRole.ToolTipRole)
        index = self.findData(DEFAULT_SET)
        if index >= 0:
            self.setCurrentIndex(index)

    def set_code(self) -> str | None:
        return self.currentData()

    def short_name(self, code: str) -> str:
        """The set's name for file names («профминимум»)."""
        return self._short_names.get(code, code)
