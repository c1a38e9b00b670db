"""One log file per data folder. Tracebacks go there, never to the user's screen."""
from __future__ import annotations

import logging
import logging.handlers

from app.paths import log_dir

_configured = False


def configure_logging() -> None:
    global _configured
    if _configured:
        return
    handler = logging.handlers.RotatingFileHandler(log_dir() / "proftrack.log", maxBytes=2_000_000,
                                                   backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _configured = True
