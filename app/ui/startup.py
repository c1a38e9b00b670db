"""Before the main window opens on a database: refuse a network share, take the one-program lock,
check the file (offering the newest good backup when it is damaged) and back it up if it changed.
Migration (with its own backup) follows in `open_database`."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app import APP_NAME
from app.services.storage.backups import backup_if_changed
from app.services.errors import UserError
from app.services.storage.instance_lock import DatabaseInUse, InstanceLock
from app.services.storage.opening import take_database

log = logging.getLogger(__name__)


def prepare_database(path: Path) -> InstanceLock | None:
    """The held lock when the program may go on with `path`; None when there is nothing more to do
    (the user chose to quit, or the program already open on this computer was brought forward).
    Raises UserError (network share, database open elsewhere) for the caller to show.
    The sequence is the command line's too (storage.opening); only the answers to the user differ."""
    try:
        opening = take_database(path)
    except DatabaseInUse:
        from app.ui.single_instance import ask_first_window_forward
        if ask_first_window_forward(path):
            return None
        raise
    lock = opening.lock
    try:
        damage = opening.damage
        if damage is not None:
            from app.ui.backups.recovery_dialog import offer_recovery
            if not offer_recovery(damage):
                lock.release()
                return None
        if path.exists():
            try:
                backup_if_changed(path, reason="start")
            except UserError as exc:  # the program still opens; the user knows copies are not being made
                log.error("start backup failed: %s", exc)
                QMessageBox.warning(None, APP_NAME, f"Резервная копия при запуске не сделана.\n{exc}")
    except BaseException:
        lock.release()
        raise
    return lock
