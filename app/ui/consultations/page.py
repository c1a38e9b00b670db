"""The «Консультации» page: the year's journal with filters, the upcoming follow-ups, and the notes of
the chosen consultation — shown only on request to those allowed (each view is audited), and the
page says why to everyone else."""
from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QMessageBox, QPlainTextEdit,
                               QPushButton, QSplitter, QVBoxLayout, QWidget)

from app.services.consultations import consultations as svc
from app.services.access import Permission
from app.services.calendar import year_title
from app.services.uow import Change
from app.services.labels import CONSULTATION_KIND_LABELS
from app.services.text import number_ru
from app.ui.accounts.common import fill, no_right_notice, rows_view, selected_rows
from app.ui.accounts.login_dialog import confirm
from app.ui.consultations.dialog import ConsultationDialog
from app.ui.operations import run_operation, run_quick
from app.ui.refresh import follow_changes
from app.ui.widgets.table_model import Column
from app.ui.widgets.wrapping import WrappingDelegate

FOLLOW_UP_DAYS = 14


def _columns():
    return [
        Column("Дата", lambda r: r.held_on, sort=lambda r: r.held_on),
        Column("Обучающиеся", lambda r: r.student_names),
        Column("Вид", lambda r: r.kind_label),
        Column("Кто обратился", lambda r: r.requested_by_label),
        Column("Тема", lambda r: r.topic_name),
        Column("Специалист", lambda r: r.specialist_name),
        Column("Повторная встреча", lambda r: r.follow_up_on, sort=lambda r: r.follow_up_on or dt.date.min),
    ]


class ConsultationsPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        if not ctx.can(Permission.VIEW_CONSULTATIONS):
            no_right_notice(layout, Permission.VIEW_CONSULTATIONS)
            return
        self.title = QLabel("")
        self.title.setObjectName("consultations_title")
        layout.addWidget(self.title)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("consultation_search")
        self.search.setPlaceholderText("Поиск: обучающийся, тема, специалист")
        self.kind_filter = QComboBox()
        self.kind_filter.addItem("Все виды", None)
        for code, label in CONSULTATION_KIND_LABELS.items():
            self.kind_filter.addItem(label, code)
        self.topic_filter = QComboBox()
        self.topic_filter.setObjectName("topic_filter")
        self.specialist_filter = QComboBox()
        filters.addWidget(self.search, 2)
        filters.addWidget(self.kind_filter)
        filters.addWidget(self.topic_filter, 1)
        filters.addWidget(self.specialist_filter, 1)
        layout.addLayout(filters)

        buttons = QHBoxLayout()
        self.new_button = QPushButton("Новая консультация…")
        self.new_button.setObjectName("new_consultation")
        self.edit_button = QPushButton("Изменить…")
        self.delete_button = QPushButton("Удалить")
        editable = ctx.can(Permission.EDIT_CONSULTATIONS)
        for b, slot in ((self.new_button, self.new_consultation), (self.edit_button, self.edit_consultation),
                        (self.delete_button, self.delete_consultation)):
            b.setVisible(editable)
            b.clicked.connect(slot)
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.count_label = QLabel("")
        self.count_label.setObjectName("consultation_count")
        buttons.addWidget(self.count_label)
        layout.addLayout(buttons)

        self.view, self.model, self.proxy = rows_view(self, _columns(), descending=True)
        self.view.setObjectName("consultations_view")
        self.view.setItemDelegate(WrappingDelegate(self.view))   # a group's students wrap in their column
        self.view.doubleClicked.connect(lambda _i: self.edit_consultation() if editable else None)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.search.textChanged.connect(self.proxy.set_search)
        for combo in (self.kind_filter, self.topic_filter, self.specialist_filter):
            combo.currentIndexChanged.connect(lambda _i: self._apply_filters())

        follow_box = QGroupBox(f"Повторные встречи: ближайшие {FOLLOW_UP_DAYS} дней и просроченные")
        follow_layout = QVBoxLayout(follow_box)
        self.follow_view, self.follow_model, self.follow_proxy = rows_view(follow_box, [
            Column("Повторная встреча", lambda r: r.follow_up_on, sort=lambda r: r.follow_up_on),
            Column("Обучающиеся", lambda r: r.student_names),
            Column("Тема", lambda r: r.topic_name),
            Column("Специалист", lambda r: r.specialist_name),
        ])
        self.follow_view.setObjectName("follow_ups_view")
        follow_layout.addWidget(self.follow_view)

        note_box = QGroupBox("Записи консультации (конфиденциально)")
        note_layout = QVBoxLayout(note_box)
        self.note_reason = QLabel("")
        self.note_reason.setObjectName("notes_reason")
        self.note_reason.setWordWrap(True)
        self.show_note_button = QPushButton("Показать записи")
        self.show_note_button.setObjectName("show_note")
        self.show_note_button.clicked.connect(self.show_note)
        self.note_view = QPlainTextEdit()
        self.note_view.setObjectName("note_view")
        self.note_view.setReadOnly(True)
        note_layout.addWidget(self.note_reason)
        note_layout.addWidget(self.show_note_button, 0, Qt.AlignmentFlag.AlignLeft)
        note_layout.addWidget(self.note_view)
        if ctx.can(Permission.READ_CONSULTATION_NOTES):
            self.note_reason.setText("Каждый просмотр записей отмечается в журнале аудита.")
        else:
            self.note_reason.setText(svc.NOTES_CLOSED_REASON)
            self.show_note_button.setVisible(False)
            self.note_view.setVisible(False)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(follow_box)
        lower.addWidget(note_box)
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.view)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        ctx.year_changed.connect(lambda _y: self.load())
        self.refresher = follow_changes(self, ctx, {Change.CONSULTATIONS, Change.STUDENTS, Change.STAFF,
                                                    Change.CONSENT}, self._reload)
        self._fill_filters()
        self.load()
        self._selection_changed()

    def _fill_filters(self) -> None:
        self.topic_filter.blockSignals(True)
        self.topic_filter.clear()
        self.topic_filter.addItem("Все темы", None)
        for choice in svc.list_topics(self.ctx.uow()):
            self.topic_filter.addItem(choice.name, choice.id)
        self.topic_filter.blockSignals(False)
        self.specialist_filter.blockSignals(True)
        self.specialist_filter.clear()
        self.specialist_filter.addItem("Все специалисты", None)
        for choice in svc.list_specialists(self.ctx.uow()):
            self.specialist_filter.addItem(choice.name, choice.id)
        self.specialist_filter.blockSignals(False)

    def _apply_filters(self) -> None:
        kind, topic, specialist = (self.kind_filter.currentData(), self.topic_filter.currentData(),
                                   self.specialist_filter.currentData())
        self.proxy.set_predicate(lambda r: (kind is None or r.kind == kind) and
                                 (topic is None or r.topic_id == topic) and
                                 (specialist is None or r.specialist_id == specialist))
        self._update_count()

    def _update_count(self) -> None:
        self.count_label.setText(f"Показано: {number_ru(self.proxy.rowCount())} из {number_ru(self.model.rowCount())}")

    def load(self) -> None:
        year = self.ctx.year
        self.title.setText(f"<b>Журнал консультаций</b> — {year_title(year)} учебный год" if year
                           else "<b>Журнал консультаций</b> — учебный год не задан")
        journal_uow, follow_uow = self.ctx.uow(), self.ctx.uow()
        run_operation(self, lambda _p, _c: (
            svc.list_consultations(journal_uow, year=year) if year else [],
            svc.upcoming_follow_ups(follow_uow, today=dt.date.today(), days=FOLLOW_UP_DAYS)),
            title="Загрузка журнала консультаций…", on_success=self._show_rows,
            replaces=self, quiet=True)

    def _show_rows(self, found) -> None:
        if not shiboken6.isValid(self):  # the window closed while the journal was loading
            return
        rows, follow_ups = found
        fill(self.view, self.model, rows)
        fill(self.follow_view, self.follow_model, follow_ups)
        self._apply_filters()
        self._selection_changed()

    def _reload(self) -> None:
        self._fill_filters()
        self.load()

    def current(self) -> svc.ConsultationRow | None:
        rows = selected_rows(self.view, self.proxy, self.model)
        return rows[0] if rows else None

    def _selection_changed(self) -> None:
        row = self.current()
        self.edit_button.setEnabled(row is not None)
        self.delete_button.setEnabled(row is not None)
        self.show_note_button.setEnabled(row is not None)
        self.note_view.clear()

    def show_note(self) -> None:
        row = self.current()
        if row is None:
            return
        if read := run_quick(self, lambda: svc.read_note(self.ctx.uow(), row.id)):
            self.note_view.setPlainText(read.value or "Записей нет.")

    def new_consultation(self) -> None:
        if self.ctx.year is None:
            QMessageBox.information(self, "Консультации", "Сначала задайте учебный год.")
            return
        ConsultationDialog(self.ctx, self).exec()

    def edit_consultation(self) -> None:
        row = self.current()
        if row is None:
            return
        if dialog := run_quick(self, lambda: ConsultationDialog(self.ctx, self, consultation_id=row.id)):
            dialog.value.exec()

    def delete_consultation(self) -> None:
        row = self.current()
        if row is None or not confirm(self, "Удаление консультации",
                                      f"Удалить консультацию от {row.held_on:%d.%m.%Y} ({row.student_names}) "
                                      "вместе с её записями?"):
            return
        run_quick(self, lambda: svc.delete_consultation(self.ctx.uow(), row.id))
