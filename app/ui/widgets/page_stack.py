"""The main window's page area: sized by the page on show, not by the largest page ever opened, inside a
scroll area — so switching sections never resizes the window, and a page that needs more room than a
1366×768 screen offers scrolls instead of being cut."""
from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QSizePolicy, QStackedWidget, QWidget


class CurrentPageStack(QStackedWidget):
    """A stack whose size hints are those of the current page alone (QStackedWidget takes the largest)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint().expandedTo(page.minimumSize()) if page is not None else QSize(0, 0)


def scrolling(stack: CurrentPageStack) -> QScrollArea:
    area = QScrollArea()
    area.setObjectName("page_area")
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)   # both scroll bars as needed: QScrollArea's default
    area.setWidget(stack)
    return area
