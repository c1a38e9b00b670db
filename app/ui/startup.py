"""Before the main window opens on a database: refuse a network share, take the one-program lock,
check the file (offering the newest good backup when it is damaged) and back it up if it changed.
Migration (with its own backup) follows in `open_database`."""
from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from app import APP_NAME
from app.services.storage.backups import backup_if_changed
from app.services.storage.instance_lock import DatabaseInUse, InstanceLock
from app.services.storage.integrity import check_at_start
from app.services.storage.location import refuse_network_location
from app.ui.operations import Operation

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
        damage = check_at_start(path)
        if damage is not None:
            from app.ui.backups.recovery_dialog import offer_recovery
            if not offer_recovery(damage):
                lock.release()
                return None
        if path.exists():
            # The program still opens when the copy fails; the user knows copies are not being made.
            Operation(None, lambda _p, _c: backup_if_changed(path, reason="start"), title=APP_NAME) \
                .refusal_shown_in(_start_backup_failed).run_now()
    except BaseException:
        lock.release()
        raise
    return lock


def _start_backup_failed(message: str) -> None:
    log.error("start backup failed: %s", message)
    QMessageBox.warning(None, APP_NAME, f"Резервная копия при запуске не сделана.\n{message}")
