"""Resolve "module:callable" names used by the section and tab registries."""
from __future__ import annotations

import importlib
from collections.abc import Callable


def load_factory(name: str) -> Callable:
    module_name, _, attr = name.partition(":")
    return getattr(importlib.import_module(module_name), attr)
