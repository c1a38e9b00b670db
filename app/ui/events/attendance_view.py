"""The attendance checklist, keyboard first: arrows move, Space marks or unmarks, Ctrl+A marks the
whole class of the current row, «-» marks «не явился», Delete clears, typing letters jumps to a surname,
F2 or Enter edits the cell (result, competence, hours)."""
from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QHeaderView, QTableView

from app.services.labels import COMPETITION_RESULT_LABELS, PARTICIPATION_STATUS_LABELS
from app.services.text import fold
from app.ui.events.attendance_model import COMPETENCE, HOURS, NAME, RESULT, STATUS, AttendanceModel
from app.ui.widgets.combo_delegate import ComboDelegate

KEYS_HINT = ("Пробел — отметить / снять отметку · Ctrl+A — весь класс участвовал · «−» — не явился · "
             "Delete — снять отметку · буквы — поиск по фамилии · F2 или Enter — изменить ячейку · Ctrl+S — сохранить")


class AttendanceView(QTableView):
    def __init__(self, model: AttendanceModel, parent=None):
        super().__init__(parent)
        self.setModel(model)
        self.setObjectName("attendance_view")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed | QAbstractItemView.EditTrigger.DoubleClicked)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        for col, width in ((0, 60), (STATUS, 110), (RESULT, 110), (COMPETENCE, 180), (HOURS, 60)):
            self.setColumnWidth(col, width)
        statuses = [(None, "не отмечен")] + [(k, v) for k, v in PARTICIPATION_STATUS_LABELS.items()]
        self.setItemDelegateForColumn(STATUS, ComboDelegate(statuses, self))
        self.setItemDelegateForColumn(RESULT, ComboDelegate([(None, "")] + list(COMPETITION_RESULT_LABELS.items()), self))
        self._typed = ""
        self._typed_timer = QElapsedTimer()

    def attendance(self) -> AttendanceModel:
        return self.model()  # type: ignore[return-value]

    def current_row(self) -> int:
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        row = self.current_row()
        model = self.attendance()
        if self.state() == QAbstractItemView.State.EditingState or row < 0:
            super().keyPressEvent(event)
            return
        ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
        if key == Qt.Key.Key_Space and not ctrl:
            model.toggle(row)
        elif key == Qt.Key.Key_A and ctrl:
            model.mark_class(model.rows[row].class_id)
        elif key == Qt.Key.Key_Minus and not ctrl:
            model.set_status(row, "absent")
        elif key == Qt.Key.Key_Plus and not ctrl:
            model.set_status(row, "attended")
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and not self._typed_active():
            model.set_status(row, None)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.currentIndex()
            if index.column() < STATUS:
                index = model.index(row, STATUS)
                self.setCurrentIndex(index)
            self.edit(index)
        else:
            super().keyPressEvent(event)

    def _typed_active(self) -> bool:
        return self._typed_timer.isValid() and self._typed_timer.elapsed() < QApplication.keyboardInputInterval() \
            and bool(self._typed)

    def keyboardSearch(self, search: str) -> None:
        """Type-ahead by surname, whatever column is current."""
        if not search or not search.strip() and not self._typed:
            return
        if not self._typed_active():
            self._typed = ""
        self._typed += search
        self._typed_timer.restart()
        needle = fold(self._typed)
        model = self.attendance()
        current = max(self.current_row(), 0)
        order = list(range(current, len(model.rows))) + list(range(0, current))
        if len(self._typed) == 1:   # a new letter starts from the next row, so repeating it cycles
            order = order[1:] + order[:1]
        rows = model.rows
        for r in order:
            # The name folded on loading (a checklist of 60,000 is not folded again on every key).
            if (rows[r].search_text or fold(rows[r].full_name)).startswith(needle):
                index = model.index(r, self.currentIndex().column() if self.currentIndex().isValid() else NAME)
                self.setCurrentIndex(index)
                self.scrollTo(index)
                return

    def focus_first(self) -> None:
        if self.attendance().rows:
            self.setCurrentIndex(self.attendance().index(0, NAME))
        self.setFocus()


