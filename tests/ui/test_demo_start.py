"""`--demo` with no file yet: the demo school is built (with a progress window) and the main window opens on it
through the same function the program and the start-up benchmark use."""
from __future__ import annotations

import datetime as dt

import pytest

from app.services.calendar import start_year_of, year_title
from app.ui.app import build_demo_if_missing, open_program
from app.ui.main_window import DEMO_MARK


def test_demo_is_built_once_and_the_main_window_opens_on_it(qtbot, tmp_path, qsettings):
    path = tmp_path / "demo.db"
    build_demo_if_missing(path)
    assert path.exists()
    size = path.stat().st_size
    build_demo_if_missing(path)  # an existing demo is left as it is
    assert path.stat().st_size == size

    program = open_program(path, is_demo=True, settings=qsettings)
    try:
        frame = program.window
        qtbot.addWidget(frame)
        assert frame.isVisible() and frame.loading.isVisible()  # the frame first, the school after its paint
        assert program.database is None and not program.is_ready
        qtbot.waitUntil(lambda: program.is_ready, timeout=10000)
        window = program.window
        assert window is frame and not window.loading.isVisible()
        assert window.isVisible()
        assert "МАОУ СОШ № 7" in window.windowTitle() and DEMO_MARK in window.windowTitle()
        assert window.year_box.count() == 2 and window.year_box.currentText() == year_title(start_year_of(dt.date.today()))
    finally:
        program.close()


def test_a_failed_build_leaves_no_half_built_file(qtbot, tmp_path, monkeypatch):
    import app.services.demo.build as demo

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo, "build_demo", fail)
    path = tmp_path / "demo.db"
    with pytest.raises(RuntimeError):
        build_demo_if_missing(path)
    assert not path.exists()


def test_the_demo_is_built_off_the_window_thread_and_can_be_cancelled(qtbot, tmp_path, monkeypatch):
    import threading

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    import app.services.demo.build as demo
    from app.services.progress import OperationCancelled
    from app.ui.operations import Operations

    Operations.synchronous = False
    real_build, threads = demo.build_demo, []

    def build(*args, **kwargs):
        threads.append(threading.get_ident())
        return real_build(*args, **kwargs)

    monkeypatch.setattr(demo, "build_demo", build)
    path = tmp_path / "demo.db"

    def press_cancel() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
        if not dialogs:
            QTimer.singleShot(10, press_cancel)
            return
        dialogs[0].findChild(QPushButton).click()

    QTimer.singleShot(0, press_cancel)
    with pytest.raises(OperationCancelled):
        build_demo_if_missing(path)
    assert threads and threads[0] != threading.get_ident()
    assert not path.exists()


def test_the_demo_lock_is_taken_before_the_demo_is_built(qtbot, tmp_path, monkeypatch):
    # Two windows started at once on a computer with no data: the second finds the first's lock and never
    # builds into the same file at the same time.
    import app.services.demo.build as demo
    import app.ui.single_instance as single_instance
    from app.services.storage.instance_lock import DatabaseInUse, InstanceLock
    from app.ui.app import demo_with_lock

    path = tmp_path / "demo.db"
    real_build = demo.build_demo
    first = InstanceLock(path).acquire()
    monkeypatch.setattr(single_instance, "ask_first_window_forward", lambda *_a, **_k: False)
    built = []
    monkeypatch.setattr(demo, "build_demo", lambda *a, **k: built.append(a))
    try:
        with pytest.raises(DatabaseInUse):
            demo_with_lock(path)
    finally:
        first.release()
    assert built == [] and not path.exists()

    # A failed build lets the lock go; a good one keeps it for the window.
    monkeypatch.setattr(demo, "build_demo", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("disk full")))
    with pytest.raises(RuntimeError):
        demo_with_lock(path)
    InstanceLock(path).acquire().release()
    monkeypatch.setattr(demo, "build_demo", real_build)
    lock = demo_with_lock(path)
    try:
        assert lock.held and path.exists()
        with pytest.raises(DatabaseInUse):
            InstanceLock(path).acquire()
    finally:
        lock.release()
