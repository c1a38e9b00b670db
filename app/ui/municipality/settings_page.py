"""«Настройки» of a municipal database: its details, the users, the audit log, the password, the backups
(no consents or retention: a municipality keeps no students' personal data)."""
from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.ui.loader import load_factory

TABS: list[tuple[str, str]] = [
    ("Сведения о муниципалитете", "app.ui.municipality.details_tab:MunicipalityDetailsTab"),
    ("Пользователи", "app.ui.accounts.users_tab:UsersTab"),
    ("Журнал аудита", "app.ui.accounts.audit_tab:AuditTab"),
    ("Мой пароль", "app.ui.accounts.password_tab:MyPasswordTab"),
    ("Резервные копии", "app.ui.backups.tab:BackupsTab"),
]


class MunicipalSettingsPage(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.tabs = QTabWidget(self)
        for title, factory in TABS:
            self.tabs.addTab(load_factory(factory)(ctx, self.tabs), title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
