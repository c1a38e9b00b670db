"""Backup copies of the school's database, taken with SQLite's online backup API so that a copy is
consistent even while the program writes. Each copy is opened and checked after it is written."""
from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from app.services.db import Database
from app.services.errors import UserError


def backup_folder(database: Database) -> Path:
    """`backups/` beside the database file."""
    if database.path is None:
        raise UserError("Резервная копия базы в памяти невозможна.")
    folder = database.path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def verify_copy(path: Path) -> None:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        result = con.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        con.close()
    if result != "ok":
        raise UserError(f"Резервная копия «{path.name}» записана с ошибкой ({result}). Проверьте диск.")


def copy_database(database: Database, target: Path) -> Path:
    """Write a consistent, checked copy of the database to `target`."""
    if database.path is None:
        raise UserError("Резервная копия базы в памяти невозможна.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    src = sqlite3.connect(str(database.path))
    try:
        dst = sqlite3.connect(str(partial))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    verify_copy(partial)
    partial.replace(target)
    return target


def take_backup(database: Database, *, reason: str, folder: Path | None = None) -> Path:
    """A checked copy named by time and reason («before-import», «before-rollover»…)."""
    stamp = dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
    name = f"{database.path.stem if database.path else 'db'}_{stamp}_{reason}.db"
    return copy_database(database, (folder or backup_folder(database)) / name)
