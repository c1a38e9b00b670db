"""Background operations for real (not the inline mode other UI tests use): the work runs on the worker
thread, and its callbacks come back on the main thread, where widgets may be touched."""
from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from app.services.errors import UserError
from app.ui.operations import Operations, run_operation


def test_work_runs_off_the_main_thread_and_callbacks_on_it(qtbot):
    Operations.synchronous = False
    parent = QWidget()
    qtbot.addWidget(parent)
    main = threading.get_ident()
    seen: dict[str, int] = {}

    def work(progress, cancelled):
        seen["work"] = threading.get_ident()
        progress(1, 2)
        progress(2, 2)
        return 42

    def success(result):
        seen["success"] = threading.get_ident()
        seen["result"] = result

    run_operation(parent, work, title="Проверка…", on_success=success)
    qtbot.waitUntil(lambda: "success" in seen, timeout=5000)
    assert seen["work"] != main
    assert seen["success"] == main
    assert seen["result"] == 42


def test_failure_is_reported_on_the_main_thread(qtbot):
    Operations.synchronous = False
    parent = QWidget()
    qtbot.addWidget(parent)
    main = threading.get_ident()
    failures: list[tuple[int, str]] = []

    def work(progress, cancelled):
        raise UserError("Файл «x.xlsx» пуст.")

    run_operation(parent, work, title="Проверка…", on_failure=lambda exc: failures.append((threading.get_ident(), str(exc))))
    qtbot.waitUntil(lambda: bool(failures), timeout=5000)
    assert failures == [(main, "Файл «x.xlsx» пуст.")]
