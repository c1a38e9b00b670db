"""Before the main window opens on a database: refuse a network share, take the one-program lock,
check the file (offering the newest good backup when it is damaged) and back it up if it changed —
one quick check for both (start_checks.py).
Migration (with its own backup) follows in `open_database`.

The program takes the lock before its window paints (`take_lock`, no database layer needed) and runs
the check and the start copy after it, off the window's thread (`check_and_back_up`), then settles what
they found (`settle_start_check`): the user hears only of a damage or a failed copy.
`prepare_database` does all three in a row."""
from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from app import APP_NAME
from app.services.storage.instance_lock import DatabaseInUse, InstanceLock
from app.services.storage.location import refuse_network_location

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)


def take_lock(path: Path) -> InstanceLock | None:
    """The held lock when the program may go on with `path`; None when the program already open on
    this computer was brought forward instead. Raises UserError (network share, database open elsewhere)."""
    refuse_network_location(path)
    try:
        return InstanceLock(path).acquire()
    except DatabaseInUse:
        from app.ui.single_instance import ask_first_window_forward
        if ask_first_window_forward(path):
            return None
        raise


def settle_start_check(found, parent: QWidget | None = None) -> bool:
    """Act on what the start check found (storage.start_checks.StartCheck): offer the newest good copy
    for a damaged file, warn when the copy failed. False when the user chose to quit."""
    if found.damage is not None:
        from app.ui.backups.recovery_dialog import offer_recovery
        return offer_recovery(found.damage, parent)
    if found.backup_error is not None:  # the program still opens; the user knows copies are not being made
        from PySide6.QtWidgets import QMessageBox
        log.error("start backup failed: %s", found.backup_error)
        QMessageBox.warning(parent, APP_NAME, f"Резервная копия при запуске не сделана.\n{found.backup_error}")
    return True


def prepare_database(path: Path) -> InstanceLock | None:
    """`take_lock`, the start check and copy, and their outcome, in a row: the held lock, or None when
    there is nothing more to do (the user chose to quit, or another window was brought forward)."""
    from app.services.storage.start_checks import check_and_back_up

    lock = take_lock(path)
    if lock is None:
        return None
    try:
        if not settle_start_check(check_and_back_up(path)):
            lock.release()
            return None
    except BaseException:
        lock.release()
        raise
    return lock

