"""«Подключиться к серверу школы»: the form checks a real PostgreSQL server, keeps what was typed when
it cannot connect, and remembers the connection (never the password) on this computer."""
from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from sqlalchemy.engine import make_url

from app.ui.server_connection import ServerConnection, ServerConnectionDialog, save_connection, saved_connection


def form_for(qtbot, url: str, **change) -> ServerConnectionDialog:
    u = make_url(url)
    dialog = ServerConnectionDialog(ServerConnection(u.host, u.port, u.database, u.username))
    qtbot.addWidget(dialog)
    for name, value in change.items():
        getattr(dialog, name).setValue(value) if name == "port" else getattr(dialog, name).setText(value)
    return dialog


def test_check_connection_reports_the_server_and_the_database(qtbot, pg_url):
    dialog = form_for(qtbot, pg_url)
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert "Подключение установлено: PostgreSQL 1" in dialog.status.text()
    assert "база ПрофТрека (версия схемы" in dialog.status.text()


def test_an_empty_database_is_announced_and_a_wrong_port_keeps_the_form(qtbot, empty_pg_url):
    dialog = form_for(qtbot, empty_pg_url)
    assert dialog.check()
    assert "будут созданы таблицы ПрофТрека" in dialog.status.text()
    dialog.port.setValue(1)
    dialog.password.setText("Пароль-1")
    dialog.accept()
    assert not dialog.result() and "Не удалось подключиться" in dialog.status.text()
    assert "Пароль-1" not in dialog.status.text()
    assert dialog.host.text() == make_url(empty_pg_url).host and dialog.password.text() == "Пароль-1"


def test_the_connection_is_remembered_without_the_password(tmp_path):
    settings = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    assert saved_connection(settings) is None
    save_connection(ServerConnection("server", 5433, "school", "teacher"), settings)
    assert saved_connection(settings) == ServerConnection("server", 5433, "school", "teacher")
    text = (tmp_path / "prefs.ini").read_text(encoding="utf-8")
    assert "server" in text and "password" not in text.lower()
