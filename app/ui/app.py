"""Starting the windows: the application object, the database chosen and migrated, the main window.

Everything imported here at module level is on the way to the first paint of the main window, so it is only
what the frame needs (tests/ui/test_prepaint_imports.py): message boxes, operations and the database layer are
imported where they are used, after the paint."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from app import APP_ID, APP_NAME
from app.services.errors import UserError
from app.services.progress import OperationCancelled

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None) -> QApplication:
    QCoreApplication.setOrganizationName(APP_ID)
    QCoreApplication.setApplicationName(APP_ID)
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationDisplayName(APP_NAME)
    from app.ui.translations import install_russian_translations
    install_russian_translations(app)
    return app  # type: ignore[return-value]


def _install_excepthook() -> None:
    def hook(exc_type, exc, tb):
        log.error("unhandled error", exc_info=(exc_type, exc, tb))
        try:
            from PySide6.QtWidgets import QMessageBox

            from app.services.storage.failures import known_failure
            from app.ui.operations import INTERNAL_ERROR
            known = known_failure(exc)
            message = str(known) if known is not None else INTERNAL_ERROR
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
    """Build the demo school into a new file on the database worker, with a progress window (and «Отмена»)
    if it takes more than a moment. Raises what stopped it (OperationCancelled when the user cancelled)."""
    if path.exists():
        return
    from app.services.demo.build import build_demo
    from app.services.storage.database import delete_database_files
    from app.services.storage.migrations import open_database
    from app.ui.operations import Operation

    database = open_database(path)
    try:
        built = Operation(parent, lambda progress, cancelled: build_demo(database, progress=progress,
                                                                         cancelled=cancelled),
                          title="Создаётся демонстрационная школа…", cancellable=True) \
            .on_failure(lambda _exc: None).run_and_wait()   # the caller says what went wrong
    finally:
        database.dispose()
    if not built:
        # A half-built demo must not be opened next time as if it were complete.
        delete_database_files(path)
        raise built.error


def demo_with_lock(path: Path):
    """The demo school's lock taken first, then the school built if it is missing: a second window started
    meanwhile finds the lock and brings this one forward instead of building the same file at the same time.
    The held lock, or None when another window of the program was brought forward; a failed or cancelled
    build lets the lock go and raises."""
    from app.ui.startup import take_lock

    lock = take_lock(path)
    if lock is None:
        return None
    try:
        build_demo_if_missing(path)
    except BaseException:
        lock.release()
        raise
    return lock


class OpenProgram(QObject):
    """A school's file open in this program: its lock, then (after the window's first paint) the database
    and the signed-in session. `ready` fires once the main window shows the school; `ended` when the
    program will not go on (the user quit at sign-in or declined a recovery, or the file cannot be opened)."""

    ready = Signal()
    ended = Signal()

    def __init__(self, path: Path, lock, frame, *, is_demo: bool, settings=None):
        super().__init__()
        self.path, self.lock, self.frame = path, lock, frame
        self.is_demo, self.settings = is_demo, settings
        self.database = None
        self.session = None
        self.failed = False   # the file could not be opened (the user was told why)
        self._started = False
        self._closed = False

    @property
    def window(self):
        """The main window: the frame until a session is signed in, then the session's window."""
        return self.session.window if self.session is not None else self.frame

    @property
    def is_ready(self) -> bool:
        return self.session is not None

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        from app.ui.operations import Operations
        Operations.pool().waitForDone()  # a start check still copying the file finishes first
        if self.database is not None:
            from app.services.storage.optimize import optimize
            optimize(self.database)
            self.database.dispose()
        self.lock.release()

    # --- after the first paint --------------------------------------------------------------------
    def start_after_paint(self) -> None:
        """Run the start check as soon as the frame has painted (or shortly, if it never gets a paint)."""
        started = self

        class FirstPaint(QObject):
            def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
                if event.type() == QEvent.Type.Paint:
                    QTimer.singleShot(0, started._check)
                return False

        # On the frame alone, not the application: the frame's own paint opens its first paint pass, and an
        # application-wide filter would hand every object's events to Python — among them Qt's private
        # objects, for which PySide6 builds the Python types of all its modules (some 150 enums, ~20 ms).
        self._paint_spy = FirstPaint(self)
        self.frame.installEventFilter(self._paint_spy)
        QTimer.singleShot(500, self._check)

    def _check(self) -> None:
        if self._started:
            return
        self._started = True
        self.frame.removeEventFilter(self._paint_spy)
        if isinstance(self.path, str):   # a server database: no file to check or copy here
            try:
                self._attach()
            except BaseException as exc:  # noqa: BLE001 - told to the user, then the program ends
                self._failed(exc)
            return
        from app.services.storage.start_checks import check_and_back_up
        from app.ui.operations import run_operation
        path = self.path
        run_operation(self.frame, lambda _p, _c: check_and_back_up(path), title="Проверка базы данных…",
                      on_success=self._checked, on_failure=self._failed, quiet=True)

    def _checked(self, found) -> None:
        from app.ui.startup import settle_start_check
        try:
            if not settle_start_check(found, self.frame):
                self._end()
                return
            self._attach()
        except BaseException as exc:  # noqa: BLE001 - told to the user, then the program ends
            self._failed(exc)

    def _attach(self) -> None:
        from app.services.storage.migrations import open_database
        self.database = open_database(self.path)
        from app.services.accounts.audit_chain import restore_audit_triggers
        restore_audit_triggers(self.database)   # as the command line does: dropped protection is put back, and logged
        if self.database.notes_recovery_key:
            from PySide6.QtWidgets import QMessageBox
            QMessageBox.information(self.frame, APP_NAME, "Записи консультаций зашифрованы. Ключ восстановления "
                                    "показывается один раз: распечатайте или перепишите его и храните в сейфе.\n\n"
                                    + self.database.notes_recovery_key)
        session = start_session(self.database, is_demo=self.is_demo, settings=self.settings, frame=self.frame)
        if session is None:
            self._end()
            return
        from app.ui.backups.schedule import BackupSchedule
        from app.ui.single_instance import ShowRequestServer
        self.session = session
        if not isinstance(self.path, str):   # file backups and the one-window-per-file request are SQLite's
            BackupSchedule(self.database, parent=session)
            ShowRequestServer(self.path, lambda: session.window, parent=session)
        self.ready.emit()

    def _failed(self, exc: BaseException) -> None:
        from PySide6.QtWidgets import QMessageBox

        from app.ui.operations import INTERNAL_ERROR
        self.failed = True
        if isinstance(exc, UserError):
            QMessageBox.critical(self.frame, APP_NAME, str(exc))
        else:
            log.error("opening the database failed", exc_info=exc)
            QMessageBox.critical(self.frame, APP_NAME, INTERNAL_ERROR)
        self._end()

    def _end(self) -> None:
        self.frame.close()
        self.ended.emit()
        app = QApplication.instance()
        if app is not None:
            app.quit()


def start_session(database, *, is_demo: bool, settings=None, frame=None):
    """Sign in (or create the first administrator) and show that user's main window; None if they quit.

    Accounts: no data is shown before a login; the demo school alone opens without one. The session owns
    the main window and rebuilds it when another user signs in; its first window is `frame` (already on
    screen, showing «Загрузка…») filled with the school, when given."""
    from app.ui.accounts.session import SessionController, is_demo_school, sign_in
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    is_demo = is_demo or is_demo_school(database)
    actor = sign_in(database, is_demo=is_demo, parent=frame)
    if actor is None:
        return None
    first = [frame]

    def build_window(who):
        ctx = AppContext(database, who, is_demo=is_demo)
        if first and first[0] is not None:
            return first.pop().attach(ctx)
        return MainWindow(ctx, settings=settings)

    session = SessionController(database, actor, is_demo=is_demo, build_window=build_window)
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


def open_program(path: Path | str, *, is_demo: bool = False, settings=None, lock=None) -> OpenProgram | None:
    """Everything the program does to open a school's file, shared with the start-up benchmark: network
    share refused and one program per file (before anything paints), then the main window's frame on
    screen, and after its first paint — off the window's thread — the damage check and the backup if
    changed (issue 7), then migration, sign-in, the school in the window, the backup schedule
    (OpenProgram.ready). None when another window of the program was brought forward instead. A server
    URL (str) skips what belongs to a file: the lock, the share and damage checks, the file backups. `lock`:
    already taken by the caller (`demo_with_lock`), and then the program's to release."""
    from app.ui.main_window import MainWindow
    from app.ui.startup import take_lock

    if lock is None:
        lock = _NoLock() if isinstance(path, str) else take_lock(path)
    if lock is None:
        return None
    try:
        frame = MainWindow(None, settings=settings)
        frame.show()
    except BaseException:
        lock.release()
        raise
    program = OpenProgram(path, lock, frame, is_demo=is_demo, settings=settings)
    program.start_after_paint()
    return program


def start_gui(*, db_path: Path | str | None = None, demo: bool = False) -> OpenProgram | int:
    """What `main.py` does before the event loop (shared with the start-up benchmark): the application, the
    log, the database chosen (asking for a server's password or offering the first start's choice when
    there is no `--db`), and `open_program`. The open program, or the exit code when there is nothing to
    run (the user cancelled, another window was brought forward, the file cannot be opened)."""
    from app.logging_setup import configure_logging

    create_application()
    configure_logging()
    _install_excepthook()
    path, is_demo = choose_database(db_path, demo)
    lock = None
    try:
        if is_demo:
            lock = demo_with_lock(path)
            if lock is None:
                return 0
        elif isinstance(path, str):
            pass
        elif db_path is None and _works_with_a_server():
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
                lock = demo_with_lock(path)
                if lock is None:
                    return 0
            elif choice == "server":
                path = ask_server(first_time=True)
                if path is None:
                    return 0
        program = open_program(path, is_demo=is_demo, lock=lock)
    except OperationCancelled:
        return 0
    except UserError as exc:
        from PySide6.QtWidgets import QMessageBox
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    if program is None:
        return 0
    return program


def _works_with_a_server() -> bool:
    """Whether this computer's school is on a server (the connection form filled in once): asked only when
    no `--db` names the database."""
    from app.ui.server_connection import saved_connection
    return saved_connection() is not None


def run_gui(*, db_path: Path | str | None = None, demo: bool = False) -> int:
    program = start_gui(db_path=db_path, demo=demo)
    if isinstance(program, int):
        return program
    code = QApplication.instance().exec()
    program.close()
    return 1 if program.failed else code
