"""A second start on a database already open on this computer brings the first window forward
(over a local socket named after the database file) instead of only saying it is busy."""
from __future__ import annotations

from collections.abc import Callable

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

SHOW = b"show\n"


def server_name(database_path: Path) -> str:
    key = str(Path(database_path).resolve()).casefold().encode("utf-8")
    return "proftrack-" + hashlib.sha1(key).hexdigest()[:20]


def ask_first_window_forward(database_path: Path, *, timeout_ms: int = 1000) -> bool:
    """True when a program holding `database_path` on this computer was asked to show its window."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(database_path))
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(SHOW)
    sent = socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return sent


class ShowRequestServer(QObject):
    """Listens while the window is open; a request shows, restores and raises it."""

    def __init__(self, database_path: Path, current_window: Callable[[], QWidget], parent: QObject | None = None):
        # The window is asked for at each request: signing in as another user replaces it.
        super().__init__(parent)
        self.current_window = current_window
        self.server = QLocalServer(self)
        name = server_name(database_path)
        QLocalServer.removeServer(name)  # a stale socket file of a crashed program (Unix)
        self.server.listen(name)
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(SHOW.strip()):
            self.show_window()

    def show_window(self) -> None:
        window = self.current_window()
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
