"""The house rules, checked by tests/tools/layout.py (which anyone can run: `python -m tests.tools.layout`):
no Qt below app/ui, no ORM in app/ui, at most ten top-level service modules, feature packages import only
the packages below them. Each rule is also shown to catch a breach in a small tree made for it."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from app.services import settings
from tests.tools import layout

ROOT = Path(__file__).resolve().parents[2]


def test_the_house_keeps_its_rules():
    assert [str(p) for p in layout.problems()] == []


def test_the_layout_command_prints_the_packages_and_succeeds():
    done = subprocess.run([sys.executable, "-m", "tests.tools.layout"], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "storage/:" in done.stdout and "Устройство в порядке." in done.stdout


def _tree(tmp_path: Path, files: dict[str, str]) -> Path:
    app = tmp_path / "app"
    for rel, text in files.items():
        path = app / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return app


@pytest.mark.parametrize(("files", "expected"), [
    ({"services/x.py": "def f():\n    from PySide6.QtCore import QObject\n"}, "no Qt below app/ui"),
    ({"models/x.py": "import PySide6\n"}, "no Qt below app/ui"),
    ({"ui/page.py": "from sqlalchemy import select\n"}, "reaches data through services only"),
    ({"ui/page.py": "def f():\n    from app.models import Student\n"}, "reaches data through services only"),
    ({"services/students/__init__.py": "", "services/reports/__init__.py": "",
      "services/students/x.py": "from app.services.reports.data import report_data\n"}, "which sits above it"),
    ({"services/students/__init__.py": "", "services/uow2.py": "from app.services.students import x\n"},
     "a shared top-level module imports the feature package students"),
    ({f"services/m{i}.py": "" for i in range(11)}, "modules at the top level"),
    ({"ui/page.py": "try:\n    save()\nexcept (OSError, errors.UserError) as exc:\n    warn(exc)\n"},
     "catches a UserError by hand"),
])
def test_each_rule_catches_a_breach(tmp_path, files, expected):
    found = [str(p) for p in layout.problems(_tree(tmp_path, files))]
    assert any(expected in p for p in found), found


def test_a_lower_package_may_be_imported(tmp_path):
    app = _tree(tmp_path, {"services/students/__init__.py": "", "services/reports/__init__.py": "",
                           "services/reports/x.py": "from app.services.students.y import z\n"})
    assert layout.problems(app) == []


def test_no_setting_key_is_written_twice():
    """A setting's key appears only in its declaration (app/services/settings.py)."""
    keys = {spec.key for spec in settings.ALL}
    found = {}
    for path in (ROOT / "app").rglob("*.py"):
        if path.name == "settings.py" and path.parent.name == "services":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in keys:
                found.setdefault(node.value, []).append(str(path.relative_to(ROOT)))
    assert found == {}
