"""Background operations for real (not the inline mode other UI tests use): the work runs on the worker
thread, and its callbacks come back on the main thread, where widgets may be touched."""
from __future__ import annotations

import threading

import pytest
from PySide6.QtWidgets import QWidget

from app.services.errors import UserError
from app.services.uow import Change
from app.ui.operations import INTERNAL_ERROR, Operation, Operations, run_operation, run_quick


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


# --- the operation object: the message box, cancel, the inline mode --------------------------------

@pytest.fixture
def boxes(monkeypatch):
    """What the operation would have shown, by kind of box (no modal box may block a test)."""
    from app.ui import operations
    shown: list[tuple[str, str]] = []
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(operations.QMessageBox, kind,
                            lambda _parent, _title, text, *a, _kind=kind, **k: shown.append((_kind, text)))
    return shown


def test_a_user_error_becomes_the_russian_message_box_and_nothing_is_written(qtbot, app_context, boxes):
    from app.services.school.staff import StaffDetails, list_staff, save_staff

    parent = QWidget()
    parent.ctx = app_context
    qtbot.addWidget(parent)
    done = run_quick(parent, lambda: save_staff(app_context.uow(), StaffDetails(last_name="   ")))
    assert not done and isinstance(done.error, UserError)
    assert boxes == [("warning", str(done.error))] and "фамили" in str(done.error).lower()
    assert list_staff(app_context.uow()) == []


def test_a_defect_is_logged_and_the_user_told_without_a_traceback(qtbot, boxes, caplog):
    done = run_quick(None, lambda: {}["missing"])
    assert not done and isinstance(done.error, KeyError)
    assert boxes == [("critical", INTERNAL_ERROR)]
    assert "KeyError" in caplog.text


def test_cancel_stops_a_long_operation_and_nothing_is_written(qtbot, tmp_path, boxes):
    from PySide6.QtWidgets import QProgressDialog, QPushButton

    from app.services.demo.build import build_demo, database_has_data
    from app.services.progress import OperationCancelled
    from app.services.storage.migrations import open_database

    Operations.synchronous = False
    database = open_database(tmp_path / "demo.db")
    parent = QWidget()
    qtbot.addWidget(parent)
    ended: list[BaseException] = []
    progressed: list[int] = []
    operation = Operation(parent, lambda progress, cancelled: build_demo(
        database, students=3000, progress=lambda d, t: (progressed.append(d), progress(d, t)), cancelled=cancelled),
        title="Создаётся демонстрационная школа…", cancellable=True).on_failure(ended.append)
    operation.run_in_background()
    qtbot.waitUntil(lambda: bool(progressed), timeout=10000)
    cancel = parent.findChild(QProgressDialog).findChild(QPushButton)
    assert cancel.text() == "Отмена"
    cancel.click()
    qtbot.waitUntil(lambda: bool(ended), timeout=30000)
    try:
        assert isinstance(ended[0], OperationCancelled)
        assert "Ничего не изменено" in str(ended[0])
        assert not database_has_data(database)
    finally:
        database.dispose()


def test_a_cancelled_operation_says_so_plainly(qtbot, boxes):
    from app.services.progress import OperationCancelled

    def work():
        raise OperationCancelled("Загрузка отменена")

    assert not run_quick(None, work)
    assert boxes == [("information", "Загрузка отменена. Ничего не изменено.")]


def test_in_synchronous_mode_background_work_runs_inline(qtbot, app_context):
    Operations.synchronous = True
    seen: list[tuple[int, object]] = []
    heard = []
    app_context.changed.connect(heard.append)

    def work(progress, cancelled):
        from app.services.school.staff import StaffDetails, save_staff
        assert not cancelled()
        return save_staff(app_context.uow(), StaffDetails(last_name="Орлова"))

    run_operation(None, work, title="Проверка…", ctx=app_context,
                  on_success=lambda staff_id: seen.append((threading.get_ident(), staff_id)))
    assert seen and seen[0][0] == threading.get_ident() and isinstance(seen[0][1], int)  # done before returning
    assert heard == [frozenset({Change.STAFF, Change.AUDIT})]


def test_a_refusal_can_be_shown_in_the_form_instead_of_a_box(qtbot, boxes):
    said: list[str] = []
    done = Operation(None, lambda _p, _c: (_ for _ in ()).throw(UserError("Неверный пароль."))) \
        .refusal_shown_in(said.append).run_now()
    assert not done and said == ["Неверный пароль."] and boxes == []
