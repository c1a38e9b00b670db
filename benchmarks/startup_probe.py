"""Started as a fresh process by bench_startup.py: opens a window and prints the wall-clock time
(time.time()) at which the window's first Paint event arrives, then quits.

    python benchmarks/startup_probe.py proftrack DB_PATH   # the program's own start-up path
    python benchmarks/startup_probe.py bare                # a bare PySide6 main window, for comparison
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
            if (not self.done and event.type() == QEvent.Type.Paint and obj.isWidgetType()
                    and obj.window() is window):
                self.done = True
                print(f"{time.time():.6f}", flush=True)
                QTimer.singleShot(0, app.quit)
            return False

    spy = FirstPaint()
    app.installEventFilter(spy)
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


def proftrack(db_path: str, settings_file: str) -> None:
    # The same steps as `python main.py --db PATH`: the parser, the application, logging, the window.
    from app.cli.main import parse_arguments

    args = parse_arguments(["--db", db_path])
    from PySide6.QtCore import QSettings

    from app.logging_setup import configure_logging
    from app.ui.app import create_application, open_program

    app = create_application()
    configure_logging()
    program = open_program(Path(args.db), settings=QSettings(settings_file, QSettings.Format.IniFormat))
    _report_first_paint(app, program.window)
    app.exec()
    program.close()


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        proftrack(sys.argv[2], sys.argv[3])
