"""«Согласия и хранение данных»: the register of parents' consents (mark many students at once, record
a withdrawal, export the list to chase) and the retention period with the anonymising action."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QCheckBox, QDateEdit, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from app.services import settings
from app.services.accounts import consent
from app.services.accounts import retention
from app.services.access import Permission
from app.services.calendar import year_title
from app.services.uow import Change
from app.ui.accounts.common import ask_xlsx_path, fill, no_right_notice, rows_view, selected_rows
from app.ui.accounts.login_dialog import confirm
from app.ui.operations import run_operation, run_quick
from app.ui.refresh import follow_changes
from app.ui.widgets.table_model import Column


class PrivacyTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        if not (ctx.can(Permission.EDIT_CONSENT) or ctx.can(Permission.ANONYMIZE)):
            no_right_notice(layout, Permission.EDIT_CONSENT)
            return
        if ctx.can(Permission.EDIT_CONSENT):
            layout.addWidget(self._consent_box(), 1)
        if ctx.can(Permission.ANONYMIZE):
            layout.addWidget(self._retention_box())
        ctx.year_changed.connect(lambda _y: self.load())
        self.refresher = follow_changes(self, ctx, {Change.STUDENTS, Change.CLASSES, Change.CONSENT,
                                                    Change.SETTINGS}, self.load)
        self.load()

    # --- consents -----------------------------------------------------------------------------------
    def _consent_box(self) -> QGroupBox:
        box = QGroupBox("Согласия родителей на обработку персональных данных")
        layout = QVBoxLayout(box)
        top = QHBoxLayout()
        self.only_missing = QCheckBox("Только без согласия")
        self.only_missing.setObjectName("only_missing")
        self.only_missing.setChecked(True)
        self.only_missing.toggled.connect(lambda _c: self.load())
        self.search = QLineEdit()
        self.search.setPlaceholderText("Поиск: фамилия, класс")
        top.addWidget(self.only_missing)
        top.addWidget(self.search, 1)
        layout.addLayout(top)
        self.view, self.model, self.proxy = rows_view(box, [
            Column("ФИО обучающегося", lambda r: r.student_name),
            Column("Класс", lambda r: r.class_label, sort=lambda r: (int("".join(c for c in r.class_label
                                                                                 if c.isdigit()) or 0),
                                                                      r.class_label)),
            Column("Состояние", lambda r: r.status),
            Column("Получено", lambda r: r.received_on, sort=lambda r: r.received_on or dt.date.min),
            Column("Объём", lambda r: r.scope_label),
            Column("Отозвано", lambda r: r.withdrawn_on, sort=lambda r: r.withdrawn_on or dt.date.min),
        ], multi=True)
        self.view.setObjectName("consent_view")
        self.search.textChanged.connect(self.proxy.set_search)
        layout.addWidget(self.view, 1)
        actions = QHBoxLayout()
        actions.addWidget(QLabel("Дата:"))
        self.consent_date = QDateEdit(QDate.currentDate())
        self.consent_date.setCalendarPopup(True)
        self.consent_date.setDisplayFormat("dd.MM.yyyy")
        actions.addWidget(self.consent_date)
        self.mark_button = QPushButton("Отметить выбранных: согласие получено")
        self.mark_button.setObjectName("mark_consent")
        self.mark_button.clicked.connect(self.mark_selected)
        self.withdraw_button = QPushButton("Отзыв согласия…")
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.export_button = QPushButton("Список без согласия в Excel…")
        self.export_button.clicked.connect(lambda: self.export())
        self.export_button.setEnabled(self.ctx.can(Permission.EXPORT_PERSONAL_DATA))
        for b in (self.mark_button, self.withdraw_button, self.export_button):
            actions.addWidget(b)
        actions.addStretch(1)
        layout.addLayout(actions)
        hint = QLabel("Если согласие отозвано, сведения об ОВЗ и инвалидности обучающегося скрываются во всех "
                      "списках и отчётах, а новые записи консультаций для него не сохраняются.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        self.consent_status = QLabel("")
        self.consent_status.setObjectName("consent_status")
        layout.addWidget(self.consent_status)
        return box

    def load(self) -> None:
        if hasattr(self, "model"):
            if self.ctx.year is None:
                self.model.set_rows([])
                self.consent_status.setText("Учебный год не задан.")
            else:
                rows = consent.consent_register(self.ctx.uow(), year=self.ctx.year,
                                                only_missing=self.only_missing.isChecked())
                fill(self.view, self.model, rows)
                what = "без согласия" if self.only_missing.isChecked() else "всего"
                self.consent_status.setText(f"{year_title(self.ctx.year)}: обучающихся {what} — {len(rows)}")
        if hasattr(self, "candidates_label"):
            self._load_retention()

    def mark_selected(self) -> None:
        rows = selected_rows(self.view, self.proxy, self.model)
        if not rows:
            QMessageBox.information(self, "Согласия", "Выберите обучающихся в списке (можно несколько).")
            return
        day = self.consent_date.date().toPython()
        if added := run_quick(self, lambda: consent.mark_received(self.ctx.uow(), [r.student_id for r in rows],
                                                                  received_on=day)):
            self.consent_status.setText(f"Отмечено согласий: {added.value}")

    def withdraw_selected(self) -> None:
        rows = selected_rows(self.view, self.proxy, self.model)
        if len(rows) != 1:
            QMessageBox.information(self, "Согласия", "Выберите одного обучающегося, чьи родители отозвали согласие.")
            return
        row = rows[0]
        day = self.consent_date.date().toPython()
        if not confirm(self, "Отзыв согласия", f"Отметить отзыв согласия для «{row.student_name}» "
                                               f"с {day:%d.%m.%Y}?"):
            return
        run_quick(self, lambda: consent.record_withdrawal(self.ctx.uow(), row.student_id, withdrawn_on=day))

    def export(self, path: Path | None = None) -> None:
        if self.ctx.year is None:
            return
        path = path or ask_xlsx_path(self, "Список без согласия", "Обучающиеся без согласия.xlsx")
        if path is None:
            return
        year = self.ctx.year
        run_operation(self, lambda p, c: consent.export_register_xlsx(self.ctx.uow(), path, year=year),
                      title="Выгрузка списка…",
                      on_success=lambda n: self.consent_status.setText(f"Выгружено: {n} — {path.name}"))

    # --- retention ----------------------------------------------------------------------------------
    def _retention_box(self) -> QGroupBox:
        box = QGroupBox("Хранение данных выбывших обучающихся")
        layout = QVBoxLayout(box)
        row = QHBoxLayout()
        row.addWidget(QLabel("Обезличивать данные выбывших более"))
        self.years = QSpinBox()
        self.years.setObjectName(settings.RETENTION_YEARS.key)
        self.years.setRange(1, 75)
        self.years.setSuffix(" лет назад")
        row.addWidget(self.years)
        save = QPushButton("Сохранить срок")
        save.clicked.connect(self.save_years)
        row.addWidget(save)
        row.addStretch(1)
        layout.addLayout(row)
        self.candidates_label = QLabel("")
        self.candidates_label.setObjectName("retention_candidates")
        self.candidates_label.setWordWrap(True)
        layout.addWidget(self.candidates_label)
        self.anonymise_button = QPushButton("Обезличить…")
        self.anonymise_button.setObjectName("anonymise")
        self.anonymise_button.clicked.connect(self.anonymise)
        button_row = QHBoxLayout()
        button_row.addWidget(self.anonymise_button)
        button_row.addStretch(1)
        layout.addLayout(button_row)
        hint = QLabel("Фамилии, имена, отчества, даты рождения и прочие личные сведения заменяются; участие в "
                      "мероприятиях остаётся, поэтому показатели прошлых лет не меняются. Перед обезличиванием "
                      "делается резервная копия; старые значения стираются из файла базы.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        return box

    def _load_retention(self) -> None:
        self.years.setValue(retention.retention_years(self.ctx.uow()))
        self.candidates = retention.retention_candidates(self.ctx.uow(), today=dt.date.today())
        self.candidates_label.setText(f"Выбывших, чей срок хранения истёк: {len(self.candidates)}")
        self.anonymise_button.setEnabled(bool(self.candidates))

    def save_years(self) -> None:
        years = self.years.value()
        run_quick(self, lambda: retention.set_retention_years(self.ctx.uow(), years))

    def anonymise(self) -> None:
        count = len(self.candidates)
        if not count:
            return
        copies = retention.backups_holding_names(self.ctx.uow(), today=dt.date.today())
        also = (f" Их прежние данные есть в резервных копиях ({copies}): эти копии будут обезличены так же."
                if copies else "")
        if not confirm(self, "Обезличивание", f"Обезличить данные выбывших обучающихся: {count}?{also} "
                                              "Отменить это действие нельзя."):
            return
        today = dt.date.today()
        run_operation(self, lambda p, c: retention.anonymise_left_students(self.ctx.uow(), today=today,
                                                                           progress=p, cancelled=c),
                      title="Обезличивание…", on_success=self._anonymised, cancellable=True)

    def _anonymised(self, result: retention.AnonymisationResult) -> None:
        where = f" Обезличено резервных копий: {result.backups_rewritten}." if result.backups_rewritten else ""
        self.candidates_label.setText(f"Обезличено обучающихся: {result.anonymised}.{where}")
