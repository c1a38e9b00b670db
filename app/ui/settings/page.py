"""The «Настройки» page: a tab per concern. Tabs are listed as "module:callable" factories taking
(context, parent), so a feature adds its tab with one line."""
from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.ui.loader import load_factory

TABS: list[tuple[str, str]] = [
    ("Сведения об ОО", "app.ui.settings.school_tab:SchoolDetailsTab"),
    ("Пользователи", "app.ui.accounts.users_tab:UsersTab"),
    ("Журнал аудита", "app.ui.accounts.audit_tab:AuditTab"),
    ("Согласия и хранение данных", "app.ui.accounts.privacy_tab:PrivacyTab"),
    ("Мой пароль", "app.ui.accounts.password_tab:MyPasswordTab"),
    ("Записи консультаций", "app.ui.accounts.notes_access_tab:NotesAccessTab"),
    ("Резервные копии", "app.ui.backups.tab:BackupsTab"),
]


class SettingsPage(QWidget):
    TABS = TABS   # a municipality's «Настройки» lists its own (app/ui/municipality/settings_page.py)

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.tabs = QTabWidget(self)
        for title, factory in self.TABS:
            self.tabs.addTab(load_factory(factory)(ctx, self.tabs), title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)
