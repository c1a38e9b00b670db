"""A students page on screen as the user has it."""
from __future__ import annotations


def shown(qtbot, widget, width: int, height: int):
    """`widget` on screen at that size, exposed (its first paint done)."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
