"""Восстановление из резервной копии — always after a copy of the current state, never half done.

A sound current file is overwritten through SQLite's backup API in ONE write transaction on the live
file: a crash or power cut in the middle leaves the old data (SQLite's journal rolls the transaction
back), and a program that has the file open sees the restored data on its next query. A damaged or
missing file is replaced instead: the copy is written under a temporary name, checked, flushed to disk
and moved into place with one atomic rename (the damaged file is set aside first, never overwritten).
"""
from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.services.access import Actor, Permission
from app.services.storage.backups import copy_database, describe_backup, fsync_dir, readonly_uri, take_backup
from app.services.errors import PermissionDenied, UserError
from app.services.progress import CancelledFn, ProgressFn, check_cancelled
from app.services.storage.integrity import is_damaged, set_aside


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    taken_at: dt.datetime
    safety_copy: Path | None        # the state before the restore, when it was sound
    damaged_set_aside: Path | None  # where a damaged current file went
    students: int
    events: int


def _known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    from app.services.storage.migrations import alembic_config
    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _restore_in_place(backup: Path, target: Path, progress: ProgressFn | None,
                      cancelled: CancelledFn | None = None) -> None:
    src = sqlite3.connect(readonly_uri(backup), uri=True)
    try:
        dst = sqlite3.connect(str(target), timeout=5)
        try:
            def step(_status: int, remaining: int, total: int) -> None:
                # Raised inside SQLite's backup, it ends the copy unfinished: its transaction is rolled back.
                # Not after the last step: that step has already committed the restored data.
                if remaining:
                    check_cancelled(cancelled, "Восстановление отменено")
                if progress:
                    progress(total - remaining, total)
            # All steps share one write transaction on `target`; it commits only when the copy is complete.
            src.backup(dst, pages=64, progress=step, sleep=0)
        finally:
            dst.close()
    except sqlite3.OperationalError as exc:
        raise UserError(f"Не удалось восстановить базу «{target.name}»: {exc}. Закройте другие программы, "
                        "работающие с этим файлом, и повторите.") from None
    finally:
        src.close()


def _replace_file(backup: Path, target: Path, progress: ProgressFn | None) -> None:
    # copy_database writes "<target>.partial", checks it, fsyncs it and renames it over `target` at once.
    copy_database(backup, target, progress=progress)
    fsync_dir(target.parent)


def restore_backup(database_path: Path, backup: Path, *, actor: Actor, progress: ProgressFn | None = None,
                   cancelled: CancelledFn | None = None, now: dt.datetime | None = None) -> RestoreResult:
    """Replace the data in `database_path` by the copy `backup`, after a safety copy of the current state.
    Cancelling leaves the current data as it was; a damaged file, once set aside, is replaced regardless
    (stopping half way there would leave no database at all)."""
    if not actor.has(Permission.RESTORE):
        raise PermissionDenied("Недостаточно прав: восстановление из резервной копии. Обратитесь к администратору.")
    database_path, backup = Path(database_path), Path(backup)
    if database_path.exists() and backup.resolve() == database_path.resolve():
        raise UserError("Нельзя восстановить базу из неё самой: выберите файл резервной копии.")
    info = describe_backup(backup)
    if not info.ok or info.revision is None:
        raise UserError(f"Файл «{backup.name}» повреждён или не является резервной копией ПрофТрека. "
                        "Текущая база не изменена.")
    if info.revision not in _known_revisions():
        raise UserError(f"Резервная копия «{backup.name}» сделана более новой версией ПрофТрека. "
                        "Установите новую версию программы. Текущая база не изменена.")
    safety = aside = None
    if database_path.exists() and is_damaged(database_path) is None:
        safety = take_backup(database_path, reason="before-restore", now=now)
        check_cancelled(cancelled, "Восстановление отменено")
        _restore_in_place(backup, database_path, progress, cancelled)
    else:
        if database_path.exists():
            aside = set_aside(database_path, now=now)
        _replace_file(backup, database_path, progress)
    _finish(database_path, backup, actor)
    return RestoreResult(backup, info.taken_at, safety, aside, info.students or 0, info.events or 0)


def _finish(database_path: Path, backup: Path, actor: Actor) -> None:
    """Bring an older copy up to this program's schema and record the restore in the audit log."""
    from app.services.storage.migrations import open_database
    from app.services.uow import UnitOfWork

    database = open_database(database_path)
    try:
        with UnitOfWork(database, actor) as uow:
            uow.audit("backup.restore", entity="database", details=f"восстановлено из «{backup.name}»")
            uow.commit()
    finally:
        database.dispose()
