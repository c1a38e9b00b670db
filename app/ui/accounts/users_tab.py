"""«Пользователи» (administrator): the accounts, their roles and access to consultation notes, new
passwords, and the idle time after which the program locks."""
from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from app.services.accounts import accounts
from app.services.access import Permission, Role
from app.services.errors import UserError
from app.services.labels import ROLE_LABELS
from app.services import settings
from app.ui.widgets.common import ok_cancel
from app.ui.accounts.common import fill, no_right_notice, rows_view, selected_rows
from app.ui.operations import run_quick
from app.ui.widgets.table_model import Column


class UserDialog(QDialog):
    """A new account (login and password) or the settings of an existing one."""

    def __init__(self, parent=None, *, row: accounts.UserRow | None = None,
                 staff: list[tuple[int, str]] | None = None):
        super().__init__(parent)
        self.row = row
        self.setWindowTitle("Учётная запись" if row else "Новая учётная запись")
        form = QFormLayout()
        self.login = QLineEdit(row.login if row else "")
        self.login.setObjectName("user_login")
        self.login.setReadOnly(row is not None)
        self.full_name = QLineEdit(row.full_name if row else "")
        self.full_name.setObjectName("user_full_name")
        self.role = QComboBox()
        self.role.setObjectName("user_role")
        for role in Role:
            self.role.addItem(ROLE_LABELS[role], role)
        if row:
            self.role.setCurrentIndex(self.role.findData(row.role))
        self.staff = QComboBox()
        self.staff.setObjectName("user_staff")
        self.staff.addItem("— не связана —", None)
        for staff_id, name in staff or []:
            self.staff.addItem(name, staff_id)
        if row and row.staff_id is not None:
            self.staff.setCurrentIndex(max(self.staff.findData(row.staff_id), 0))
        self.notes = QCheckBox("Разрешить чтение конфиденциальных записей консультаций")
        self.notes.setObjectName("user_can_read_notes")
        self.notes.setChecked(bool(row and row.can_read_notes))
        self.active = QCheckBox("Учётная запись включена")
        self.active.setChecked(row.is_active if row else True)
        form.addRow("Логин:", self.login)
        form.addRow("ФИО:", self.full_name)
        form.addRow("Роль:", self.role)
        form.addRow("Сотрудник:", self.staff)
        staff_hint = QLabel("Классный руководитель видит только класс, где этот сотрудник — классный руководитель.")
        staff_hint.setWordWrap(True)
        staff_hint.setStyleSheet("color: #555;")
        form.addRow("", staff_hint)
        form.addRow("", self.notes)
        self.password = QLineEdit()
        self.password.setObjectName("user_password")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("user_repeat")
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        if row is None:
            form.addRow("Пароль:", self.password)
            form.addRow("Пароль ещё раз:", self.repeat)
        else:
            form.addRow("", self.active)
        self.role.currentIndexChanged.connect(self._role_changed)
        self._role_changed()
        buttons = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _role_changed(self) -> None:
        # Psychologists read notes by their role; among the others only an administrator may be allowed.
        is_admin = self.role.currentData() is Role.ADMIN
        self.notes.setEnabled(is_admin)
        if not is_admin:
            self.notes.setChecked(False)


class UsersTab(QWidget):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        if not ctx.can(Permission.MANAGE_USERS):
            no_right_notice(layout, Permission.MANAGE_USERS)
            return
        self.view, self.model, self.proxy = rows_view(self, [
            Column("Логин", lambda r: r.login),
            Column("ФИО", lambda r: r.full_name),
            Column("Роль", lambda r: r.role_label),
            Column("Сотрудник", lambda r: r.staff_name),
            Column("Записи консультаций", lambda r: "да" if r.can_read_notes or r.role is Role.PSYCHOLOGIST else ""),
            Column("Включена", lambda r: "да" if r.is_active else "нет"),
            Column("Последний вход", lambda r: r.last_login_at.strftime("%d.%m.%Y %H:%M") if r.last_login_at else "",
                   sort=lambda r: r.last_login_at.isoformat() if r.last_login_at else ""),
        ])
        self.view.setObjectName("users_view")
        buttons = QHBoxLayout()
        self.add_button = QPushButton("Добавить…")
        self.add_button.setObjectName("add_user")
        self.edit_button = QPushButton("Изменить…")
        self.password_button = QPushButton("Задать пароль…")
        self.add_button.clicked.connect(self.add_user)
        self.edit_button.clicked.connect(self.edit_user)
        self.password_button.clicked.connect(self.set_password)
        self.view.doubleClicked.connect(lambda _i: self.edit_user())
        for b in (self.add_button, self.edit_button, self.password_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)

        idle = QHBoxLayout()
        idle.addWidget(QLabel("Блокировать программу после бездействия, минут (0 — не блокировать):"))
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setObjectName("idle_minutes")
        self.idle_minutes.setRange(0, 240)
        self.idle_minutes.setValue(settings.read(ctx.uow(), settings.IDLE_LOCK_MINUTES))
        save_idle = QPushButton("Сохранить")
        save_idle.clicked.connect(self.save_idle)
        idle.addWidget(self.idle_minutes)
        idle.addWidget(save_idle)
        idle.addStretch(1)
        layout.addLayout(idle)
        self.status = QLabel("")
        layout.addWidget(self.status)
        self.load()

    def load(self) -> None:
        fill(self.view, self.model, accounts.list_users(self.ctx.uow()))

    def _current(self) -> accounts.UserRow | None:
        rows = selected_rows(self.view, self.proxy, self.model)
        return rows[0] if rows else None

    def add_user(self) -> None:
        dialog = UserDialog(self, staff=accounts.staff_choices(self.ctx.uow()))
        while dialog.exec() == QDialog.DialogCode.Accepted:
            password, repeat = dialog.password.text(), dialog.repeat.text()
            dialog.password.clear()
            dialog.repeat.clear()

            def create() -> None:
                if password != repeat:
                    raise UserError("Пароли не совпадают.")
                accounts.create_user(self.ctx.uow(), login=dialog.login.text(), password=password,
                                     role=dialog.role.currentData(), full_name=dialog.full_name.text(),
                                     staff_id=dialog.staff.currentData(), can_read_notes=dialog.notes.isChecked(),
                                     show_recovery_key=self._show_recovery_key)
            if not run_quick(self, create):
                continue
            self.status.setText(f"Учётная запись «{dialog.login.text().strip().lower()}» создана.")
            break
        self.load()

    def _show_recovery_key(self, key: str) -> None:
        from PySide6.QtWidgets import QMessageBox
        box = QMessageBox(QMessageBox.Icon.Information, "Ключ восстановления записей консультаций",
                          "Записи консультаций зашифрованы. Ключ восстановления показывается один раз: распечатайте "
                          "или перепишите его и храните в сейфе. С ним психолог вернёт доступ к записям после смены "
                          f"пароля администратором.\n\n{key}", QMessageBox.StandardButton.Ok, self)
        box.setObjectName("recovery_key_box")
        box.exec()

    def edit_user(self) -> None:
        row = self._current()
        if row is None:
            return
        dialog = UserDialog(self, row=row, staff=accounts.staff_choices(self.ctx.uow()))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        run_quick(self, lambda: accounts.update_user(
            self.ctx.uow(), row.id, role=dialog.role.currentData(), is_active=dialog.active.isChecked(),
            can_read_notes=dialog.notes.isChecked(), full_name=dialog.full_name.text(),
            staff_id=dialog.staff.currentData()))
        self.load()

    def set_password(self) -> None:
        row = self._current()
        if row is None:
            return
        dialog = QDialog(self)
        dialog.setWindowTitle(f"Новый пароль для «{row.login}»")
        form = QFormLayout(dialog)
        first, second = QLineEdit(), QLineEdit()
        for edit in (first, second):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow("Новый пароль:", first)
        form.addRow("Ещё раз:", second)
        form.addRow(ok_cancel(dialog, "Задать пароль"))
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        password, repeat = first.text(), second.text()
        first.clear()
        second.clear()

        def set_new() -> None:
            if password != repeat:
                raise UserError("Пароли не совпадают.")
            accounts.set_password(self.ctx.uow(), row.id, password)
        if not run_quick(self, set_new):
            return
        self.status.setText(f"Пароль для «{row.login}» задан. Сообщите его пользователю лично. Доступ к записям "
                            "консультаций он вернёт ключом восстановления или у коллеги-психолога.")
        self.load()

    def save_idle(self) -> None:
        minutes = self.idle_minutes.value()
        if not run_quick(self, lambda: settings.write(self.ctx.uow(), settings.IDLE_LOCK_MINUTES, minutes)):
            return
        self.status.setText("Время блокировки сохранено; оно действует со следующего входа.")
