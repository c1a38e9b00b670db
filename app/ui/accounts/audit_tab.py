"""«Журнал аудита» (administrator): who did what and when, with filters, and its export to XLSX."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QDateEdit, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout,
                               QWidget)

from app.services.accounts import audit
from app.services.access import Permission
from app.ui.accounts.common import ask_xlsx_path, fill, no_right_notice, rows_view
from app.services.uow import Change
from app.ui.operations import run_operation
from app.ui.refresh import follow_changes
from app.ui.widgets.table_model import Column


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


class AuditTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        if not ctx.can(Permission.VIEW_AUDIT):
            no_right_notice(layout, Permission.VIEW_AUDIT)
            return
        filters = QHBoxLayout()
        today = dt.date.today()
        self.date_from = QDateEdit(_qdate(today - dt.timedelta(days=30)))
        self.date_to = QDateEdit(_qdate(today))
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd.MM.yyyy")
            edit.dateChanged.connect(lambda _d: self.load())
        self.search = QLineEdit()
        self.search.setObjectName("audit_search")
        self.search.setPlaceholderText("Поиск: пользователь, действие, подробности")
        filters.addWidget(QLabel("С"))
        filters.addWidget(self.date_from)
        filters.addWidget(QLabel("по"))
        filters.addWidget(self.date_to)
        filters.addWidget(self.search, 1)
        self.export_button = QPushButton("Выгрузить в Excel…")
        self.export_button.setObjectName("export_audit")
        self.export_button.clicked.connect(lambda: self.export())
        filters.addWidget(self.export_button)
        layout.addLayout(filters)
        self.view, self.model, self.proxy = rows_view(self, [
            Column("Время", lambda r: r.at.strftime("%d.%m.%Y %H:%M:%S"), sort=lambda r: r.at.isoformat()),
            Column("Пользователь", lambda r: r.user_login),
            Column("Действие", lambda r: r.action_label),
            Column("Объект", lambda r: r.object_label),
            Column("Подробности", lambda r: r.details),
        ], descending=True)
        self.view.setObjectName("audit_view")
        self.search.textChanged.connect(self.proxy.set_search)
        layout.addWidget(self.view, 1)
        self.status = QLabel("")
        self.status.setObjectName("audit_status")
        layout.addWidget(self.status)
        hint = QLabel("Журнал нельзя изменить или удалить: записи только добавляются.")
        hint.setStyleSheet("color: #555;")
        layout.addWidget(hint)
        self.refresher = follow_changes(self, ctx, {Change.AUDIT}, self.load)
        self.load()

    def _filters(self) -> dict:
        return {"date_from": self.date_from.date().toPython(), "date_to": self.date_to.date().toPython()}

    def load(self) -> None:
        rows = audit.list_audit(self.ctx.uow(), **self._filters())
        fill(self.view, self.model, rows)
        self.status.setText(f"Записей: {len(rows)}")

    def export(self, path: Path | None = None) -> None:
        path = path or ask_xlsx_path(self, "Выгрузка журнала аудита", "Журнал аудита.xlsx")
        if path is None:
            return
        filters = self._filters()
        run_operation(self, lambda progress, cancelled: audit.export_audit_xlsx(self.ctx.uow(), path, **filters),
                      title="Выгрузка журнала аудита…",
                      on_success=lambda n: (self.status.setText(f"Выгружено записей: {n} — {path.name}"),
                                            self.load()))
