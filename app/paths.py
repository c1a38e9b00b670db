"""Where the school's data lives on this computer. Entry layers (GUI, CLI) resolve it and pass it down.

`PROFTRACK_HOME` overrides the folder (tests, portable installs); otherwise Qt's AppDataLocation.
"""
from __future__ import annotations

import os
from pathlib import Path

DATABASE_FILE = "proftrack.db"
DEMO_DATABASE_FILE = "demo.db"


def data_dir() -> Path:
    override = os.environ.get("PROFTRACK_HOME")
    if override:
        folder = Path(override)
    else:
        from PySide6.QtCore import QCoreApplication, QStandardPaths

        from app import APP_ID
        if not QCoreApplication.applicationName():
            QCoreApplication.setOrganizationName(APP_ID)
            QCoreApplication.setApplicationName(APP_ID)
        folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def default_database() -> Path:
    return data_dir() / DATABASE_FILE


def demo_database() -> Path:
    return data_dir() / DEMO_DATABASE_FILE


def log_dir() -> Path:
    folder = data_dir() / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
