"""Before the main window opens on a database: refuse a network share, take the one-program lock,
check the file (offering the newest good backup when it is damaged) and back it up if it changed —
one quick check for both (start_checks.py).
Migration (with its own backup) follows in `open_database`."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app import APP_NAME
from app.services.storage.instance_lock import DatabaseInUse, InstanceLock
from app.services.storage.location import refuse_network_location
from app.services.storage.start_checks import check_and_back_up

log = logging.getLogger(__name__)


def prepare_database(path: Path) -> InstanceLock | None:
    """The held lock when the program may go on with `path`; None when there is nothing more to do
    (the user chose to quit, or the program already open on this computer was brought forward).
    Raises UserError (network share, database open elsewhere) for the caller to show."""
    refuse_network_location(path)
    try:
        lock = InstanceLock(path).acquire()
    except DatabaseInUse:
        from app.ui.single_instance import ask_first_window_forward
        if ask_first_window_forward(path):
            return None
        raise
    try:
        found = check_and_back_up(path)
        if found.damage is not None:
            from app.ui.backups.recovery_dialog import offer_recovery
            if not offer_recovery(found.damage):
                lock.release()
                return None
        elif found.backup_error is not None:  # the program still opens; the user knows copies are not being made
            log.error("start backup failed: %s", found.backup_error)
            QMessageBox.warning(None, APP_NAME, f"Резервная копия при запуске не сделана.\n{found.backup_error}")
    except BaseException:
        lock.release()
        raise
    return lock
