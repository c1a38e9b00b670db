"""Starting the windows: the application object, the database chosen and migrated, the main window."""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_ID, APP_NAME
from app.services.errors import UserError
from app.ui.operations import INTERNAL_ERROR

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    QCoreApplication.setOrganizationName(APP_ID)
    QCoreApplication.setApplicationName(APP_ID)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    return app  # type: ignore[return-value]


def _install_excepthook() -> None:
    def hook(exc_type, exc, tb):
        log.error("unhandled error", exc_info=(exc_type, exc, tb))
        try:
            message = str(exc) if isinstance(exc, UserError) else INTERNAL_ERROR
            QMessageBox.critical(None, APP_NAME, message)
        except Exception:
            pass

    sys.excepthook = hook


def choose_database(db_path: Path | str | None, demo: bool) -> tuple[Path | str, bool]:
    """The file (or server URL) to open and whether it is the demo school (which is built when missing)."""
    from app.paths import default_database, demo_database

    if isinstance(db_path, str) and db_path.lower().startswith(("postgresql", "postgres:")):
        return db_path, False
    if db_path is not None:
        return Path(db_path), False
    if demo:
        return demo_database(), True
    return default_database(), False


def build_demo_if_missing(path: Path, parent=None) -> None:
    """Build the demo school into a new file, with a progress window if it takes more than a moment."""
    if path.exists():
        return
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog

    from app.services.storage.database import delete_database_files
    from app.services.demo.build import PROGRESS_TOTAL, build_demo
    from app.services.storage.migrations import open_database

    dialog = QProgressDialog("Создаётся демонстрационная школа…", "", 0, PROGRESS_TOTAL, parent)
    dialog.setWindowTitle(APP_NAME)
    dialog.setCancelButton(None)
    dialog.setMinimumWidth(420)
    dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
    dialog.setMinimumDuration(300)  # not shown at all when the build is instant

    def progress(done: int, total: int) -> None:
        # The build runs on this thread: let the dialog paint between the chunks it writes.
        dialog.setValue(done)
        QApplication.processEvents()

    database = open_database(path)
    try:
        build_demo(database, progress=progress)
    except BaseException:
        database.dispose()
        # A half-built demo must not be opened next time as if it were complete.
        delete_database_files(path)
        raise
    finally:
        dialog.reset()
        dialog.deleteLater()
    database.dispose()


@dataclass
class OpenProgram:
    """A database open in this program: its lock, the database, and the signed-in session's window."""

    lock: object
    database: object
    session: object

    @property
    def window(self):
        return self.session.window

    def close(self) -> None:
        self.database.dispose()
        self.lock.release()


def start_session(database, *, is_demo: bool, settings=None):
    """Sign in (or create the first administrator) and show that user's main window; None if they quit.

    Accounts: no data is shown before a login; the demo school alone opens without one. The session owns
    the main window and rebuilds it when another user signs in."""
    from app.ui.accounts.session import SessionController, is_demo_school, sign_in
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    is_demo = is_demo or is_demo_school(database)
    actor = sign_in(database, is_demo=is_demo)
    if actor is None:
        return None
    session = SessionController(
        database, actor, is_demo=is_demo,
        build_window=lambda who: MainWindow(AppContext(database, who, is_demo=is_demo), settings=settings))
    session.window.show()
    return session


class _NoLock:
    """A server database is shared by design: no lock file, no network-share refusal (SQLite only)."""

    def release(self) -> None:
        pass


def ask_server(*, first_time: bool) -> str | None:
    """The server database's URL from the connection form (the first time: all its fields, remembered on
    this computer; later: the password only). None when the user cancelled."""
    from PySide6.QtWidgets import QDialog

    from app.ui.server_connection import ServerConnectionDialog, save_connection, saved_connection

    saved = saved_connection()
    dialog = ServerConnectionDialog(saved, ask_password_only=not first_time and saved is not None)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    save_connection(dialog.connection())
    return dialog.result_url()


def open_program(path: Path | str, *, is_demo: bool = False, settings=None) -> OpenProgram | None:
    """Everything the program does to open a school's file, shared with the start-up benchmark: network
    share refused, one program per file, damage check, backup if changed (issue 7), migration, sign-in,
    the main window, the backup schedule. None when the user chose not to go on. A server URL (str) skips
    what belongs to a file: the lock, the share and damage checks, the file backups."""
    from app.services.storage.migrations import open_database
    from app.ui.startup import prepare_database

    if isinstance(path, str):
        return _open_server_program(path, settings=settings)
    lock = prepare_database(path)
    if lock is None:
        return None
    try:
        database = open_database(path)
    except BaseException:
        lock.release()
        raise
    try:
        session = start_session(database, is_demo=is_demo, settings=settings)
    except BaseException:
        database.dispose()
        lock.release()
        raise
    if session is None:
        database.dispose()
        lock.release()
        return None
    from app.ui.backups.schedule import BackupSchedule
    from app.ui.single_instance import ShowRequestServer
    BackupSchedule(database, parent=session)
    ShowRequestServer(path, lambda: session.window, parent=session)
    return OpenProgram(lock, database, session)


def _open_server_program(url: str, *, settings=None) -> OpenProgram | None:
    from app.services.storage.migrations import open_database

    database = open_database(url)
    try:
        session = start_session(database, is_demo=False, settings=settings)
    except BaseException:
        database.dispose()
        raise
    if session is None:
        database.dispose()
        return None
    return OpenProgram(_NoLock(), database, session)


def run_gui(*, db_path: Path | None = None, demo: bool = False) -> int:
    from app.logging_setup import configure_logging

    app = create_application()
    configure_logging()
    _install_excepthook()
    path, is_demo = choose_database(db_path, demo)
    try:
        from app.ui.server_connection import saved_connection
        if is_demo:
            build_demo_if_missing(path)
        elif isinstance(path, str):
            pass
        elif db_path is None and saved_connection() is not None:
            path = ask_server(first_time=False)
            if path is None:
                return 0
        elif not path.exists() and db_path is None:
            from app.ui.first_start import ask_first_start
            choice = ask_first_start()
            if choice is None:
                return 0
            if choice == "demo":
                path, is_demo = choose_database(None, True)
                build_demo_if_missing(path)
            elif choice == "server":
                path = ask_server(first_time=True)
                if path is None:
                    return 0
        program = open_program(path, is_demo=is_demo)
    except UserError as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    if program is None:
        return 0
    code = app.exec()
    program.close()
    return code
