"""A combo box of the indicator sets shipped in resources/indicators (or added there as files)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from app.services.indicators import list_sets
from app.ui.operations import Operation

DEFAULT_SET = "profminimum"


class IndicatorSetCombo(QComboBox):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMinimumContentsLength(16)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.load_error = ""
        # A broken user-added file: the page says so and stays usable.
        loaded = Operation(self, lambda _p, _c: list_sets()).refusal_shown_in(self._broken).run_now()
        sets = loaded.value if loaded else []
        self._short_names = {s.code: s.short_name for s in sets}
        for s in sets:
            self.addItem(s.title, s.code)
            self.setItemData(self.count() - 1, f"Набор «{s.code}». {s.source}", Qt.ItemDataRole.ToolTipRole)
        index = self.findData(DEFAULT_SET)
        if index >= 0:
            self.setCurrentIndex(index)

    def _broken(self, message: str) -> None:
        self.load_error = message

    def set_code(self) -> str | None:
        return self.currentData()

    def short_name(self, code: str) -> str:
        """The set's name for file names («профминимум»)."""
        return self._short_names.get(code, code)
