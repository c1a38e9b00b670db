"""A section whose page is not built yet: says so plainly."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class PlaceholderPage(QWidget):
    def __init__(self, ctx, parent=None, *, title: str = ""):
        super().__init__(parent)
        label = QLabel(f"Раздел «{title}» пока пуст." if title else "Раздел пока пуст.")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
