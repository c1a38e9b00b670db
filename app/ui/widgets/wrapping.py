"""Long text wraps at its column's width and the row grows to hold it («Наименование мероприятия» of a
roadmap is often three lines); a tooltip still shows the whole cell. Qt's own delegate measures one line
whatever the column's width, so a QTreeView with word wrap still cuts every cell to one line with «…»."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView, QStyledItemDelegate, QStyleOptionViewItem,
                               QTreeView)

_PADDING = 8           # the delegate's own margins around the text
_MAX_LINES = 8         # a very long cell stops growing here; its tooltip shows the rest


class WrappingDelegate(QStyledItemDelegate):
    def __init__(self, view: QAbstractItemView):
        super().__init__(view)
        self.view = view
        view.setWordWrap(True)
        if isinstance(view, QTreeView):
            view.setUniformRowHeights(False)
            view.header().sectionResized.connect(lambda *_: self._relayout.start())
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self._layout_again)
        if not isinstance(view, QTreeView):
            # A table measures its rows only when asked: after new rows, a sort or a column resized.
            view.horizontalHeader().sectionResized.connect(lambda *_: self._relayout.start())
            model = view.model()
            if model is not None:
                for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
                    signal.connect(lambda *_: self._relayout.start())

    def _layout_again(self) -> None:
        self.sizeHintChanged.emit(QModelIndex())
        if not isinstance(self.view, QTreeView):
            self.view.resizeRowsToContents()

    def _text_width(self, index: QModelIndex) -> int:
        view = self.view
        if isinstance(view, QTreeView):
            if index.column() == 0 and view.isFirstColumnSpanned(index.row(), index.parent()):
                width = view.viewport().width()
            else:
                width = view.columnWidth(index.column())
            if index.column() == 0:
                depth, parent = 1, index.parent()
                while parent.isValid():
                    depth += 1
                    parent = parent.parent()
                width -= view.indentation() * depth
        else:
            width = view.columnWidth(index.column())
        return max(width - _PADDING, 24)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not isinstance(text, str) or not text:
            return base
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        metrics = QFontMetrics(opt.font)
        width = self._text_width(index)
        bounds = metrics.boundingRect(QRect(0, 0, width, metrics.lineSpacing() * _MAX_LINES),
                                      int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft), text)
        height = min(bounds.height(), metrics.lineSpacing() * _MAX_LINES) + _PADDING
        return QSize(base.width(), max(base.height(), height))


class ProportionalColumns(QObject):
    """The visible columns share the view's width by fixed weights, so that all of them stay on screen however
    wide the window is, and wrapping text (WrappingDelegate) takes the height instead."""

    def __init__(self, view: QAbstractItemView, weights: dict[int, int]):
        super().__init__(view)
        self.view = view
        self.weights = weights
        header = view.header() if isinstance(view, QTreeView) else view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.viewport().installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize:
            self.apply()
        return False

    def apply(self) -> None:
        view = self.view
        header = view.header() if isinstance(view, QTreeView) else view.horizontalHeader()
        shown = [c for c in self.weights if not header.isSectionHidden(c)]
        total = sum(self.weights[c] for c in shown) or 1
        width = view.viewport().width()
        for column in shown:
            header.resizeSection(column, max(40, width * self.weights[column] // total))
