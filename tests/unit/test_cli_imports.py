"""Every command module is imported for any command (argparse needs all the subparsers), so none may import
reportlab, python-docx, openpyxl or Qt at module level: `info` would pay for them. Checked in a fresh
interpreter, with a check that the check itself sees such an import."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HEAVY = ("reportlab", "docx", "openpyxl", "PySide6")
ROOT = Path(__file__).resolve().parents[2]

_PROBE = """
import json, sys
extra = sys.argv[1]
import app.cli.commands
if extra:
    app.cli.commands.__path__.append(extra)     # one more command module, for the check of the check
import app.cli.main
app.cli.main.build_parser()
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules} & set(sys.argv[2:]))))
"""


def heavy_modules_after_building_the_parser(extra_commands: Path | None = None) -> list[str]:
    done = subprocess.run([sys.executable, "-c", _PROBE, str(extra_commands or ""), *HEAVY], cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_building_the_parser_imports_no_heavy_library():
    assert heavy_modules_after_building_the_parser() == []


def test_the_check_sees_a_command_that_imports_a_heavy_library(tmp_path):
    (tmp_path / "zz_heavy.py").write_text("import openpyxl\n\ndef register(subparsers):\n"
                                          "    subparsers.add_parser('zz-heavy')\n", encoding="utf-8")
    assert heavy_modules_after_building_the_parser(tmp_path) == ["openpyxl"]


def test_command_modules_do_not_import_the_services_that_write_files():
    """import-roadmap and export-roadmap reach the DOCX/XLSX reader and the PDF writer only when they run."""
    done = subprocess.run([sys.executable, "-c", "import sys, app.cli.main; app.cli.main.build_parser(); "
                           "print(' '.join(sorted(m for m in sys.modules if m.startswith('app.services.roadmap.operations'))))"],
                          cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    loaded = done.stdout.split()
    assert "app.services.roadmap.file_import" not in loaded and "app.services.roadmap.printing" not in loaded
