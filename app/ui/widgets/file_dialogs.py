"""Open and save dialogs that start in the user's Documents folder and then remember, for each kind of file
(roster, report, roadmap, backup…), the folder the user last chose. The folders are the user's preference,
kept in QSettings, not in the school's database."""
from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

_KEY = "file_dialogs/{kind}"


def documents_folder() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    path = Path(found) if found else Path.home()
    return path if path.is_dir() else Path.home()


def start_folder(kind: str, *, settings: QSettings | None = None) -> Path:
    """The last folder used for this kind of file, while it still exists; else Documents."""
    value = (settings or QSettings()).value(_KEY.format(kind=kind))
    if value and Path(str(value)).is_dir():
        return Path(str(value))
    return documents_folder()


def remember_folder(kind: str, chosen: str | os.PathLike, *, settings: QSettings | None = None) -> None:
    path = Path(chosen)
    folder = path if path.is_dir() else path.parent
    (settings or QSettings()).setValue(_KEY.format(kind=kind), str(folder))


def ask_open_file(parent: QWidget | None, title: str, file_filter: str, *, kind: str) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder(kind)), file_filter)
    if not name:
        return None
    remember_folder(kind, name)
    return Path(name)


def ask_save_file(parent: QWidget | None, title: str, suggested_name: str, file_filter: str, *, kind: str,
                  suffix: str = "") -> Path | None:
    """The path to write, with `suffix` added when the user typed a name without it."""
    name, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder(kind) / suggested_name), file_filter)
    if not name:
        return None
    remember_folder(kind, name)
    if suffix and not name.lower().endswith(suffix.lower()):
        name += suffix
    return Path(name)


def ask_folder(parent: QWidget | None, title: str, *, kind: str) -> Path | None:
    name = QFileDialog.getExistingDirectory(parent, title, str(start_folder(kind)))
    if not name:
        return None
    remember_folder(kind, name)
    return Path(name)
