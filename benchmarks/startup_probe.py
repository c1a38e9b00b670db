"""Started as a fresh process by bench_startup.py: opens a window and prints the wall-clock time
(time.time()) at which the window's first paint is done, then quits.

The same watch for both: a filter on the window itself, whose own Paint event opens its first paint pass (the
window is painted before its children); the time is taken at the next turn of the event loop, when the pass
has painted every child and put the frame on screen. Not an application-wide filter: that would hand every
event of every object to Python, a cost of the measurement that grows with the window (and makes PySide6
build the types of Qt's private objects), not a cost of starting the program.

    python benchmarks/startup_probe.py proftrack DB_PATH SETTINGS_FOLDER   # the program's own start-up path
    python benchmarks/startup_probe.py bare                                # a bare PySide6 main window
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def _report_first_paint(app, window) -> None:
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        done = False

        def eventFilter(self, obj, event):  # noqa: N802 - Qt's name
            if not self.done and event.type() == QEvent.Type.Paint:
                self.done = True
                QTimer.singleShot(0, painted)
            return False

    def painted() -> None:
        print(f"{time.time():.6f}", flush=True)
        app.quit()

    spy = FirstPaint()
    window.installEventFilter(spy)
    app._first_paint_spy = spy  # kept alive until the loop ends


def bare() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1200, 760)
    window.setWindowTitle("PySide6")
    _report_first_paint(app, window)
    window.show()
    app.exec()


def proftrack(db_path: str, settings_folder: str) -> None:
    # `python main.py --db PATH` step by step (app.cli.main.run, then app.ui.app.run_gui), with QSettings'
    # defaults in a folder of the benchmark's own instead of the user's.
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, settings_folder)
    from app.cli.main import window_arguments
    from app.ui.app import start_gui

    args = window_arguments(["--db", db_path])
    program = start_gui(db_path=args.db, demo=args.demo)
    if isinstance(program, int):
        raise SystemExit(f"the program did not open its window (exit code {program})")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    _report_first_paint(app, program.window)
    app.exec()
    program.close()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        proftrack(sys.argv[2], sys.argv[3])
