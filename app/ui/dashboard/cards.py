"""The indicator cards of «Обзор»: the value large, the target and whether it is met, and an honest
comparison with the previous year — the same part of it while the chosen year is still in progress."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from app.services.indicators import IndicatorValue
from app.services.indicators.overview import Overview
from app.services.indicators.overview_text import comparison
from app.services.labels import target_state

MET_COLOR, NOT_MET_COLOR = "#1e7b34", "#b3261e"


class IndicatorCard(QFrame):
    """One indicator: its number large, the target and whether it is met, the previous year beside it."""

    clicked = Signal(str)

    def __init__(self, value: IndicatorValue, data: Overview, parent=None):
        super().__init__(parent)
        self.code = value.code
        self.setObjectName(f"card_{value.code}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        border = "#c9d3df" if value.met is None else (MET_COLOR if value.met else NOT_MET_COLOR)
        self.setStyleSheet(f"IndicatorCard {{ border: 1px solid {border}; border-left: 5px solid {border}; "
                           f"border-radius: 4px; background: palette(base); }}")
        name = QLabel(f"<b>{value.code}.</b> {value.name}")
        name.setWordWrap(True)
        suffix = "%" if value.is_share and value.value is not None else (
            "" if value.value is None else f" {value.unit}")
        self.value_label = QLabel(f"<span style='font-size:20pt; font-weight:600'>{value.display}</span>{suffix}")
        self.value_label.setObjectName("value")
        if value.target and value.value is not None:
            # The target beside the number it is measured against, not lost in the small print.
            self.value_label.setText(self.value_label.text() + f"<span style='color:#555'>&nbsp;&nbsp;цель: "
                                                               f"{value.target}</span>")
        details = []
        if value.basis:
            details.append(value.basis)
        if value.is_manual:
            details.append("введено вручную")
        if value.target:
            state = target_state(value.met, empty="—")
            color = "#555" if value.met is None else (MET_COLOR if value.met else NOT_MET_COLOR)
            details.append(f"цель: <span style='color:{color}'><b>{state}</b></span>")
        self.details = QLabel("; ".join(details))
        self.details.setObjectName("details")
        self.details.setWordWrap(True)
        compared, compared_tip = comparison(value, data)
        self.previous = QLabel(compared)
        self.previous.setObjectName("previous")
        self.previous.setWordWrap(True)
        self.previous.setStyleSheet("color: #555")
        self.previous.setToolTip(compared_tip)
        self.previous.setVisible(bool(compared))
        layout = QVBoxLayout(self)
        layout.addWidget(name)
        layout.addWidget(self.value_label)
        layout.addWidget(self.details)
        layout.addWidget(self.previous)
        layout.addStretch(1)
        self.setMinimumHeight(120)
        if value.has_students:
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            self.setToolTip("Нажмите, чтобы увидеть обучающихся за этим числом и ещё не охваченных")
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.has_students = value.has_students

    def mouseReleaseEvent(self, event) -> None:
        if self.has_students and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.code)
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:
        if self.has_students and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit(self.code)
            return
        super().keyPressEvent(event)
