"""An event's attendance: choose classes, mark with the keyboard, save in one transaction; export a
sheet for a class teacher, load it back (with the changes shown first), print a sign-in sheet."""
from __future__ import annotations

import re

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QInputDialog, QLabel, QMenu, QMessageBox,
                               QPushButton, QToolButton, QVBoxLayout)

from app.services.access import Permission
from app.services.events.attendance import AttendanceSheet, load_attendance, save_attendance
from app.services.events.class_sheets import CLASS_SHEET_IMPORT, export_class_sheet, export_sign_in_pdf
from app.services.labels import EVENT_CATEGORY_LABELS
from app.services.text import number_ru
from app.ui.events.attendance_model import AttendanceModel
from app.ui.events.attendance_view import KEYS_HINT, AttendanceView
from app.ui.operations import run_operation, show_error
from app.ui.widgets.file_dialogs import ask_open_file, ask_save_file


class AttendanceDialog(QDialog):
    def __init__(self, ctx, event_id: int, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.event_id = event_id
        self.sheet: AttendanceSheet | None = None
        self.setWindowTitle("Отметка участия")
        self.resize(900, 640)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.classes_button = QToolButton()
        self.classes_button.setText("Классы…")
        self.classes_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.classes_menu = QMenu(self.classes_button)
        self.classes_button.setMenu(self.classes_menu)
        self._menu_filled = False
        self.classes_menu.aboutToShow.connect(self.class_actions)
        self.classes_label = QLabel()
        self.counts = QLabel()
        self.model = AttendanceModel(self)
        self.view = AttendanceView(self.model, self)
        hint = QLabel(KEYS_HINT)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        self.save_button = QPushButton("Сохранить")
        self.save_button.setObjectName("attendance_save")
        self.save_button.setEnabled(False)
        self.sheet_button = QPushButton("Лист для классного руководителя…")
        self.load_sheet_button = QPushButton("Загрузить заполненный лист…")
        self.pdf_button = QPushButton("Лист регистрации (PDF)…")
        close = QPushButton("Закрыть")
        for b in (self.save_button, self.sheet_button, self.load_sheet_button, self.pdf_button, close):
            b.setAutoDefault(False)   # Enter belongs to the checklist (it edits the cell)
        can_edit = ctx.can(Permission.EDIT_ATTENDANCE)
        for b in (self.save_button, self.sheet_button, self.load_sheet_button):
            b.setVisible(can_edit)
        self.pdf_button.setVisible(ctx.can(Permission.EXPORT_PERSONAL_DATA))
        self.save_button.clicked.connect(self.save)
        self.sheet_button.clicked.connect(self.export_sheet)
        self.load_sheet_button.clicked.connect(self.import_sheet)
        self.pdf_button.clicked.connect(self.export_pdf)
        close.clicked.connect(self.close)
        self.model.dirty_changed.connect(lambda dirty: self.save_button.setEnabled(dirty and can_edit))
        self.model.dataChanged.connect(self._update_counts)
        self.model.modelReset.connect(self._update_counts)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)

        top = QHBoxLayout()
        top.addWidget(QLabel("Классы:"))
        top.addWidget(self.classes_label, 1)
        top.addWidget(self.classes_button)
        buttons = QHBoxLayout()
        for b in (self.sheet_button, self.load_sheet_button, self.pdf_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.counts)
        layout.addWidget(hint)
        layout.addLayout(buttons)
        self.reload()

    # --- loading -----------------------------------------------------------------------------------
    def reload(self, class_ids: list[int] | None = None, *, note: str = "") -> None:
        """Off the window's thread (an event can have 60,000 marks); the checklist waits, greyed, meanwhile.
        `note`: said after the counts once the list is in (what a save did)."""
        uow, event_id = self.ctx.uow(), self.event_id
        self.view.setEnabled(False)
        self.counts.setText("Загрузка списка…")
        run_operation(self, lambda _p, _c: load_attendance(uow, event_id, class_ids=class_ids),
                      title="Загрузка отметки участия…", on_failure=self._not_loaded, replaces=self, quiet=True,
                      on_success=lambda sheet: self._loaded(sheet, note))

    def _not_loaded(self, error: BaseException) -> None:
        if shiboken6.isValid(self):
            self.view.setEnabled(True)
            self._update_counts()
            show_error(self, error, title="Отметка участия")

    def _loaded(self, sheet: AttendanceSheet, note: str) -> None:
        if shiboken6.isValid(self):   # not closed while the list was loading
            self.show_sheet(sheet, note=note)

    def show_sheet(self, sheet: AttendanceSheet, *, note: str = "") -> None:
        """A loaded checklist into the dialog, on the window's thread: its rows taken as they are (only their
        marks counted), the classes menu made when it is opened."""
        self.sheet = sheet
        self.title.setText(f"<b>{_html(sheet.title)}</b> — {sheet.starts_on:%d.%m.%Y}, "
                           f"{_html(EVENT_CATEGORY_LABELS[sheet.category])}")
        self._menu_filled = False     # filled when opened: a big school's year has thousands of classes
        chosen = [c.label for c in sheet.classes if c.selected]
        self.classes_label.setText(", ".join(chosen) if chosen else "не выбраны — выберите классы кнопкой справа")
        self.model.set_rows(sheet.rows, event_hours=sheet.hours)
        if note:
            self.counts.setText(self.counts.text() + " · " + note)
        self.view.setEnabled(True)
        self.view.focus_first()

    def class_actions(self) -> list[QAction]:
        """The «Классы…» menu's actions, one per class of the event's year, checked for those on the list."""
        if not self._menu_filled:
            self._menu_filled = True
            self.classes_menu.clear()
            for option in self.sheet.classes if self.sheet else []:
                action = QAction(option.label, self.classes_menu, checkable=True, checked=option.selected)
                action.setData(option.id)
                action.toggled.connect(self._classes_toggled)
                self.classes_menu.addAction(action)
        return self.classes_menu.actions()

    def _classes_toggled(self, _checked: bool) -> None:
        ids = [a.data() for a in self.classes_menu.actions() if a.isChecked()]
        # Rebuilt after the signal returns: the menu's actions are replaced, the sender among them.
        QTimer.singleShot(0, lambda: self._change_classes(ids))

    def _change_classes(self, ids: list[int]) -> None:
        if self._confirm_discard():
            self.reload(ids)
        else:
            self._check_menu()
            self.view.focus_first()

    def _check_menu(self) -> None:
        selected = set(self.selected_class_ids())
        for action in self.class_actions():
            action.blockSignals(True)
            action.setChecked(action.data() in selected)
            action.blockSignals(False)

    def selected_class_ids(self) -> list[int]:
        return self.sheet.selected_class_ids if self.sheet else []

    def _update_counts(self, *args) -> None:
        attended, absent, total = self.model.counts()
        self.counts.setText(f"В списке: {number_ru(total)} · участвовали: {number_ru(attended)} · не явились: {number_ru(absent)}")

    # --- saving ------------------------------------------------------------------------------------
    def save(self) -> None:
        if not self.model.is_dirty:
            return
        marks = self.model.changed_marks()
        # The sheet's version: another user's save since it was read refuses this one (the marks stay here).
        version = self.sheet.version if self.sheet else None

        def done(summary) -> None:
            self.reload(self.selected_class_ids(), note=summary.describe())

        run_operation(self, lambda progress, cancelled: save_attendance(self.ctx.uow(), self.event_id, marks,
                                                                       expected_version=version),
                      title="Сохранение отметок…", on_success=done)

    def _confirm_discard(self) -> bool:
        if not self.model.is_dirty:
            return True
        answer = QMessageBox.question(self, "Отметка участия", "Отметки не сохранены. Сохранить их?",
                                      QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                                      | QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Save:
            self.save()
            return not self.model.is_dirty
        return answer == QMessageBox.StandardButton.Discard

    def closeEvent(self, event) -> None:
        if self._confirm_discard():
            event.accept()
        else:
            event.ignore()

    def reject(self) -> None:   # Esc asks too
        if self._confirm_discard():
            self.model.set_rows([])
            super().reject()

    # --- sheets ------------------------------------------------------------------------------------
    def _pick_class(self) -> int | None:
        options = [c for c in (self.sheet.classes if self.sheet else []) if c.selected] or \
            (self.sheet.classes if self.sheet else [])
        if not options:
            QMessageBox.information(self, "Лист отметки", "Нет классов учебного года мероприятия.")
            return None
        if len(options) == 1:
            return options[0].id
        label, ok = QInputDialog.getItem(self, "Лист отметки", "Класс:", [c.label for c in options], 0, False)
        return next((c.id for c in options if c.label == label), None) if ok else None

    def export_sheet(self) -> None:
        class_id = self._pick_class()
        if class_id is None or self.sheet is None:
            return
        label = next(c.label for c in self.sheet.classes if c.id == class_id)
        name = _file_name(f"{self.sheet.title} {self.sheet.starts_on:%d.%m.%Y} {label}") + ".xlsx"
        path = ask_save_file(self, "Сохранить лист отметки", name, "Книга Excel (*.xlsx)", kind="class_sheet",
                             suffix=".xlsx")
        if path:
            run_operation(self, lambda p, c: export_class_sheet(self.ctx.uow(), self.event_id, class_id, path),
                          title="Выгрузка листа отметки…",
                          on_success=lambda out: QMessageBox.information(
                              self, "Лист отметки", f"Лист сохранён: {out}\nПередайте его классному руководителю; "
                              "заполненный лист загрузите кнопкой «Загрузить заполненный лист…»."))

    def import_sheet(self) -> None:
        path = ask_open_file(self, "Загрузить лист отметки", "Книга Excel (*.xlsx)", kind="class_sheet")
        if not path or not self._confirm_discard():
            return

        from app.ui.widgets.import_preview import start_import
        start_import(self, self.ctx, CLASS_SHEET_IMPORT, path, options={"event_id": self.event_id},
                     on_done=self._after_sheet, ok_text="Применить")

    def _after_sheet(self, _result) -> None:
        self.reload(self.selected_class_ids())

    def export_pdf(self) -> None:
        if self.sheet is None or not self.selected_class_ids():
            QMessageBox.information(self, "Лист регистрации", "Сначала выберите классы.")
            return
        name = _file_name(f"Лист регистрации {self.sheet.title} {self.sheet.starts_on:%d.%m.%Y}") + ".pdf"
        path = ask_save_file(self, "Сохранить лист регистрации", name, "PDF (*.pdf)", kind="sign_in_sheet",
                             suffix=".pdf")
        if path:
            ids = self.selected_class_ids()
            run_operation(self, lambda p, c: export_sign_in_pdf(self.ctx.uow(), self.event_id, ids, path),
                          title="Печать листа регистрации…",
                          on_success=lambda out: QMessageBox.information(self, "Лист регистрации",
                                                                         f"Лист сохранён: {out}"))


def _file_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|«»]+', "", text).strip()[:120] or "лист"


def _html(text: str) -> str:
    from html import escape
    return escape(text)
