"""One module a command (or group). Each defines `register(subparsers)`; they are found by name,
so adding a command never touches a shared list."""
from __future__ import annotations

import importlib
import pkgutil


def command_modules() -> list:
    return [importlib.import_module(f"{__name__}.{m.name}")
            for m in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name) if not m.name.startswith("_")]
