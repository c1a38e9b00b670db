"""The very first start on this computer, when there is no school database yet."""
from __future__ import annotations

from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QMessageBox,
                               QVBoxLayout)

from app.services.accounts.accounts import MIN_PASSWORD_LENGTH
from app.services.school.details import FIELD_LABELS


def ask_first_start() -> str | None:
    """"new" for a new school database on this computer, "server" to connect to the school's PostgreSQL
    server, "demo" for the demonstration school, None to quit."""
    box = QMessageBox()
    box.setWindowTitle("ПрофТрек — первый запуск")
    box.setText("На этом компьютере ещё нет базы данных школы.")
    box.setInformativeText("Создайте базу своей школы на этом компьютере, подключитесь к серверу школы, если "
                           "с базой работают несколько сотрудников, или откройте демонстрационную школу, чтобы "
                           "познакомиться с программой на примере.")
    new = box.addButton("База на этом компьютере", QMessageBox.ButtonRole.AcceptRole)
    server = box.addButton("Подключиться к серверу школы", QMessageBox.ButtonRole.ActionRole)
    demo = box.addButton("Открыть демонстрационную школу", QMessageBox.ButtonRole.ActionRole)
    box.addButton("Выход", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked is new:
        return "new"
    if clicked is server:
        return "server"
    if clicked is demo:
        return "demo"
    return None


class SchoolSetupDialog(QDialog):
    """First start of a school's database: its details and the administrator's account.

    There is no built-in account and no default password: whoever sets the program up chooses the
    administrator's login and password here. Nothing is written until both parts are valid."""

    def __init__(self, database, parent=None):
        super().__init__(parent)
        self.database = database
        self.actor = None
        self.setWindowTitle("ПрофТрек — первый запуск: школа и администратор")
        self.setMinimumWidth(520)
        intro = QLabel("Укажите сведения о школе и создайте учётную запись администратора. Встроенных "
                       "учётных записей и паролей по умолчанию в программе нет — запомните свой пароль.")
        intro.setWordWrap(True)
        self.fields: dict[str, QLineEdit] = {}
        school_box = QGroupBox("Образовательная организация")
        school_form = QFormLayout(school_box)
        for name in ("full_name", "short_name", "municipality", "region", "director_name"):
            edit = QLineEdit()
            edit.setObjectName(f"setup_{name}")
            self.fields[name] = edit
            school_form.addRow(FIELD_LABELS[name] + ":", edit)
        self._prefill()
        admin_box = QGroupBox("Администратор программы")
        admin_form = QFormLayout(admin_box)
        self.admin_name = QLineEdit()
        self.admin_name.setObjectName("setup_admin_name")
        self.admin_login = QLineEdit()
        self.admin_login.setObjectName("setup_admin_login")
        self.password = QLineEdit()
        self.password.setObjectName("setup_password")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("setup_repeat")
        for edit in (self.password, self.repeat):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        admin_form.addRow("ФИО:", self.admin_name)
        admin_form.addRow("Логин:", self.admin_login)
        admin_form.addRow("Пароль:", self.password)
        admin_form.addRow("Пароль ещё раз:", self.repeat)
        hint = QLabel(f"Пароль — не меньше {MIN_PASSWORD_LENGTH} знаков.")
        hint.setStyleSheet("color: #555;")
        admin_form.addRow("", hint)
        self.error = QLabel("")
        self.error.setObjectName("setup_error")
        self.error.setStyleSheet("color: #b00020;")
        self.error.setWordWrap(True)
        buttons = QDialogButtonBox()
        buttons.addButton("Создать", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton("Выход", QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.create)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(school_box)
        layout.addWidget(admin_box)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _prefill(self) -> None:
        """A database made before accounts existed keeps the school's details it already has."""
        from app.services.access import system_actor
        from app.services.school.details import get_school
        from app.services.uow import UnitOfWork
        current = get_school(UnitOfWork(self.database, system_actor()))
        for name, edit in self.fields.items():
            edit.setText(getattr(current, name))

    def create(self) -> None:
        from app.services.accounts import accounts
        from app.ui.operations import Operation
        from app.services.access import system_actor
        from app.services.errors import UserError
        from app.services.school.details import SchoolDetails, get_school, save_school
        from app.services.uow import UnitOfWork

        password, repeat = self.password.text(), self.repeat.text()

        def create():
            details = SchoolDetails(**{name: edit.text() for name, edit in self.fields.items()})
            if not details.full_name.strip() and not details.short_name.strip():
                raise UserError("Укажите наименование образовательной организации.")
            login = accounts.normalise_login(self.admin_login.text())
            if password != repeat:
                raise UserError("Пароли не совпадают.")
            accounts.check_password_rules(password, login=login)
            if accounts.users_exist(self.database):
                raise UserError("Администратор уже создан: закройте программу и войдите под своей учётной записью.")
            # The school first (its checks may refuse), keeping the fields not shown here; then the account,
            # so that a refused detail never leaves an administrator behind with the form still open.
            current = get_school(UnitOfWork(self.database, system_actor()))
            for name in self.fields:
                setattr(current, name, getattr(details, name))
            save_school(UnitOfWork(self.database, system_actor("первый запуск")), current)
            return accounts.create_first_administrator(self.database, login=login, password=password,
                                                       full_name=self.admin_name.text())

        try:
            created = Operation(self, lambda _p, _c: create()).refusal_shown_in(self.error.setText).run_now()
        finally:
            self.password.clear()
            self.repeat.clear()
        if created:
            self.actor = created.value
            self.accept()
