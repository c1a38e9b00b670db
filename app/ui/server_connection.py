"""«Подключиться к серверу школы»: the form for a school database on a PostgreSQL server (host, port,
database, user, password, «Проверить подключение»), and where this computer remembers it.

The connection (without the password) is a preference of this computer and lives in QSettings. The
password is not stored: the `keyring` library has no working store on every computer the program runs on,
so it is asked at every start, before signing in (README, «Несколько пользователей»).

Every start without `--db` asks `saved_connection` whether this computer works with a server, before the main
window paints: the module imports the database layer (SQLAlchemy) and the operations only where the form uses
them."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QPushButton, QSpinBox,
                               QVBoxLayout, QWidget)

SETTINGS_GROUP = "server"
DEFAULT_PORT = 5432


@dataclass
class ServerConnection:
    host: str = ""
    port: int = DEFAULT_PORT
    database: str = "proftrack"
    user: str = "proftrack"

    def url(self, password: str) -> str:
        from app.services.storage.connection import server_url
        return server_url(host=self.host, port=self.port, database=self.database, user=self.user, password=password)


def saved_connection(settings: QSettings | None = None) -> ServerConnection | None:
    """The server this computer works with, or None when its database is a file here."""
    settings = settings or QSettings()
    settings.beginGroup(SETTINGS_GROUP)
    try:
        host = settings.value("host", "", str)
        if not host:
            return None
        return ServerConnection(host, int(settings.value("port", DEFAULT_PORT)), settings.value("database", "", str),
                                settings.value("user", "", str))
    finally:
        settings.endGroup()


def save_connection(connection: ServerConnection, settings: QSettings | None = None) -> None:
    settings = settings or QSettings()
    settings.beginGroup(SETTINGS_GROUP)
    for key in ("host", "port", "database", "user"):
        settings.setValue(key, getattr(connection, key))
    settings.endGroup()
    settings.sync()


class ServerConnectionDialog(QDialog):
    """The connection form; `result_url()` after «Подключиться» (with the password typed here)."""

    def __init__(self, connection: ServerConnection | None = None, parent: QWidget | None = None, *,
                 ask_password_only: bool = False):
        super().__init__(parent)
        self.setWindowTitle("ПрофТрек — сервер школы")
        self.setMinimumWidth(460)
        c = connection or ServerConnection()
        self.host = QLineEdit(c.host)
        self.host.setObjectName("server_host")
        self.host.setPlaceholderText("например, 192.168.1.10 или server")
        self.port = QSpinBox()
        self.port.setObjectName("server_port")
        self.port.setRange(1, 65535)
        self.port.setValue(c.port)
        self.database = QLineEdit(c.database)
        self.database.setObjectName("server_database")
        self.user = QLineEdit(c.user)
        self.user.setObjectName("server_user")
        self.password = QLineEdit()
        self.password.setObjectName("server_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow("Сервер:", self.host)
        form.addRow("Порт:", self.port)
        form.addRow("База данных:", self.database)
        form.addRow("Пользователь:", self.user)
        form.addRow("Пароль:", self.password)
        if ask_password_only:
            for edit in (self.host, self.port, self.database, self.user):
                edit.setEnabled(False)
        self.status = QLabel("")
        self.status.setObjectName("server_status")
        self.status.setWordWrap(True)
        self.check_button = QPushButton("Проверить подключение")
        self.check_button.setObjectName("server_check")
        self.check_button.clicked.connect(self.check)
        buttons = QDialogButtonBox()
        buttons.addButton("Подключиться", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Отмена", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        intro = QLabel("База данных школы хранится на сервере PostgreSQL; с ней одновременно работают "
                       "сотрудники со своих компьютеров. Адрес и имя пользователя сообщит администратор. "
                       "Пароль не сохраняется: программа спрашивает его при каждом запуске.")
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.check_button)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        (self.password if ask_password_only else self.host).setFocus()

    def connection(self) -> ServerConnection:
        return ServerConnection(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                                self.user.text().strip())

    def result_url(self) -> str:
        return self.connection().url(self.password.text())

    def check(self) -> bool:
        """Try the connection now; the answer (or why not) is shown under the button. Nothing typed is lost."""
        def refused(text: str) -> None:
            self.status.setText(text)
            self.status.setStyleSheet("color: #b00020;")

        from app.services.storage.connection import check_connection
        from app.ui.operations import Operation

        url = self.result_url()
        checked = Operation(self, lambda _p, _c: check_connection(url), title="Подключение к серверу") \
            .refusal_shown_in(refused).run_now()
        if checked:
            self.status.setText(checked.value)
            self.status.setStyleSheet("color: #1b5e20;")
        return bool(checked)

    def accept(self) -> None:
        if self.check():
            super().accept()
