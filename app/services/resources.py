"""Where the program's own files are: the source tree in development, the bundle when frozen."""
from __future__ import annotations

import sys
from pathlib import Path


def install_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    """A file under `resources/` (indicator sets, templates, fonts, icons)."""
    return install_root().joinpath("resources", *parts)


def migrations_path() -> Path:
    return install_root() / "migrations"
