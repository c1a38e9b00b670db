"""The login dialog shown at start, on «Сменить пользователя» and when the program locks itself."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from app import APP_NAME
from app.services.accounts import accounts
from app.services.access import Actor
from app.services.storage.database import Database
from app.ui.operations import Operation


class LoginDialog(QDialog):
    """Asks for login and password; `actor` holds who came in once the dialog is accepted."""

    def __init__(self, database: Database, parent: QWidget | None = None, *, message: str = "",
                 login: str = "", school: str = ""):
        super().__init__(parent)
        self.database = database
        self.actor: Actor | None = None
        self.setWindowTitle(f"{APP_NAME} — вход")
        self.setModal(True)
        self.setMinimumWidth(380)
        heading = QLabel(f"<b>{school}</b>" if school else f"<b>{APP_NAME}</b>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        heading.setWordWrap(True)
        self.message = QLabel(message or "Войдите под своей учётной записью.")
        self.message.setWordWrap(True)
        self.login_edit = QLineEdit(login)
        self.login_edit.setObjectName("login")
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel("")
        self.error.setObjectName("login_error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Пользователь:", self.login_edit)
        form.addRow("Пароль:", self.password_edit)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("Войти", QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = self.buttons.addButton("Выход", QDialogButtonBox.ButtonRole.RejectRole)
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.try_login)
        self.login_edit.returnPressed.connect(self.password_edit.setFocus)
        self.password_edit.returnPressed.connect(self.try_login)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        (self.password_edit if login else self.login_edit).setFocus()

    def set_cancel_text(self, text: str) -> None:
        self.cancel_button.setText(text)

    def try_login(self) -> None:
        password = self.password_edit.text()
        # The typed password leaves the field at once, whatever happens next.
        self.password_edit.clear()
        login = self.login_edit.text()
        signed_in = Operation(self, lambda _p, _c: accounts.login(self.database, login, password)) \
            .refusal_shown_in(self._refused).run_now()
        if signed_in:
            self.actor = signed_in.value
            self.accept()

    def _refused(self, message: str) -> None:
        self.error.setText(message)
        self.password_edit.setFocus()


def ask_login(database: Database, parent: QWidget | None = None, **kwargs) -> Actor | None:
    dialog = LoginDialog(database, parent, **kwargs)
    return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None


def confirm(parent: QWidget | None, title: str, text: str) -> bool:
    from app.ui.widgets.confirm import confirm_loss

    # The callers' texts already say whether the step can be undone.
    return confirm_loss(parent, title, text, irreversible=False)
