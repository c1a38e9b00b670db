"""Login, first start, switching user, idle lock, and the settings tabs of accounts and privacy."""
from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel
from app.services.accounts import accounts
from app.services.accounts import consent
from app.services.access import Role
from app.services.files.export_safety import PERSONAL_DATA_NOTICE
from app.services.school.details import get_school
from app.services.uow import UnitOfWork
from app.ui.accounts import session as session_module
from app.ui.accounts.login_dialog import LoginDialog
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from tests.conftest import make_actor
from tests.school_people import build_school
from tests.school_people import fast_hashing  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("fast_hashing")

ADMIN_PASSWORD = "Admin-password-1"  # QTest types ASCII only


@pytest.fixture
def admin_actor(database):
    return accounts.create_first_administrator(database, login="admin", password=ADMIN_PASSWORD, full_name="Админ")


def test_login_dialog_wrong_then_right(qtbot, database, admin_actor):
    dialog = LoginDialog(database)
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.login_edit, "admin")
    qtbot.keyClicks(dialog.password_edit, "not-the-password")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "Неверное имя пользователя или пароль" in dialog.error.text()
    assert dialog.password_edit.text() == "" and dialog.result() != QDialog.DialogCode.Accepted
    qtbot.keyClicks(dialog.password_edit, ADMIN_PASSWORD)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.actor.login == "admin"


def test_first_start_creates_school_and_administrator(qtbot, database):
    from app.ui.first_start import SchoolSetupDialog
    dialog = SchoolSetupDialog(database)
    qtbot.addWidget(dialog)
    dialog.fields["short_name"].setText("СОШ № 5")
    qtbot.keyClicks(dialog.admin_login, "director")
    qtbot.keyClicks(dialog.password, "Strong-password")
    qtbot.keyClicks(dialog.repeat, "Other-password")
    dialog.create()
    assert "не совпадают" in dialog.error.text() and not accounts.users_exist(database)
    qtbot.keyClicks(dialog.password, "Strong-password")
    qtbot.keyClicks(dialog.repeat, "Strong-password")
    dialog.create()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.actor.role is Role.ADMIN
    assert get_school(UnitOfWork(database, dialog.actor)).short_name == "СОШ № 5"
    assert accounts.login(database, "director", "Strong-password").login == "director"


def test_sign_in_opens_the_demo_school_without_login(database):
    actor = session_module.sign_in(database, is_demo=True)
    assert actor.role is Role.ADMIN and not actor.can_read_notes


def _answer_login(monkeypatch, login: str, password: str):
    """The login dialog, when shown modally, is answered as a user would type it."""
    shown = []

    def exec_(dialog):
        parent = dialog.parentWidget()
        data_visible = parent.centralWidget().isVisible() if parent is not None else None
        shown.append((dialog.message.text(), data_visible))
        dialog.login_edit.setText(login)
        dialog.password_edit.setText(password)
        dialog.try_login()
        return dialog.result()

    monkeypatch.setattr(LoginDialog, "exec", exec_)
    return shown


def _controller(qtbot, database, actor, qsettings, idle_ms=0):
    def build(who):
        window = MainWindow(AppContext(database, who), settings=qsettings)
        qtbot.addWidget(window)
        return window
    controller = session_module.SessionController(database, actor, is_demo=False, build_window=build, idle_ms=idle_ms)
    controller.window.show()
    return controller


def test_switch_user_rebuilds_the_window_with_the_new_rights(qtbot, monkeypatch, database, admin_actor, qsettings):
    accounts.create_user(UnitOfWork(database, admin_actor), login="psy", password="Пароль-психолога",
                         role=Role.PSYCHOLOGIST)
    controller = _controller(qtbot, database, admin_actor, qsettings)
    first = controller.window
    _answer_login(monkeypatch, "psy", "Пароль-психолога")
    controller.switch_user()
    assert controller.window is not first and controller.window.ctx.actor.role is Role.PSYCHOLOGIST
    assert first.isHidden()


def test_idle_lock_hides_data_and_same_user_continues(qtbot, monkeypatch, database, admin_actor, qsettings):
    controller = _controller(qtbot, database, admin_actor, qsettings, idle_ms=60)
    window = controller.window
    shown = _answer_login(monkeypatch, "admin", ADMIN_PASSWORD)
    qtbot.waitUntil(lambda: bool(shown), timeout=3000)
    message, data_visible_while_locked = shown[0]
    assert "заблокирована" in message and data_visible_while_locked is False
    assert controller.window is window and window.centralWidget().isVisible()
    controller.idle.set_timeout(0)


def test_lock_conceals_an_open_dialog_and_another_user_gets_a_new_window(qtbot, monkeypatch, database,
                                                                         admin_actor, qsettings):
    accounts.create_user(UnitOfWork(database, admin_actor), login="zam", password="Deputy-password-1",
                         role=Role.DEPUTY)
    controller = _controller(qtbot, database, admin_actor, qsettings)
    first = controller.window
    open_dialog = QDialog(first)
    secret = QLabel("Иванов: ОВЗ", open_dialog)
    open_dialog.show()
    seen = []
    monkeypatch.setattr(LoginDialog, "exec", lambda d: (seen.append(secret.isVisible()),
                                                        d.login_edit.setText("zam"),
                                                        d.password_edit.setText("Deputy-password-1"),
                                                        d.try_login(), d.result())[-1])
    controller.lock()
    assert seen == [False]
    assert controller.window is not first and controller.window.ctx.actor.login == "zam"
    assert not open_dialog.isVisible()


def test_activity_restarts_the_idle_timer(qtbot, database, admin_actor, qsettings):
    controller = _controller(qtbot, database, admin_actor, qsettings, idle_ms=10_000)
    controller.idle.timer.start(50)
    qtbot.keyClick(controller.window, Qt.Key.Key_Shift)
    assert controller.idle.timer.remainingTime() > 1000
    controller.idle.set_timeout(0)


def test_users_tab_adds_an_account(qtbot, monkeypatch, database, admin_actor):
    from app.ui.accounts import users_tab
    people = build_school(database)
    tab = users_tab.UsersTab(AppContext(database, admin_actor))
    qtbot.addWidget(tab)

    def exec_(dialog):
        if getattr(dialog, "_answered", False):
            return QDialog.DialogCode.Rejected
        dialog._answered = True
        dialog.login.setText("zam")
        dialog.role.setCurrentIndex(dialog.role.findData(Role.CLASS_TEACHER))
        dialog.staff.setCurrentIndex(dialog.staff.findData(people.staff_ids["teacher"]))
        dialog.password.setText("Пароль-зама-1")
        dialog.repeat.setText("Пароль-зама-1")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(users_tab.UserDialog, "exec", exec_)
    tab.add_user()
    assert sorted(r.login for r in tab.model.rows) == ["admin", "zam"]
    teacher = accounts.login(database, "zam", "Пароль-зама-1")
    assert teacher.role is Role.CLASS_TEACHER and teacher.staff_id == people.staff_ids["teacher"]
    # Linked to the homeroom teacher of 7А, the account sees that class only.
    with UnitOfWork(database, teacher) as uow:
        uow.require_class_access(people.class_ids["7А"])
        with pytest.raises(Exception, match="своим классом"):
            uow.require_class_access(people.class_ids["8Б"])


def test_tabs_say_why_without_the_right(qtbot, database):
    from app.ui.accounts.audit_tab import AuditTab
    from app.ui.accounts.users_tab import UsersTab
    for tab_class in (UsersTab, AuditTab):
        tab = tab_class(AppContext(database, make_actor(Role.COORDINATOR)))
        qtbot.addWidget(tab)
        assert "Недостаточно прав" in tab.findChild(QLabel, "no_right").text()


def test_audit_tab_exports_xlsx(qtbot, database, admin_actor, tmp_path):
    from app.ui.accounts.audit_tab import AuditTab
    tab = AuditTab(AppContext(database, admin_actor))
    qtbot.addWidget(tab)
    assert tab.model.rowCount() >= 1
    path = tmp_path / "журнал.xlsx"
    tab.export(path)
    sheet = load_workbook(path).active
    assert sheet["A1"].value == PERSONAL_DATA_NOTICE
    assert "создан первый администратор" in [sheet.cell(r, 3).value for r in range(5, sheet.max_row + 1)]
    assert tab.model.rows[0].action == "export.audit"


def test_privacy_tab_marks_many_and_exports(qtbot, database, admin_actor, tmp_path):
    from app.ui.accounts.privacy_tab import PrivacyTab
    people = build_school(database)
    ctx = AppContext(database, make_actor(Role.COORDINATOR))
    tab = PrivacyTab(ctx)
    qtbot.addWidget(tab)
    tab.show()   # a change announced by the operation reloads the tab on screen
    assert tab.model.rowCount() == 4 and not hasattr(tab, "anonymise_button")
    tab.view.selectAll()
    tab.mark_selected()
    assert tab.model.rowCount() == 0 and tab.consent_status.text() == "Отмечено согласий: 4"
    consent.record_withdrawal(ctx.uow(), people.student_ids["Иванов"], withdrawn_on=dt.date.today())
    tab.load()
    assert [r.status for r in tab.model.rows] == ["согласие отозвано"]
    path = tmp_path / "без согласия.xlsx"
    tab.export(path)
    sheet = load_workbook(path).active
    assert sheet["A1"].value == PERSONAL_DATA_NOTICE and sheet["B5"].value.startswith("Иванов")


def test_my_password_tab(qtbot, database, admin_actor):
    from app.ui.accounts.password_tab import MyPasswordTab
    tab = MyPasswordTab(AppContext(database, admin_actor))
    qtbot.addWidget(tab)
    qtbot.keyClicks(tab.old, ADMIN_PASSWORD)
    qtbot.keyClicks(tab.new, "New-password-99")
    qtbot.keyClicks(tab.repeat, "New-password-99")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert tab.status.text() == "Пароль изменён." and tab.old.text() == ""
    assert accounts.login(database, "admin", "New-password-99").login == "admin"


def test_first_start_without_accounts_asks_for_the_administrator(qtbot, monkeypatch, database):
    from app.ui import first_start

    def exec_(dialog):
        dialog.fields["full_name"].setText("МАОУ «Школа № 7»")
        dialog.admin_login.setText("head")
        dialog.password.setText("Head-password-1")
        dialog.repeat.setText("Head-password-1")
        dialog.create()
        return dialog.result()

    monkeypatch.setattr(first_start.SchoolSetupDialog, "exec", exec_)
    actor = session_module.sign_in(database, is_demo=False)
    assert actor is not None and actor.login == "head" and actor.role is Role.ADMIN
    # Next start: accounts exist, so the login dialog is asked instead.
    shown = _answer_login(monkeypatch, "head", "Head-password-1")
    assert session_module.sign_in(database, is_demo=False).login == "head" and shown


def test_demo_session_has_no_lock_and_no_user_toolbar(qtbot, database, qsettings):
    def build(who):
        window = MainWindow(AppContext(database, who, is_demo=True), settings=qsettings)
        qtbot.addWidget(window)
        return window
    controller = session_module.SessionController(database, session_module.sign_in(database, is_demo=True),
                                                  is_demo=True, build_window=build, idle_ms=50)
    assert not controller.idle.timer.isActive()
    assert controller.window.findChild(type(controller.window.addToolBar("x")), "user_toolbar") is None
    assert "Демонстрационная школа" in controller.window.windowTitle()
