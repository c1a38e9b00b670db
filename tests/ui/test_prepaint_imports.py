"""What `main.py` loads before its main window first paints: the frame's own modules and nothing of the
database layer, the pages, the command line's parser, the log file's handlers or PySide6's `Qt` namespace
(issue 18: the start-up is measured against a bare PySide6 window). Checked on the real entry point in a
fresh process, at the first paint of the window, with a check that the check sees a module loaded early."""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from app.services.demo.build import build_demo
from app.ui.main_window import LOADING_TEXT, MainWindow

ROOT = Path(__file__).resolve().parents[2]

# Every module of the program the frame needs, and why: the entry point and its arguments, the data folder
# and the log, the lock (with the network-share refusal and the errors it raises), Qt's Russian texts, the
# window with its sidebar and page area. A new module before the paint is start-up time for every user:
# add it here only if the frame cannot paint without it.
FRAME_MODULES = frozenset({
    "app", "app.paths", "app.logging_setup",
    "app.cli", "app.cli.main", "app.cli.context",
    "app.services", "app.services.errors", "app.services.progress", "app.services.resources",
    "app.services.storage", "app.services.storage.instance_lock", "app.services.storage.location",
    "app.ui", "app.ui.app", "app.ui.startup", "app.ui.translations", "app.ui.server_connection",
    "app.ui.main_window", "app.ui.loader", "app.ui.sections", "app.ui.widgets", "app.ui.widgets.page_stack",
})
LIBRARIES_NOT_BEFORE_THE_PAINT = ("sqlalchemy", "alembic")
MODULES_NOT_BEFORE_THE_PAINT = ("logging.handlers",)

# Runs main.py as `python main.py ARGS` does, after one hook: when the program enters its event loop (the main
# window shown, not yet painted), a filter on each window notes the modules at the window's first paint.
_DRIVER = r"""
import json, runpy, sys
settings_folder, early, args = sys.argv[1], sys.argv[2], sys.argv[3:]
if early:
    __import__(early)   # the check of the check: a module loaded before the paint must be seen
import PySide6.QtCore as QtCore
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer
from PySide6.QtWidgets import QApplication

QSettings.setDefaultFormat(QSettings.Format.IniFormat)   # not the user's own preferences
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_folder)
seen = {}


class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if not seen and event.type() == QEvent.Type.Paint:
            seen.update(modules=sorted(sys.modules), qt_namespace="Qt" in vars(QtCore), window=type(obj).__name__)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False


spy = FirstPaint()
program_exec = QApplication.exec


def exec_watched(app):
    for window in app.topLevelWidgets():
        window.installEventFilter(spy)
    return program_exec()


QApplication.exec = exec_watched
sys.argv = ["main.py", *args]
try:
    runpy.run_path("main.py", run_name="__main__")
except SystemExit:
    pass
print(json.dumps(seen))
"""


def loaded_at_first_paint(home: Path, args: list[str], *, early: str = "") -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "PROFTRACK_HOME": str(home)}
    out = subprocess.run([sys.executable, "-c", _DRIVER, str(home / "qsettings"), early, *args], env=env,
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen, "the main window never painted: " + out.stderr[-2000:]
    return seen


def too_early(seen: dict) -> list[str]:
    """What the frame did not need: program modules beyond its own, the libraries it must not load, `Qt`."""
    modules = seen["modules"]
    found = [m for m in modules if (m == "app" or m.startswith("app.")) and m not in FRAME_MODULES]
    found += [m for m in modules if m.split(".")[0] in LIBRARIES_NOT_BEFORE_THE_PAINT
              or m in MODULES_NOT_BEFORE_THE_PAINT]
    if seen["qt_namespace"]:
        found.append("PySide6.QtCore.Qt (the namespace's enums)")
    return found


def test_the_main_window_paints_with_only_the_frames_modules(database, db_path, tmp_path):
    build_demo(database, students=300, today=dt.date(2026, 12, 1))   # opens without signing in
    database.dispose()
    home = tmp_path / "home"
    home.mkdir()
    shutil.copyfile(db_path, home / "proftrack.db")   # the school a start without arguments opens
    for args in (["--db", str(db_path)], []):
        seen = loaded_at_first_paint(home, args)
        assert seen["window"] == "MainWindow", args
        assert too_early(seen) == [], args
    # The check of the check: a module loaded before the paint is reported.
    seen = loaded_at_first_paint(home, ["--db", str(db_path)], early="sqlalchemy")
    assert "sqlalchemy" in too_early(seen)


def test_the_frame_shows_loading_centred_without_the_qt_namespace(qtbot, qsettings):
    frame = MainWindow(None, settings=qsettings)
    qtbot.addWidget(frame)
    frame.show()
    assert frame.loading.text() == LOADING_TEXT and frame.stack.currentWidget() is frame.loading
    assert frame.loading.alignment() == Qt.AlignmentFlag.AlignCenter
    assert not frame.sidebar.isEnabled() and frame.new_year_action is None
