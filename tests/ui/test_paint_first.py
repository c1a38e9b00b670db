"""The main window paints before the database layer is even loaded: a fresh program process, at the
first paint of its window, has not imported SQLAlchemy, and the school fills the same window after."""
from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from app.services.demo.build import build_demo

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import sys
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from app.ui.app import create_application, open_program

app = create_application()
program = open_program(Path(sys.argv[1]), settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
seen = []

class Spy(QObject):
    def eventFilter(self, obj, event):
        if not seen and event.type() == QEvent.Type.Paint and obj.isWidgetType() and obj.window() is program.window:
            seen.append(("sqlalchemy" in sys.modules, program.database is None))
        return False

spy = Spy()
app.installEventFilter(spy)
program.ready.connect(lambda: QTimer.singleShot(0, app.quit))
QTimer.singleShot(20000, app.quit)
app.exec()
title = program.window.windowTitle()
program.close()
print(seen[0][0], seen[0][1], program.is_ready, title)
"""


def test_the_window_paints_before_the_database_layer_loads(database, db_path, tmp_path):
    build_demo(database, students=300, today=dt.date(2026, 12, 1))
    database.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT),
           "PROFTRACK_HOME": str(tmp_path / "home")}
    out = subprocess.run([sys.executable, "-c", PROBE, str(db_path), str(tmp_path / "settings.ini")], env=env,
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    loaded_at_paint, no_database_at_paint, ready, title = out.stdout.strip().splitlines()[-1].split(" ", 3)
    assert (loaded_at_paint, no_database_at_paint, ready) == ("False", "True", "True")
    assert "МАОУ СОШ № 7" in title
