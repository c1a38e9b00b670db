"""A newer request replaces an older one still running (`replaces=`): the older sees `cancelled()` turn
true and its result never reaches the page; `quiet=True` opens no progress window."""
from __future__ import annotations

import time

from PySide6.QtWidgets import QProgressDialog, QWidget

from app.services.progress import check_cancelled
from app.ui.operations import Operations, run_operation


def test_a_newer_request_cancels_the_older_one(qtbot):
    Operations.synchronous = False
    page = QWidget()
    qtbot.addWidget(page)
    shown: list[str] = []
    failures: list[BaseException] = []
    seen_cancel: list[bool] = []

    def slow(progress, cancelled):
        deadline = time.monotonic() + 5
        while not cancelled() and time.monotonic() < deadline:
            time.sleep(0.01)
        seen_cancel.append(cancelled())
        check_cancelled(cancelled)
        return "old"

    run_operation(page, slow, title="Подсчёт…", on_success=shown.append, on_failure=failures.append,
                  replaces=page, quiet=True)
    run_operation(page, lambda progress, cancelled: "new", title="Подсчёт…", on_success=shown.append,
                  on_failure=failures.append, replaces=page, quiet=True)
    qtbot.waitUntil(lambda: shown == ["new"], timeout=5000)
    qtbot.wait(50)
    assert shown == ["new"] and failures == [] and seen_cancel == [True]
    assert not any(isinstance(w, QProgressDialog) for w in page.findChildren(QWidget))


def test_requests_of_other_pages_do_not_cancel_each_other(qtbot):
    Operations.synchronous = False
    first, second = QWidget(), QWidget()
    qtbot.addWidget(first)
    qtbot.addWidget(second)
    shown: list[str] = []
    run_operation(first, lambda p, c: "first" if not c() else "cancelled", title="…", on_success=shown.append,
                  replaces=first, quiet=True)
    run_operation(second, lambda p, c: "second", title="…", on_success=shown.append, replaces=second, quiet=True)
    qtbot.waitUntil(lambda: len(shown) == 2, timeout=5000)
    assert sorted(shown) == ["first", "second"]
