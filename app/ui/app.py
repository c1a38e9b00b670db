"""Starting the windows: the application object, the database chosen and migrated, the main window."""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from app import APP_ID, APP_NAME
from app.services.access import system_actor
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


def choose_database(db_path: Path | None, demo: bool) -> tuple[Path, bool]:
    """The file to open and whether it is the demo school (which is built when missing)."""
    from app.paths import default_database, demo_database

    if db_path is not None:
        return Path(db_path), False
    if demo:
        return demo_database(), True
    return default_database(), False


def build_demo_if_missing(path: Path) -> None:
    if path.exists():
        return
    from app.services.demo import build_demo
    from app.services.migrations import open_database

    database = open_database(path)
    try:
        build_demo(database)
    finally:
        database.dispose()


def run_gui(*, db_path: Path | None = None, demo: bool = False) -> int:
    from app.logging_setup import configure_logging

    app = create_application()
    configure_logging()
    _install_excepthook()
    path, is_demo = choose_database(db_path, demo)
    lock = None
    try:
        if is_demo:
            build_demo_if_missing(path)
        elif not path.exists() and db_path is None:
            from app.ui.first_start import ask_first_start
            choice = ask_first_start()
            if choice is None:
                return 0
            if choice == "demo":
                path, is_demo = choose_database(None, True)
                build_demo_if_missing(path)
        # Trust (issue 7): network share refused, one program per file, damage check, backup if changed.
        from app.ui.startup import prepare_database
        lock = prepare_database(path)
        if lock is None:
            return 0
        from app.services.migrations import open_database
        database = open_database(path)
    except UserError as exc:
        if lock is not None:
            lock.release()
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    from app.ui.context import AppContext
    from app.ui.main_window import MainWindow

    ctx = AppContext(database, system_actor("администратор"), is_demo=is_demo)
    window = MainWindow(ctx)
    window.show()
    from app.ui.backups.schedule import BackupSchedule
    from app.ui.single_instance import ShowRequestServer
    BackupSchedule(ctx, parent=window)
    ShowRequestServer(path, window)
    code = app.exec()
    database.dispose()
    lock.release()
    return code
