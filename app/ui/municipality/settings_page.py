"""«Настройки» of a municipal database: its details, the users, the audit log, the password, the backups
(no consents or retention: a municipality keeps no students' personal data)."""
from __future__ import annotations

from app.ui.settings.page import SettingsPage

TABS: list[tuple[str, str]] = [
    ("Сведения о муниципалитете", "app.ui.municipality.details_tab:MunicipalityDetailsTab"),
    ("Пользователи", "app.ui.accounts.users_tab:UsersTab"),
    ("Журнал аудита", "app.ui.accounts.audit_tab:AuditTab"),
    ("Мой пароль", "app.ui.accounts.password_tab:MyPasswordTab"),
    ("Резервные копии", "app.ui.backups.tab:BackupsTab"),
]


class MunicipalSettingsPage(SettingsPage):
    TABS = TABS
