"""A backup every SCHEDULE_MINUTES while the program runs, when the data changed since the last copy."""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, QTimer

from app.services.backups import SCHEDULE_MINUTES, backup_if_changed
from app.ui.operations import run_operation

log = logging.getLogger(__name__)


class BackupSchedule(QObject):
    def __init__(self, ctx, parent: QObject | None = None, *, minutes: int = SCHEDULE_MINUTES):
        super().__init__(parent)
        self.ctx = ctx
        self.timer = QTimer(self)
        self.timer.setInterval(minutes * 60_000)
        self.timer.timeout.connect(self.run_now)
        self.timer.start()
        self._warned = False

    def run_now(self) -> None:
        database = self.ctx.database
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
