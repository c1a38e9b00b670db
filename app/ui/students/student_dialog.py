"""The student's form (add / edit) and the «Выбыл» dialog (archive with a date; never a deletion)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QFormLayout, QLabel, QLineEdit, QVBoxLayout

from app.services.access import Permission
from app.services.students.classes import list_classes
from app.services.students.students import StudentDetails, StudentRow, archive_students, get_student, save_student
from app.ui.students.widgets import FormDialog
from app.ui.widgets.common import ok_cancel


class StudentDialog(FormDialog):
    """Add a student to the year (student_id None) or edit one."""

    def __init__(self, ctx, start_year: int, student_id: int | None, parent=None, *, class_id: int | None = None):
        super().__init__(parent)
        self.ctx, self.start_year = ctx, start_year
        self.setWindowTitle("Новый учащийся" if student_id is None else "Учащийся")
        self.details = (get_student(ctx.uow(), student_id, start_year=start_year) if student_id is not None
                        else StudentDetails("", class_id=class_id))
        d = self.details
        self.last_name, self.first_name, self.patronymic = QLineEdit(d.last_name), QLineEdit(d.first_name), \
            QLineEdit(d.patronymic)
        self.last_name.setObjectName("student_last_name")
        self.first_name.setObjectName("student_first_name")
        self.birth = QDateEdit()
        self.birth.setDisplayFormat("dd.MM.yyyy")
        self.birth.setCalendarPopup(True)
        self.birth.setMinimumDate(QDate(1990, 1, 1))
        self.birth.setSpecialValueText("не указана")
        self.birth.setDate(QDate(d.birth_date) if d.birth_date else self.birth.minimumDate())
        self.sex = QComboBox()
        for label, code in (("не указан", None), ("мужской", "m"), ("женский", "f")):
            self.sex.addItem(label, code)
        self.sex.setCurrentIndex(max(self.sex.findData(d.sex), 0) if d.sex else 0)
        self.class_box = QComboBox()
        self.class_box.setObjectName("student_class")
        for c in list_classes(ctx.uow(), start_year=start_year):
            self.class_box.addItem(c.label, c.id)
        if d.class_id is not None:
            self.class_box.setCurrentIndex(max(self.class_box.findData(d.class_id), 0))
        self.ovz = QCheckBox("ОВЗ (ограниченные возможности здоровья)")
        self.ovz.setChecked(d.has_ovz)
        self.disability = QCheckBox("инвалидность")
        self.disability.setChecked(d.has_disability)
        health = ctx.can(Permission.VIEW_HEALTH) and not d.health_hidden
        self.ovz.setVisible(health)
        self.disability.setVisible(health)
        self.external = QLineEdit(d.external_id)
        form = QFormLayout()
        form.addRow("Фамилия:", self.last_name)
        form.addRow("Имя:", self.first_name)
        form.addRow("Отчество:", self.patronymic)
        form.addRow("Дата рождения:", self.birth)
        form.addRow("Пол:", self.sex)
        form.addRow(f"Класс ({start_year}/{start_year + 1}):", self.class_box)
        if d.health_hidden:
            from app.services.accounts.consent import HEALTH_HIDDEN_REASON
            reason = QLabel(HEALTH_HIDDEN_REASON)
            reason.setObjectName("health_hidden")
            reason.setWordWrap(True)
            form.addRow("", reason)
        if health:
            form.addRow("", self.ovz)
            form.addRow("", self.disability)
        form.addRow("Идентификатор (из журнала):", self.external)
        if d.left_on:
            form.addRow("", QLabel(f"Выбыл {d.left_on:%d.%m.%Y} {d.left_reason}".strip()))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, "Сохранить"))

    def collect(self) -> StudentDetails:
        d = self.details
        birth = None if self.birth.date() == self.birth.minimumDate() else self.birth.date().toPython()
        return StudentDetails(self.last_name.text(), self.first_name.text(), self.patronymic.text(), birth,
                              self.sex.currentData(), self.ovz.isChecked(), self.disability.isChecked(),
                              self.external.text(), self.class_box.currentData(), d.left_on, d.left_reason, d.id,
                              version=d.version)

    def save(self) -> None:
        self.saved_id = save_student(self.ctx.uow(), self.collect(), start_year=self.start_year)


class ArchiveDialog(FormDialog):
    """«Выбыл»: the students left the school on a date, for a reason; they stay in the database."""

    def __init__(self, ctx, rows: list[StudentRow], parent=None):
        super().__init__(parent)
        self.ctx, self.rows = ctx, rows
        self.setWindowTitle("Выбытие учащихся")
        names = ", ".join(r.full_name for r in rows[:5]) + (f" и ещё {len(rows) - 5}" if len(rows) > 5 else "")
        text = QLabel(f"Отметить выбывшими: {names}.\nЗаписи об учащихся и их участии сохранятся.")
        text.setWordWrap(True)
        self.date = QDateEdit(QDate(dt.date.today()))
        self.date.setDisplayFormat("dd.MM.yyyy")
        self.date.setCalendarPopup(True)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("например: переезд, перевод в другую школу")
        form = QFormLayout()
        form.addRow("Дата выбытия:", self.date)
        form.addRow("Причина:", self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(form)
        layout.addWidget(ok_cancel(self, "Отметить"))

    def save(self) -> None:
        archive_students(self.ctx.uow(), [r.id for r in self.rows], left_on=self.date.date().toPython(),
                         reason=self.reason.text())
