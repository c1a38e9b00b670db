"""One program per database: a lock file `<name>.lock` beside the database.

The lock is an operating-system lock on that file (fcntl on Linux/macOS, msvcrt on Windows), held for
as long as the program runs; the file also says who holds it (user, computer, process, since when) so a
second start can tell the user. The system drops the lock when a process dies, so the lock of a program
that crashed or was killed never blocks the next start: a leftover file is simply taken over.
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
import os
from dataclasses import dataclass
from pathlib import Path

from app.services.errors import UserError

# Windows locks byte ranges; lock one far past the text so reading who holds it still works.
_WINDOWS_LOCK_OFFSET = 0x7FFF_0000


@dataclass(frozen=True)
class Holder:
    user: str
    host: str
    pid: int
    since: str

    def describe(self) -> str:
        return f"пользователь «{self.user}» на компьютере «{self.host}» (процесс {self.pid}, с {self.since})"


class DatabaseInUse(UserError):
    def __init__(self, path: Path, holder: Holder | None):
        self.holder = holder
        who = holder.describe() if holder else "другая копия программы"
        super().__init__(f"База данных «{path.name}» уже открыта: {who}.\n"
                         "Одну базу нельзя открывать в двух программах сразу — так данные могут потеряться. "
                         "Перейдите в уже открытое окно ПрофТрека или закройте его и запустите программу снова.")


def lock_path(database_path: Path) -> Path:
    return database_path.with_name(database_path.name + ".lock")


def _try_lock(fd: int) -> bool:
    if os.name == "nt":
        import msvcrt
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt
        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
    else:
        import fcntl
        fcntl.flock(fd, fcntl.LOCK_UN)


def read_holder(path: Path) -> Holder | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8").strip("\0 \n") or "{}")
        return Holder(str(data["user"]), str(data["host"]), int(data["pid"]), str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no user name in the environment (service accounts)
        return "неизвестный"


def _host_name() -> str:
    if hasattr(os, "uname"):
        # What gethostname() returns on Linux and macOS, without loading the socket module (the lock is taken
        # before the main window paints).
        return os.uname().nodename
    import socket
    return socket.gethostname()


class InstanceLock:
    """Held while the program has the database open; `release()` (or process death) frees it."""

    def __init__(self, database_path: Path):
        self.database_path = Path(database_path)
        self.path = lock_path(self.database_path)
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self) -> InstanceLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
        except OSError as exc:
            raise UserError(f"Нет доступа к папке базы данных «{self.path.parent}»: {exc.strerror or exc}.") from None
        if not _try_lock(fd):
            os.close(fd)
            raise DatabaseInUse(self.database_path, read_holder(self.path))
        info = {"user": _current_user(), "host": _host_name(), "pid": os.getpid(),
                "since": dt.datetime.now().strftime("%d.%m.%Y %H:%M")}
        os.lseek(fd, 0, os.SEEK_SET)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps(info, ensure_ascii=False).encode("utf-8"))
        os.fsync(fd)
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
            _unlock(fd)
        finally:
            os.close(fd)
        try:
            self.path.unlink()
        except OSError:  # another start may already hold it again (Windows refuses to delete an open file)
            pass

    def __enter__(self) -> InstanceLock:
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
