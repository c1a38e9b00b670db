"""Entering (or clearing) the value of one indicator by hand, for what the program cannot count."""
from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from app.services.errors import UserError
from app.services.indicators import IndicatorValue, format_value
from app.ui.widgets.common import ok_cancel


class ManualValueDialog(QDialog):
    """`value()` after accept: a number, or None to return to the counted value."""

    def __init__(self, indicator: IndicatorValue, parent=None):
        super().__init__(parent)
        self.setWindowTitle(f"Значение показателя {indicator.code}")
        self.cleared = False
        about = QLabel(f"<b>{indicator.code}.</b> {indicator.name}<br>Единица измерения: {indicator.unit}<br>"
                       f"Подсчитано программой: {format_value(indicator.computed, share=indicator.is_share)}")
        about.setWordWrap(True)
        self.edit = QLineEdit()
        self.edit.setObjectName("manual_value")
        if indicator.is_manual and indicator.value is not None:
            self.edit.setText(format_value(indicator.value, share=indicator.is_share))
        self.note = QLineEdit()
        self.note.setPlaceholderText("откуда взято значение (необязательно)")
        form = QFormLayout()
        form.addRow("Значение:", self.edit)
        form.addRow("Примечание:", self.note)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e")
        buttons = ok_cancel(self, on_ok=self._accept)
        clear = buttons.addButton("Вернуть подсчитанное", QDialogButtonBox.ButtonRole.ResetRole)
        clear.clicked.connect(self._clear)
        layout = QVBoxLayout(self)
        layout.addWidget(about)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.resize(520, 220)

    def _clear(self) -> None:
        self.cleared = True
        self.accept()

    def _accept(self) -> None:
        from app.ui.operations import Operation
        if Operation(self, lambda _p, _c: self.value()).refusal_shown_in(self.error.setText).run_now():
            self.accept()

    def value(self) -> float | None:
        if self.cleared:
            return None
        text = self.edit.text().strip().replace(",", ".").replace(" ", "").replace("\u00a0", "").rstrip("%")
        try:
            return float(text)
        except ValueError:
            raise UserError(f"Значение «{self.edit.text()}» — не число.") from None
