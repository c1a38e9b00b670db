"""«Записи консультаций»: a psychologist's key to the encrypted notes — taking it back with the recovery key
(after an administrator set a new password) and giving it to a colleague, who types their own password."""
from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.services.accounts.accounts import may_hold_notes_key
from app.services.accounts.notes_access import grant_notes_access, recover_notes_access
from app.ui.operations import Operation


def _secret_edit(name: str) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(name)
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class NotesAccessTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        self.state = QLabel("")
        self.state.setObjectName("notes_key_state")
        self.state.setWordWrap(True)
        layout.addWidget(self.state)
        actor = ctx.actor
        if actor.user_id is None or not may_hold_notes_key(actor.role.value, actor.can_read_notes):
            self.state.setText("Записи консультаций зашифрованы: их читают только педагоги-психологи со своим "
                               "ключом. Вашей учётной записи ключ не выдаётся.")
            layout.addStretch(1)
            return

        recover = QGroupBox("Вернуть доступ по ключу восстановления")
        form = QFormLayout(recover)
        self.recover_password = _secret_edit("recover_password")
        self.recovery_key = QLineEdit()
        self.recovery_key.setObjectName("recovery_key")
        self.recovery_key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        form.addRow("Ваш пароль:", self.recover_password)
        form.addRow("Ключ восстановления:", self.recovery_key)
        self.recover_button = QPushButton("Вернуть доступ")
        self.recover_button.setObjectName("recover_notes")
        self.recover_button.clicked.connect(self.recover)
        form.addRow(self.recover_button)
        layout.addWidget(recover)

        grant = QGroupBox("Дать доступ коллеге-психологу")
        form = QFormLayout(grant)
        form.addRow(QLabel("Коллега вводит свой пароль сам, при вас."))
        self.colleague = QLineEdit()
        self.colleague.setObjectName("colleague_login")
        self.colleague_password = _secret_edit("colleague_password")
        form.addRow("Логин коллеги:", self.colleague)
        form.addRow("Пароль коллеги:", self.colleague_password)
        self.grant_button = QPushButton("Дать доступ")
        self.grant_button.setObjectName("grant_notes")
        self.grant_button.clicked.connect(self.grant)
        form.addRow(self.grant_button)
        layout.addWidget(grant)

        self.status = QLabel("")
        self.status.setObjectName("notes_access_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self._show_state()

    def _show_state(self) -> None:
        has = self.ctx.actor.notes_key is not None
        self.state.setText("У вас есть ключ к записям консультаций." if has else
                           "У вас нет ключа к записям консультаций (например, пароль задал администратор). "
                           "Верните доступ ключом восстановления из сейфа или попросите коллегу-психолога.")
        self.grant_button.setEnabled(has)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setStyleSheet("color: #b00020;" if error else "")
        self.status.setText(text)

    def recover(self) -> None:
        password, key = self.recover_password.text(), self.recovery_key.text()
        self.recover_password.clear()
        self.recovery_key.clear()
        recovered = Operation(self, lambda _p, _c: recover_notes_access(
            self.ctx.database, login=self.ctx.actor.login, password=password, recovery_key=key)) \
            .refusal_shown_in(lambda text: self._say(text, error=True)).run_now()
        if not recovered:
            return
        self.ctx.actor = recovered.value   # the same user and rights, now holding the key for this session
        self._show_state()
        self._say("Доступ к записям консультаций восстановлен.")

    def grant(self) -> None:
        login, password = self.colleague.text(), self.colleague_password.text()
        self.colleague_password.clear()
        if not Operation(self, lambda _p, _c: grant_notes_access(self.ctx.uow(), login=login, password=password)) \
                .refusal_shown_in(lambda text: self._say(text, error=True)).run_now():
            return
        self._say(f"Пользователь «{login.strip().lower()}» получил доступ к записям консультаций.")
