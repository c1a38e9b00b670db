"""Long work off the UI thread, one way for every page (in the spirit of Anki's operations).

    run_operation(parent, lambda progress, cancelled: service(..., progress=progress, cancelled=cancelled),
                  title="Загрузка списка…", on_success=show_summary)

`fn` runs on a single database worker thread (SQLite has one writer anyway) and never touches widgets;
callbacks run on the main thread. A UserError becomes a plain message; anything else is logged and the
user is told without a traceback. Tests set `Operations.synchronous = True` to run work inline.
"""
from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.services.errors import UserError

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, int], None]
CancelledFn = Callable[[], bool]
INTERNAL_ERROR = ("Внутренняя ошибка программы. Данные не изменены.\n"
                  "Подробности записаны в журнал (папка logs в папке данных ПрофТрека).")


class Operations:
    synchronous = False
    _pool: QThreadPool | None = None

    @classmethod
    def pool(cls) -> QThreadPool:
        if cls._pool is None:
            cls._pool = QThreadPool()
            cls._pool.setMaxThreadCount(1)
        return cls._pool


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[ProgressFn, CancelledFn], Any], signals: _Signals, cancel: threading.Event):
        super().__init__()
        self.fn, self.signals, self.cancel = fn, signals, cancel
        self._last_emit = 0.0

    def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_emit > 0.05 or done >= total:  # throttled: the UI need not see every row
            self._last_emit = now
            self.signals.progress.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self._progress, self.cancel.is_set)
        except BaseException as exc:  # noqa: BLE001 - reported on the main thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class _Receiver(QObject):
    """Runs an operation's callbacks on the main thread, where it was created."""

    done = Signal()

    def __init__(self, dialog: QProgressDialog, on_success, on_failure):
        super().__init__()
        self.dialog, self.on_success, self.on_failure = dialog, on_success, on_failure

    @Slot(int, int)
    def progress(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(min(done, total))

    def _close(self) -> None:
        self.dialog.reset()
        self.dialog.deleteLater()
        self.done.emit()

    @Slot(object)
    def finished(self, result: Any) -> None:
        self._close()
        if self.on_success:
            self.on_success(result)

    @Slot(object)
    def failed(self, exc: BaseException) -> None:
        self._close()
        self.on_failure(exc)


# Receivers of operations under way, kept alive until their operation ends.
_running: set[_Receiver] = set()


def show_error(parent: QWidget | None, exc: BaseException, *, title: str = "ПрофТрек") -> None:
    from app.services.storage.failures import known_failure
    known = known_failure(exc)   # locked, disk full, damaged file: said in their own words
    if known is not None:
        QMessageBox.warning(parent, title, str(known))
    else:
        log.error("operation failed: %s", getattr(exc, "__traceback_text__", repr(exc)))
        QMessageBox.critical(parent, title, INTERNAL_ERROR)


def run_operation(parent: QWidget | None, fn: Callable[[ProgressFn, CancelledFn], Any], *, title: str,
                  on_success: Callable[[Any], None] | None = None,
                  on_failure: Callable[[BaseException], None] | None = None,
                  cancellable: bool = False) -> None:
    """Run `fn(progress, cancelled)` in the background with a progress dialog."""
    failure = on_failure or (lambda exc: show_error(parent, exc, title=title))
    if Operations.synchronous:
        try:
            result = fn(lambda d, t: None, lambda: False)
        except BaseException as exc:  # noqa: BLE001
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            failure(exc)
        else:
            if on_success:
                on_success(result)
        return
    cancel = threading.Event()
    dialog = QProgressDialog(title, "Отмена" if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle("ПрофТрек")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    if not cancellable:
        dialog.setCancelButton(None)
    dialog.canceled.connect(cancel.set)
    signals = _Signals()
    # The receiver lives on the main thread, so Qt queues the worker's signals to it: a plain Python
    # function connected instead would be called on the worker thread and touch widgets from there.
    receiver = _Receiver(dialog, on_success, failure)
    signals.progress.connect(receiver.progress)
    signals.finished.connect(receiver.finished)
    signals.failed.connect(receiver.failed)
    _running.add(receiver)
    receiver.done.connect(lambda: (_running.discard(receiver), signals.deleteLater()))
    Operations.pool().start(_Runnable(fn, signals, cancel))
