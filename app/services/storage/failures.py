"""Failures the program can name, told in Russian instead of «Внутренняя ошибка»: the database busy (locked by
another program or command, after SQLite's own wait — busy_timeout — has run out), the disk full, no right to
write, a damaged database file. Used by the command line and the window alike."""
from __future__ import annotations

import errno
import sqlite3

from app.services.errors import UserError

LOCKED = ("База данных занята: в неё сейчас пишет другая программа или команда, и ожидание не помогло. "
          "Ничего не изменено. Повторите действие через минуту; если не поможет, закройте другие окна ПрофТрека.")
DISK_FULL = ("Недостаточно места на диске: запись не выполнена, данные не изменены. Освободите место на диске "
             "(например, удалите старые файлы из папки backups) и повторите.")
NO_ACCESS = "Нет права записи в папку или файл базы данных: данные не изменены. Проверьте права доступа."
DAMAGED = ("Файл базы данных повреждён (проверка SQLite: {detail}). Ничего не изменено. Проверьте его командой "
           "«python main.py check» и восстановите из резервной копии: «python main.py restore ФАЙЛ».")


def _chain(exc: BaseException):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        orig = getattr(exc, "orig", None)     # SQLAlchemy wraps the DB-API error
        if isinstance(orig, BaseException):
            yield orig
        exc = exc.__cause__ or exc.__context__


def known_failure(exc: BaseException) -> UserError | None:
    """The Russian message for a failure the program can name, or None for a defect."""
    if isinstance(exc, UserError):
        return exc
    for e in _chain(exc):
        if isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT):
            return UserError(DISK_FULL)
        if isinstance(e, OSError) and e.errno in (errno.EACCES, errno.EROFS, errno.EPERM):
            return UserError(NO_ACCESS)
        if isinstance(e, sqlite3.Error):
            text = str(e).lower()
            if "locked" in text or "busy" in text:
                return UserError(LOCKED)
            if "disk is full" in text or "database or disk is full" in text:
                return UserError(DISK_FULL)
            if "readonly" in text or "read-only" in text or "unable to open" in text:
                return UserError(NO_ACCESS)
            if "malformed" in text or "not a database" in text or "disk i/o" in text:
                return UserError(DAMAGED.format(detail=str(e)))
    return None
