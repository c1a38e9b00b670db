"""One way from a window to a service (in the spirit of Anki's operations): every call that reads or
writes data goes through an `Operation`.

    Operation(self, lambda progress, cancelled: import_roster(..., progress=progress, cancelled=cancelled),
              title="Загрузка списка…", cancellable=True).on_success(show_summary).run_in_background()
    if done := run_quick(self, lambda: save_student(self.ctx.uow(), details, start_year=year)):
        self.accept()

Long work runs on a single database worker thread (SQLite has one writer anyway) and never touches widgets;
callbacks run on the main thread. Quick calls run at once on the window's thread (`run_now`/`run_quick`).
Either way a UserError becomes the Russian message box, anything else is logged and the user is told
without a traceback, and when the operation ends the kinds of data its units of work committed are
announced through the page's AppContext (`changed`), so every page showing them refreshes. Tests set
`Operations.synchronous = True` to run background work inline.

A page that reloads what it shows passes `replaces=self`: a newer request cancels the older one (its
`cancelled()` turns true and its result is dropped), and `quiet=True` shows no progress window — the
page shows its own «Загрузка…» state and the window stays usable.
"""
from __future__ import annotations

import logging
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtCore import QEventLoop, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from app.services.errors import UserError
from app.services.progress import CancelledFn, OperationCancelled, ProgressFn
if TYPE_CHECKING:  # not at run time: the window's frame paints before the database layer is imported
    from app.services.uow import Changes
    from app.ui.context import AppContext

log = logging.getLogger(__name__)

T = TypeVar("T")
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
    def __init__(self, fn: Callable[[ProgressFn, CancelledFn], Any], signals: _Signals, cancelled: CancelledFn):
        super().__init__()
        self.fn, self.signals, self.cancelled = fn, signals, cancelled
        self._last_emit = 0.0

    def _progress(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last_emit > 0.05 or done >= total:  # throttled: the UI need not see every row
            self._last_emit = now
            self.signals.progress.emit(done, total)

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self._progress, self.cancelled)
        except BaseException as exc:  # noqa: BLE001 - reported on the main thread
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(exc)
        else:
            self.signals.finished.emit(result)


class _Receiver(QObject):
    """Brings a background operation's end back to the main thread, where it was created."""

    done = Signal()

    def __init__(self, dialog: QProgressDialog | None, operation: Operation):
        super().__init__()
        self.dialog, self.operation = dialog, operation

    @Slot(int, int)
    def progress(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 1))
            self.dialog.setValue(min(done, total))

    @Slot(object)
    def finished(self, result: Any) -> None:
        self._end(Outcome(True, result))

    @Slot(object)
    def failed(self, exc: BaseException) -> None:
        self._end(Outcome(False, error=exc))

    def _end(self, outcome: Outcome) -> None:
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.deleteLater()
        try:
            self.operation._finish(outcome)
        finally:
            self.done.emit()


# Receivers of operations under way, kept alive until their operation ends.
_running: set[_Receiver] = set()
# The newest operation of each `replaces` key: what a newer request with that key cancels.
_newest: dict[object, threading.Event] = {}


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """How an operation ended: true when it succeeded, with the service's result as `value`."""

    ok: bool
    value: T | None = None
    error: BaseException | None = None

    def __bool__(self) -> bool:
        return self.ok


def show_error(parent: QWidget | None, exc: BaseException, *, title: str = "ПрофТрек") -> None:
    from app.services.storage.failures import known_failure
    known = known_failure(exc)   # locked, disk full, damaged file: said in their own words
    if isinstance(exc, OperationCancelled):
        QMessageBox.information(parent, title, str(exc))
    elif known is not None:
        QMessageBox.warning(parent, title, str(known))
    else:
        log.error("operation failed: %s", getattr(exc, "__traceback_text__", repr(exc)))
        QMessageBox.critical(parent, title, INTERNAL_ERROR)


def context_of(widget: QObject | None) -> AppContext | None:
    """The AppContext a page or dialog was given (its own `ctx` or a parent's)."""
    from app.ui.context import AppContext   # here, not at the top: the frame paints before the database layer loads

    while widget is not None:
        ctx = getattr(widget, "ctx", None)
        if isinstance(ctx, AppContext):
            return ctx
        widget = widget.parent()
    return None


class Operation(Generic[T]):
    """One call from a window into the services: `fn(progress, cancelled)` and what to do when it ends."""

    def __init__(self, parent: QWidget | None, fn: Callable[[ProgressFn, CancelledFn], T], *,
                 title: str = "ПрофТрек", ctx: AppContext | None = None, cancellable: bool = False,
                 announces: Changes = frozenset(), replaces: object | None = None, quiet: bool = False):
        self.parent, self.fn, self.title, self.cancellable = parent, fn, title, cancellable
        self.replaces, self.quiet = replaces, quiet
        self.superseded = threading.Event()
        self.ctx = ctx if ctx is not None else context_of(parent)
        # Changes made outside any unit of work (a restored file): announced with what the units committed.
        self.announces = announces
        self._on_success: Callable[[T], None] | None = None
        self._on_failure: Callable[[BaseException], None] | None = None
        self._show_refusal: Callable[[str], None] | None = None
        self.outcome: Outcome[T] | None = None

    def on_success(self, callback: Callable[[T], None] | None) -> Operation[T]:
        self._on_success = callback
        return self

    def on_failure(self, callback: Callable[[BaseException], None] | None) -> Operation[T]:
        """Instead of the message box (e.g. a dialog that shows the problem in place)."""
        self._on_failure = callback
        return self

    def refusal_shown_in(self, show: Callable[[str], None]) -> Operation[T]:
        """A UserError's message goes to `show` (a form's own line, e.g. at login) instead of a message box;
        anything else still gets the box."""
        self._show_refusal = show
        return self

    def run_now(self) -> Outcome[T]:
        """On the window's thread, for quick calls whose result the window needs at once."""
        self._begin()
        try:
            outcome: Outcome[T] = Outcome(True, self.fn(_no_progress, _never_cancelled))
        except BaseException as exc:  # noqa: BLE001 - every failure becomes a message, never a traceback
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            outcome = Outcome(False, error=exc)
        self._finish(outcome)
        return outcome

    def run_in_background(self) -> None:
        """On the database worker with a progress window (and «Отмена» when cancellable)."""
        if Operations.synchronous:
            self.run_now()
            return
        self._start()

    def run_and_wait(self) -> Outcome[T]:
        """On the database worker, while the caller waits in a local event loop that keeps the progress
        window painted and «Отмена» working: for work the program cannot go on without, such as building
        the demo school before any window opens."""
        if Operations.synchronous:
            return self.run_now()
        loop = QEventLoop()
        self._start().done.connect(loop.quit)
        loop.exec()
        assert self.outcome is not None  # done is emitted only as the operation ends
        return self.outcome

    def _begin(self) -> None:
        if self.ctx is not None:
            self.ctx.operation_started()

    def _start(self) -> _Receiver:
        self._begin()
        cancel = threading.Event()
        if self.replaces is not None:
            older = _newest.get(self.replaces)
            if older is not None:
                older.set()
            _newest[self.replaces] = self.superseded
        dialog = None
        if not self.quiet:
            dialog = QProgressDialog(self.title, "Отмена" if self.cancellable else "", 0, 0, self.parent)
            dialog.setWindowTitle("ПрофТрек")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(400)
            if not self.cancellable:
                dialog.setCancelButton(None)
            dialog.canceled.connect(cancel.set)
        signals = _Signals()
        # The receiver lives on the main thread, so Qt queues the worker's signals to it: a plain Python
        # function connected instead would be called on the worker thread and touch widgets from there.
        receiver = _Receiver(dialog, self)
        signals.progress.connect(receiver.progress)
        signals.finished.connect(receiver.finished)
        signals.failed.connect(receiver.failed)
        _running.add(receiver)

        def done() -> None:
            _running.discard(receiver)
            signals.deleteLater()
            if self.replaces is not None and _newest.get(self.replaces) is self.superseded:
                del _newest[self.replaces]

        receiver.done.connect(done)
        superseded = self.superseded
        Operations.pool().start(_Runnable(self.fn, signals, lambda: cancel.is_set() or superseded.is_set()))
        return receiver

    def _finish(self, outcome: Outcome[T]) -> None:
        self.outcome = outcome
        # Announced first, failure included (an earlier unit of work may have committed): the pages are
        # current before a summary or an error box appears over them.
        if self.ctx is not None:
            self.ctx.operation_ended()
            self.ctx.announce_changes(self.announces)
        if self.superseded.is_set():
            return  # a newer request replaced this one: its result and its cancellation are nobody's news
        if outcome.ok:
            if self._on_success is not None:
                self._on_success(outcome.value)  # type: ignore[arg-type]
        elif self._on_failure is not None:
            self._on_failure(outcome.error)  # type: ignore[arg-type]
        elif self._show_refusal is not None and isinstance(outcome.error, UserError):
            self._show_refusal(str(outcome.error))
        else:
            show_error(self.parent, outcome.error, title=self.title)  # type: ignore[arg-type]


def _no_progress(_done: int, _total: int) -> None:
    pass


def _never_cancelled() -> bool:
    return False


def run_operation(parent: QWidget | None, fn: Callable[[ProgressFn, CancelledFn], Any], *, title: str,
                  on_success: Callable[[Any], None] | None = None,
                  on_failure: Callable[[BaseException], None] | None = None,
                  cancellable: bool = False, ctx: AppContext | None = None,
                  announces: Changes = frozenset(), replaces: object | None = None, quiet: bool = False) -> None:
    """Run `fn(progress, cancelled)` in the background with a progress dialog (none when `quiet`); a
    newer call with the same `replaces` key cancels this one (see the module docstring)."""
    Operation(parent, fn, title=title, ctx=ctx, cancellable=cancellable, announces=announces, replaces=replaces,
              quiet=quiet).on_success(on_success).on_failure(on_failure).run_in_background()


def run_quick(parent: QWidget | None, fn: Callable[[], T], *, title: str = "ПрофТрек",
              ctx: AppContext | None = None) -> Outcome[T]:
    """Run a quick `fn()` at once on the window's thread; a failure has already been shown when it returns."""
    return Operation(parent, lambda _progress, _cancelled: fn(), title=title, ctx=ctx).run_now()
