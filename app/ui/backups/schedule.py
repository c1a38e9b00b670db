"""A backup every SCHEDULE_MINUTES while the program runs and one when it closes, each only when the
data changed since the last copy."""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QObject, QTimer

from app.services.storage.backups import SCHEDULE_MINUTES, backup_if_changed
from app.ui.operations import run_operation

log = logging.getLogger(__name__)


class BackupSchedule(QObject):
    def __init__(self, database, parent: QObject | None = None, *, minutes: int = SCHEDULE_MINUTES):
        super().__init__(parent)
        self.database = database
        self.timer = QTimer(self)
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(self.run_now)
        self.timer.start()
        self._warned = False
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.at_close)

    def at_close(self) -> None:
        """The last work of the day is copied before the program ends (quick: a few MB at most)."""
        self.timer.stop()
        try:
            backup_if_changed(self.database, reason="close")
        except Exception:  # noqa: BLE001 - closing must never fail; the next start copies again
            log.exception("backup at close failed")

    def run_now(self) -> None:
        database = self.database
        run_operation(None, lambda _p, _c: backup_if_changed(database, reason="scheduled"),
                      title="Резервное копирование…", on_success=self._done, on_failure=self._failed)

    def _done(self, path) -> None:
        if path is not None:
            log.info("scheduled backup %s", path)

    def _failed(self, exc: BaseException) -> None:
        # Work goes on; the user is told once (a full disk or a removed folder should not nag every hour).
        log.error("scheduled backup failed: %s", exc)
        if not self._warned:
            self._warned = True
            from app.ui.operations import show_error
            show_error(None, exc, title="Резервное копирование")
