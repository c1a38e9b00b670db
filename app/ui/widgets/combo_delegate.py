"""A delegate that edits a cell with a drop-down of fixed choices (value, label), keyboard first:
the editor opens with the current value selected, and Enter commits."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QWidget

VALUE_ROLE = Qt.ItemDataRole.UserRole + 10


class ComboDelegate(QStyledItemDelegate):
    def __init__(self, choices: Sequence[tuple[Any, str]], parent=None, *, editable_text: bool = False):
        super().__init__(parent)
        self.choices = list(choices)
        self.editable_text = editable_text

    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(self.editable_text)
        for value, label in self.choices:
            combo.addItem(label, value)
        return combo

    def eventFilter(self, editor, event) -> bool:
        # A closed combo box keeps Enter to itself: commit and close here, so the keyboard alone suffices.
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and isinstance(editor, QComboBox) and not editor.view().isVisible():
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
            return True
        return super().eventFilter(editor, event)

    def setEditorData(self, editor: QComboBox, index: QModelIndex) -> None:
        value = index.data(VALUE_ROLE)
        pos = next((i for i, (v, _) in enumerate(self.choices) if v == value), -1)
        if pos >= 0:
            editor.setCurrentIndex(pos)
        elif self.editable_text:
            editor.setEditText(index.data(Qt.ItemDataRole.DisplayRole) or "")

    def setModelData(self, editor: QComboBox, model, index: QModelIndex) -> None:
        if self.editable_text:
            text = editor.currentText().strip()
            pos = editor.findText(text, Qt.MatchFlag.MatchFixedString)
            value = self.choices[pos][0] if pos >= 0 else text
        else:
            value = editor.currentData()
        model.setData(index, value, VALUE_ROLE)
