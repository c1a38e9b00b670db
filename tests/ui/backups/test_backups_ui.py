"""«Резервные копии» tab and the start sequence: lock, damage check with recovery, backup if changed."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.services.storage.backups import list_backups, take_backup
from app.services.storage.instance_lock import DatabaseInUse
from app.services.uow import EVERYTHING
from app.ui.backups.tab import BackupsTab
from app.ui.settings.page import SettingsPage
from app.ui.startup import prepare_database


def _add_student(database, last_name: str) -> None:
    with database.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO student(last_name, first_name, patronymic, has_ovz, has_disability, "
                             "left_reason, is_anonymized) VALUES (?, '', '', 0, 0, '', 0)", (last_name,))


@pytest.fixture
def tab(qtbot, app_context):
    page = SettingsPage(app_context)
    qtbot.addWidget(page)
    titles = [page.tabs.tabText(i) for i in range(page.tabs.count())]
    widget = page.tabs.widget(titles.index("Резервные копии"))
    assert isinstance(widget, BackupsTab)
    yield widget  # the page stays alive (it owns the tab) until the test ends


def test_create_copy_to_a_chosen_folder(tab, qtbot, monkeypatch, tmp_path, app_context):
    _add_student(app_context.database, "Иванов")
    usb = tmp_path / "usb"
    usb.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(usb))
    qtbot.mouseClick(tab.create_button, Qt.MouseButton.LeftButton)
    [copy] = usb.glob("*_manual.db")
    assert "записана и проверена" in tab.status.text()
    con = sqlite3.connect(copy)
    assert con.execute("SELECT last_name FROM student").fetchall() == [("Иванов",)]
    con.close()


def test_list_and_restore_after_a_copy_of_the_current_state(tab, qtbot, monkeypatch, app_context):
    database = app_context.database
    _add_student(database, "Иванов")
    take_backup(database, reason="before-import", now=dt.datetime(2026, 11, 20, 10, 30))
    _add_student(database, "Петров")
    tab.load()
    assert tab.model.rowCount() == 1
    assert [tab.model.index(0, c).data() for c in range(4)] == ["20.11.2026 10:30:00", "перед загрузкой", "1", "0"]
    changed = []
    app_context.changed.connect(changed.append)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    tab.table.selectRow(0)
    qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
    assert "20.11.2026 10:30" in asked[0] and "обучающихся: 1" in asked[0]
    with database.engine.connect() as conn:
        assert [r[0] for r in conn.exec_driver_sql("SELECT last_name FROM student")] == ["Иванов"]
    assert changed == [EVERYTHING]   # every page reloads: the whole file is another one
    reasons = [b.reason for b in list_backups(tab.folder)]
    assert reasons[0] == "before-restore" and tab.model.rowCount() == 2
    assert "восстановлена" in tab.status.text()


def test_restore_needs_a_selection(tab, qtbot, monkeypatch):
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    qtbot.mouseClick(tab.restore_button, Qt.MouseButton.LeftButton)
    assert "Выберите" in told[0]


def test_start_takes_lock_and_backs_up_only_changes(qapp, database):
    database.dispose()
    lock = prepare_database(database.path)
    try:
        assert lock is not None and lock.held
        assert len(list_backups(database.path.parent / "backups")) == 1
        with pytest.raises(DatabaseInUse, match="уже открыта"):
            prepare_database(database.path)
    finally:
        lock.release()
    lock = prepare_database(database.path)  # nothing changed: no second copy
    lock.release()
    assert len(list_backups(database.path.parent / "backups")) == 1


def test_damaged_database_at_start_is_recovered_from_newest_good_backup(qapp, database, monkeypatch):
    _add_student(database, "Иванов")
    take_backup(database, reason="start", now=dt.datetime(2026, 11, 23, 8, 15))
    database.dispose()
    data = bytearray(database.path.read_bytes())
    data[100:100 + 8192] = b"\xa5" * 8192  # the schema page and the next one scribbled over
    database.path.write_bytes(bytes(data))
    shown = []

    def click_restore(box):
        shown.append(box.informativeText())
        next(b for b in box.buttons() if b.text().startswith("Восстановить копию от 23.11.2026 08:15")).click()
    monkeypatch.setattr(QMessageBox, "exec", click_restore)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    lock = prepare_database(database.path)
    try:
        assert lock is not None
        assert "повреждён" in shown[0] and "23.11.2026 в 08:15" in shown[0]
        assert "Повреждённый файл сохранён" in shown[1]
        con = sqlite3.connect(database.path)
        assert con.execute("SELECT last_name FROM student").fetchall() == [("Иванов",)]
        con.close()
        assert list(database.path.parent.glob("school.db.damaged-*"))
    finally:
        lock.release()


def test_damaged_database_and_user_quits_touches_nothing(qapp, database, monkeypatch):
    database.dispose()
    database.path.write_bytes(database.path.read_bytes()[:5000])
    before = database.path.read_bytes()
    monkeypatch.setattr(QMessageBox, "exec", lambda box: next(
        b for b in box.buttons() if b.text() == "Выход").click())
    assert prepare_database(database.path) is None
    assert database.path.read_bytes() == before
    assert not database.path.with_name("school.db.lock").exists()


def test_schedule_backs_up_only_when_data_changed(qapp, app_context):
    from app.ui.backups.schedule import BackupSchedule
    schedule = BackupSchedule(app_context.database, minutes=60)
    assert schedule.timer.isActive() and schedule.timer.interval() == 3_600_000
    folder = app_context.database.path.parent / "backups"
    schedule.run_now()
    _add_student(app_context.database, "Иванов")
    schedule.run_now()
    schedule.run_now()
    assert [b.reason for b in list_backups(folder)] == ["scheduled", "scheduled"]
    assert list_backups(folder)[0].students == 1


def test_second_start_brings_the_first_window_forward(qtbot, database):
    from PySide6.QtWidgets import QWidget

    from app.ui.single_instance import ShowRequestServer
    database.dispose()
    first = prepare_database(database.path)
    window = QWidget()
    qtbot.addWidget(window)
    server = ShowRequestServer(database.path, lambda: window, window)
    shown = []
    server.show_window = lambda: shown.append(True)
    try:
        # The second start finds the lock taken and the first window listening: nothing more to do.
        assert prepare_database(database.path) is None
        qtbot.waitUntil(lambda: shown == [True], timeout=3000)
    finally:
        first.release()


def test_backup_when_the_program_closes(qapp, app_context):
    from app.ui.backups.schedule import BackupSchedule
    schedule = BackupSchedule(app_context.database)
    _add_student(app_context.database, "Иванов")
    qapp.aboutToQuit.emit()
    assert not schedule.timer.isActive()
    [copy] = list_backups(app_context.database.path.parent / "backups")
    assert copy.reason == "close" and copy.students == 1
    qapp.aboutToQuit.disconnect(schedule.at_close)
