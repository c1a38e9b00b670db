"""Write resources/templates/indicator_report.xlsx, the program's own form of the indicator report.

Run after changing app/services/reports/default_form.build_template:
    /work/venv/bin/python tools/make_report_template.py"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.services.reports.default_form import build_template, template_path  # noqa: E402

if __name__ == "__main__":
    build_template(template_path())
    print(template_path())
