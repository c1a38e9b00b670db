"""One log file per data folder. Tracebacks go there, never to the user's screen."""
from __future__ import annotations

import logging
from pathlib import Path

from app.paths import log_dir

_configured = False

MAX_BYTES = 2_000_000
BACKUPS = 3


class _LogFile(logging.Handler):
    """The rotating log file, opened with the first record. Configured before the main window paints, so that
    nothing logged from the very start is lost, but `logging.handlers` (with the socket, pickle and queue
    modules it loads) is not needed to paint the window, and most starts log nothing before it."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path
        self._file: logging.Handler | None = None

    def emit(self, record: logging.LogRecord) -> None:
        # Handler.handle holds this handler's lock around emit: the file is opened once, whichever thread logs.
        if self._file is None:
            try:
                from logging.handlers import RotatingFileHandler
                self._file = RotatingFileHandler(self.path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
            except Exception:
                self.handleError(record)
                return
            self._file.setFormatter(self.formatter)
        self._file.emit(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def configure_logging() -> None:
    global _configured
    if _configured:
        return
    handler = _LogFile(log_dir() / "proftrack.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _configured = True
