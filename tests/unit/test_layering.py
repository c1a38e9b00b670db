"""The house rule: app/services and app/models never import Qt (checked on the syntax tree, so an
import inside a function counts too)."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

APP = Path(__file__).resolve().parents[2] / "app"


def qt_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        found += [n for n in names if n.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}]
        found += [n for n in names if n.startswith("app.ui")]
    return found


@pytest.mark.parametrize("layer", ["services", "models"])
def test_lower_layers_import_no_qt(layer):
    offenders = {str(p.relative_to(APP)): qt_imports(p) for p in (APP / layer).rglob("*.py")}
    offenders = {k: v for k, v in offenders.items() if v}
    assert offenders == {}


def test_checker_sees_nested_imports(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert qt_imports(probe) == ["PySide6.QtCore"]
