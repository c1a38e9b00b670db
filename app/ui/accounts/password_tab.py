"""«Мой пароль»: everyone changes their own password."""
from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.services.accounts.accounts import MIN_PASSWORD_LENGTH, change_own_password
from app.services.errors import UserError
from app.ui.operations import Operation


class MyPasswordTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        if ctx.actor.user_id is None:
            note = QLabel("Вы работаете без учётной записи (демонстрационная школа или командная строка): "
                          "пароля нет.")
            note.setWordWrap(True)
            layout.addWidget(note)
            layout.addStretch(1)
            return
        layout.addWidget(QLabel(f"Учётная запись: <b>{ctx.actor.login}</b>"))
        form = QFormLayout()
        self.old = QLineEdit()
        self.new = QLineEdit()
        self.repeat = QLineEdit()
        for name, edit in (("old_password", self.old), ("new_password", self.new), ("repeat_password", self.repeat)):
            edit.setObjectName(name)
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Текущий пароль:", self.old)
        form.addRow("Новый пароль:", self.new)
        form.addRow("Новый пароль ещё раз:", self.repeat)
        layout.addLayout(form)
        layout.addWidget(QLabel(f"Пароль — не меньше {MIN_PASSWORD_LENGTH} знаков и не совпадает с логином."))
        self.save_button = QPushButton("Сменить пароль")
        self.save_button.setObjectName("change_password")
        self.save_button.clicked.connect(self.save)
        layout.addWidget(self.save_button)
        self.status = QLabel("")
        self.status.setObjectName("password_status")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addStretch(1)

    def save(self) -> None:
        old, new, repeat = self.old.text(), self.new.text(), self.repeat.text()
        for edit in (self.old, self.new, self.repeat):
            edit.clear()

        def change() -> None:
            if new != repeat:
                raise UserError("Новые пароли не совпадают.")
            change_own_password(self.ctx.uow(), old_password=old, new_password=new)

        if Operation(self, lambda _p, _c: change()).refusal_shown_in(self._refused).run_now():
            self.status.setStyleSheet("")
            self.status.setText("Пароль изменён.")

    def _refused(self, message: str) -> None:
        self.status.setStyleSheet("color: #b00020;")
        self.status.setText(message)
