"""Logging or changing one consultation: date, kind, who asked, specialist, topic (the list can be
extended here), follow-up date, the students (picked from the year's list) and — only for those
allowed — the confidential notes."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QFormLayout, QHBoxLayout, QHeaderView,
                               QInputDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPlainTextEdit,
                               QPushButton, QVBoxLayout, QWidget)

from app.services.consultations import consultations as svc
from app.services.access import Permission
from app.services.labels import CONSULTATION_KIND_LABELS, CONSULTATION_REQUESTER_LABELS
from app.ui.widgets.common import ok_cancel
from app.ui.accounts.common import rows_view, selected_rows
from app.ui.operations import run_quick
from app.ui.widgets.table_model import Column

CONSENT_WITHDRAWN_NOTE = ("Записи недоступны: родители обучающегося ({names}) отозвали согласие на обработку "
                          "персональных данных. Консультацию можно сохранить без записей.")


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class ConsultationDialog(QDialog):
    def __init__(self, ctx, parent: QWidget | None = None, *, consultation_id: int | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.consultation_id = consultation_id
        self.can_notes = ctx.can(Permission.READ_CONSULTATION_NOTES)
        self.setWindowTitle("Консультация" if consultation_id else "Новая консультация")
        self.resize(900, 620)
        existing = svc.get_consultation(ctx.uow(), consultation_id) if consultation_id else None

        form = QFormLayout()
        self.held_on = QDateEdit(_qdate(existing.held_on if existing else dt.date.today()))
        self.held_on.setObjectName("held_on")
        self.held_on.setCalendarPopup(True)
        self.held_on.setDisplayFormat("dd.MM.yyyy")
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code, label in CONSULTATION_KIND_LABELS.items():
            self.kind.addItem(label, code)
        self.requested_by = QComboBox()
        self.requested_by.setObjectName("requested_by")
        for code, label in CONSULTATION_REQUESTER_LABELS.items():
            self.requested_by.addItem(label, code)
        self.specialist = QComboBox()
        self.specialist.setObjectName("specialist")
        self.specialist.addItem("— не указан —", None)
        for choice in svc.list_specialists(ctx.uow()):
            self.specialist.addItem(choice.name, choice.id)
        self.topic = QComboBox()
        self.topic.setObjectName("topic")
        self._fill_topics()
        topic_row = QHBoxLayout()
        topic_row.addWidget(self.topic, 1)
        add_topic = QPushButton("Новая тема…")
        add_topic.clicked.connect(self.add_topic)
        add_topic.setEnabled(ctx.can(Permission.EDIT_CONSULTATIONS))
        topic_row.addWidget(add_topic)
        self.has_follow_up = QCheckBox("назначена")
        self.has_follow_up.setObjectName("has_follow_up")
        self.follow_up = QDateEdit(_qdate(dt.date.today() + dt.timedelta(days=14)))
        self.follow_up.setObjectName("follow_up")
        self.follow_up.setCalendarPopup(True)
        self.follow_up.setDisplayFormat("dd.MM.yyyy")
        self.has_follow_up.toggled.connect(self.follow_up.setEnabled)
        self.follow_up.setEnabled(False)
        follow_row = QHBoxLayout()
        follow_row.addWidget(self.has_follow_up)
        follow_row.addWidget(self.follow_up)
        follow_row.addStretch(1)
        form.addRow("Дата:", self.held_on)
        form.addRow("Вид:", self.kind)
        form.addRow("Кто обратился:", self.requested_by)
        form.addRow("Специалист:", self.specialist)
        form.addRow("Тема:", topic_row)
        form.addRow("Повторная встреча:", follow_row)

        # Students: the year's list on the left, the chosen on the right.
        self.students = {c.id: c for c in svc.students_to_choose(ctx.uow(), year=ctx.year)} if ctx.year else {}
        self.search = QLineEdit()
        self.search.setObjectName("student_search")
        self.search.setPlaceholderText("Поиск обучающегося: фамилия, класс")
        self.picker, self.picker_model, self.picker_proxy = rows_view(self, [
            Column("ФИО", lambda c: c.name),
            Column("Класс", lambda c: c.class_label),
        ], multi=True)
        self.picker.setObjectName("student_picker")
        # The name takes the width, the class only what it needs: names were cut to «Абрамова Виктория …».
        picker_header = self.picker.horizontalHeader()
        picker_header.setStretchLastSection(False)
        picker_header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        picker_header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.picker_model.set_rows(list(self.students.values()))
        self.search.textChanged.connect(self.picker_proxy.set_search)
        self.picker.doubleClicked.connect(lambda _i: self.add_students())
        add_button = QPushButton("Добавить →")
        add_button.setObjectName("add_students")
        add_button.clicked.connect(self.add_students)
        remove_button = QPushButton("← Убрать")
        remove_button.clicked.connect(self.remove_students)
        self.chosen = QListWidget()
        self.chosen.setObjectName("chosen_students")
        self.chosen.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        left = QVBoxLayout()
        left.addWidget(self.search)
        left.addWidget(self.picker, 1)
        middle = QVBoxLayout()
        middle.addStretch(1)
        middle.addWidget(add_button)
        middle.addWidget(remove_button)
        middle.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(QLabel("Обучающиеся консультации:"))
        right.addWidget(self.chosen, 1)
        students_row = QHBoxLayout()
        students_row.addLayout(left, 3)
        students_row.addLayout(middle)
        students_row.addLayout(right, 2)

        self.note = QPlainTextEdit()
        self.note.setObjectName("note")
        self.note.setPlaceholderText("Конфиденциальные записи педагога-психолога")
        self.note_reason = QLabel("")
        self.note_reason.setObjectName("note_reason")
        self.note_reason.setWordWrap(True)
        self.note_reason.setStyleSheet("color: #8a4b00;")

        buttons = ok_cancel(self, on_ok=self.save)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(students_row, 3)
        layout.addWidget(QLabel("Записи консультации:"))
        layout.addWidget(self.note, 1)
        layout.addWidget(self.note_reason)
        layout.addWidget(buttons)

        self._note_loaded = False
        if existing:
            self.kind.setCurrentIndex(self.kind.findData(existing.kind))
            self.requested_by.setCurrentIndex(self.requested_by.findData(existing.requested_by))
            self.specialist.setCurrentIndex(max(self.specialist.findData(existing.specialist_id), 0))
            self.topic.setCurrentIndex(max(self.topic.findData(existing.topic_id), 0))
            if existing.follow_up_on:
                self.has_follow_up.setChecked(True)
                self.follow_up.setDate(_qdate(existing.follow_up_on))
            names = dict(zip(existing.student_ids, existing.student_names.split(", "), strict=False))
            for sid in existing.student_ids:
                self._add_chosen(sid, names.get(sid, ""))
            if self.can_notes:
                # Opening the form to edit is a view of the notes: read (and audited) by the service.
                self.note.setPlainText(svc.read_note(ctx.uow(), existing.id))
                self._note_loaded = True
        else:
            self._note_loaded = True
        self._refresh_note_state()

    def _fill_topics(self, select_id: int | None = None) -> None:
        self.topic.clear()
        self.topic.addItem("— не указана —", None)
        for choice in svc.list_topics(self.ctx.uow()):
            self.topic.addItem(choice.name, choice.id)
        if select_id is not None:
            self.topic.setCurrentIndex(self.topic.findData(select_id))

    def add_topic(self) -> None:
        name, ok = QInputDialog.getText(self, "Новая тема консультации", "Тема:")
        if not ok or not name.strip():
            return
        if added := run_quick(self, lambda: svc.add_topic(self.ctx.uow(), name)):
            self._fill_topics(added.value)

    def _add_chosen(self, student_id: int, fallback_name: str = "") -> None:
        if student_id in self.chosen_ids():
            return
        choice = self.students.get(student_id)
        text = f"{choice.name}, {choice.class_label}" if choice else fallback_name
        if choice and choice.consent_withdrawn:
            text += " — согласие отозвано"
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, student_id)
        self.chosen.addItem(item)

    def add_students(self) -> None:
        for choice in selected_rows(self.picker, self.picker_proxy, self.picker_model):
            self._add_chosen(choice.id)
        if self.chosen.count() > 1:
            self.kind.setCurrentIndex(self.kind.findData("group"))
        self._refresh_note_state()

    def remove_students(self) -> None:
        for item in self.chosen.selectedItems():
            self.chosen.takeItem(self.chosen.row(item))
        self._refresh_note_state()

    def chosen_ids(self) -> list[int]:
        return [self.chosen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.chosen.count())]

    def _withdrawn_names(self) -> list[str]:
        return [self.students[i].name for i in self.chosen_ids() if i in self.students and
                self.students[i].consent_withdrawn]

    def _refresh_note_state(self) -> None:
        if not self.can_notes:
            self.note.setEnabled(False)
            self.note.setPlaceholderText("")
            self.note_reason.setText(svc.NOTES_CLOSED_REASON)
            return
        withdrawn = self._withdrawn_names()
        self.note.setEnabled(not withdrawn)
        self.note_reason.setText(CONSENT_WITHDRAWN_NOTE.format(names=", ".join(withdrawn)) if withdrawn else "")

    def data(self) -> svc.ConsultationInput:
        note = None
        if self.can_notes and self._note_loaded and self.note.isEnabled():
            note = self.note.toPlainText()
        return svc.ConsultationInput(
            held_on=self.held_on.date().toPython(), student_ids=self.chosen_ids(), kind=self.kind.currentData(),
            requested_by=self.requested_by.currentData(), specialist_id=self.specialist.currentData(),
            topic_id=self.topic.currentData(),
            follow_up_on=self.follow_up.date().toPython() if self.has_follow_up.isChecked() else None, note=note)

    def save(self) -> None:
        data = self.data()
        if saved := run_quick(self, lambda: svc.save_consultation(self.ctx.uow(), data,
                                                                  consultation_id=self.consultation_id),
                              title="Консультация"):
            self.consultation_id = saved.value
            self.accept()
