"""Who is at the keyboard: signing in at start (or creating the first administrator), «Сменить
пользователя», and locking after a configurable idle time.

The demo school alone opens without a login. Switching to another user rebuilds the main window, so
that every page is built with that user's rights; unlocking as the same user keeps the window as it was.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QToolBar, QWidget

from app.services.accounts import accounts
from app.services.access import Actor, system_actor
from app.services.storage.database import Database
from app.services.labels import ROLE_LABELS
from app.services.school.details import get_school
from app.services.uow import UnitOfWork
from app.ui.accounts.login_dialog import LoginDialog

DEMO_LOGIN = "демонстрация"

# What counts as the user being there: touching the keyboard or the mouse.
_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
             QEvent.Type.TouchBegin}


def idle_minutes(database: Database) -> int:
    """Minutes without activity before the program locks (0: never)."""
    from app.services import settings
    return settings.read(UnitOfWork(database, system_actor()), settings.IDLE_LOCK_MINUTES)


def _school_name(database: Database) -> str:
    details = get_school(UnitOfWork(database, system_actor()))
    return details.short_name or details.full_name


def is_demo_school(database: Database) -> bool:
    return get_school(UnitOfWork(database, system_actor())).is_demo


def sign_in(database: Database, *, is_demo: bool, parent: QWidget | None = None) -> Actor | None:
    """Who works in this session; None when the user chose to quit."""
    if is_demo:
        return system_actor(DEMO_LOGIN)
    if not accounts.users_exist(database):
        from app.ui.first_start import SchoolSetupDialog
        setup = SchoolSetupDialog(database, parent)
        return setup.actor if setup.exec() == QDialog.DialogCode.Accepted else None
    dialog = LoginDialog(database, parent, school=_school_name(database))
    return dialog.actor if dialog.exec() == QDialog.DialogCode.Accepted else None


class IdleWatcher(QObject):
    """An application-wide event filter: any keyboard or mouse activity restarts the idle timer."""

    def __init__(self, timeout_ms: int, on_idle: Callable[[], None], parent: QObject | None = None):
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(on_idle)
        self.set_timeout(timeout_ms)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_timeout(self, timeout_ms: int) -> None:
        self.timeout_ms = timeout_ms
        self.restart()

    def restart(self) -> None:
        if self.timeout_ms > 0:
            self.timer.start(self.timeout_ms)
        else:
            self.timer.stop()

    def pause(self) -> None:
        self.timer.stop()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start(self.timeout_ms)
        return False

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class SessionController(QObject):
    """Owns the main window of the signed-in user; switches users and locks when idle."""

    def __init__(self, database: Database, actor: Actor, *, is_demo: bool,
                 build_window: Callable[[Actor], QMainWindow], idle_ms: int | None = None):
        super().__init__()
        self.database = database
        self.is_demo = is_demo
        self.build_window = build_window
        self.actor = actor
        self.locked = False
        self.window = self._new_window(actor)
        minutes_ms = idle_minutes(database) * 60_000 if idle_ms is None else idle_ms
        # The demo school has no accounts to lock with.
        self.idle = IdleWatcher(0 if is_demo else minutes_ms, self.lock, self)

    def _new_window(self, actor: Actor) -> QMainWindow:
        window = self.build_window(actor)
        if not self.is_demo:
            toolbar = QToolBar("Пользователь")
            toolbar.setObjectName("user_toolbar")
            toolbar.setMovable(False)
            who = actor.full_name or actor.login
            label = QAction(f"{who} ({ROLE_LABELS[actor.role]})", toolbar)
            label.setEnabled(False)
            toolbar.addAction(label)
            self.switch_action = toolbar.addAction("Сменить пользователя", self.switch_user)
            self.switch_action.setObjectName("switch_user")
            self.lock_action = toolbar.addAction("Заблокировать", self.lock)
            self.lock_action.setObjectName("lock")
            window.addToolBar(toolbar)
        return window

    def _replace_window(self, actor: Actor) -> None:
        old = self.window
        self.actor = actor
        self.window = self._new_window(actor)
        self.window.setGeometry(old.geometry())
        self.window.show()
        old.close()
        old.deleteLater()

    def _audit_leave(self) -> None:
        with UnitOfWork(self.database, self.actor) as uow:
            uow.audit("logout", entity="user", entity_id=self.actor.user_id)
            uow.commit()

    def switch_user(self) -> None:
        self.idle.pause()
        dialog = LoginDialog(self.database, self.window, school=_school_name(self.database),
                             message="Войдите под другой учётной записью.")
        dialog.set_cancel_text("Отмена")
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.actor is not None:
            self._audit_leave()
            self._replace_window(dialog.actor)
        self.idle.restart()

    def lock(self) -> None:
        """Hide the data and ask for a password; the same user continues, another gets a new window."""
        if self.locked or self.is_demo:
            return
        self.locked = True
        self.idle.pause()
        concealed = _conceal_windows()
        dialog = LoginDialog(self.database, self.window, login=self.actor.login, school=_school_name(self.database),
                             message="Программа заблокирована после бездействия. Введите пароль, чтобы "
                                     "продолжить, или войдите под другой учётной записью.")
        dialog.set_cancel_text("Закрыть программу")
        accepted = dialog.exec() == QDialog.DialogCode.Accepted and dialog.actor is not None
        self.locked = False
        if not accepted:
            QApplication.closeAllWindows()
            return
        for widget in concealed:
            widget.setVisible(True)
        if dialog.actor.user_id != self.actor.user_id:
            self._audit_leave()
            self._close_dialogs()
            self._replace_window(dialog.actor)
        self.idle.restart()

    def _close_dialogs(self) -> None:
        """Another user came in: what the previous one left open is closed, unsaved."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()


def _conceal_windows() -> list[QWidget]:
    """Hide what every open window shows (the main window and any dialog left open) without closing
    them, so that the same user continues where they were. Returns the widgets to show again."""
    concealed: list[QWidget] = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible():
            continue
        for child in top.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child.isVisible() and not child.isWindow():
                child.setVisible(False)
                concealed.append(child)
    return concealed
