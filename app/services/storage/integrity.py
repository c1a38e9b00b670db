"""Is the database file sound? The start-up `quick_check`, the full `check` command
(integrity_check + foreign_key_check), and what happens to a damaged file: the newest good backup is
offered in its place, and when the user takes it the damaged file is set aside under
`<name>.damaged-<time>` (never overwritten, never deleted, never backed up over good copies — see
restore.py). Until the user decides, nothing is touched."""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.services.storage.backups import BackupInfo, backup_folder, fsync_dir, newest_good_backup, quick_check
from app.services.errors import UserError

SIDE_FILES = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class Damage:
    """A damaged database found at start: what SQLite said and the newest good copy that can replace it."""

    path: Path
    detail: str
    backup: BackupInfo | None

    def message(self) -> str:
        text = f"Файл базы данных «{self.path.name}» повреждён (проверка SQLite: {self.detail})."
        if self.backup:
            text += ("\n\nПоследняя исправная резервная копия сделана "
                     f"{self.backup.taken_at:%d.%m.%Y в %H:%M} (обучающихся: {self.backup.students}, "
                     f"мероприятий: {self.backup.events}). Если восстановить её, изменения, сделанные после "
                     "неё, будут потеряны.")
        else:
            text += "\n\nИсправных резервных копий не найдено."
        text += (f"\n\nПовреждённый файл не удаляется: при восстановлении он будет переименован в "
                 f"«{self.path.name}.damaged-…» и останется в той же папке.")
        return text


def is_damaged(path: Path) -> str | None:
    """None when the file passes `quick_check`, else SQLite's description of the damage."""
    result = quick_check(path)
    return None if result == "ok" else result


def set_aside(path: Path, *, now: dt.datetime | None = None) -> Path:
    """Rename a damaged file (and its -wal/-shm, which belong to it) so nothing writes over it."""
    stamp = (now or dt.datetime.now()).strftime("%Y-%m-%d_%H-%M-%S")
    target = path.with_name(f"{path.name}.damaged-{stamp}")
    n = 2
    while target.exists():
        target = path.with_name(f"{path.name}.damaged-{stamp}-{n}")
        n += 1
    os.replace(path, target)
    for suffix in SIDE_FILES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
    fsync_dir(path.parent)
    return target


def check_at_start(path: Path) -> Damage | None:
    """Run at every start before anything opens the file: None if it is sound (or new). Reads only."""
    if not path.exists():
        return None
    detail = is_damaged(path)
    if detail is None:
        return None
    return Damage(path, detail, newest_good_backup(backup_folder(path), stem=path.stem))


@dataclass(frozen=True)
class CheckReport:
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


def full_check(path: Path) -> CheckReport:
    """`integrity_check` and `foreign_key_check`, each problem described in Russian."""
    if not path.is_file():
        raise UserError(f"Файл базы данных «{path}» не найден.")
    problems: list[str] = []
    try:
        con = sqlite3.connect(str(path))
        try:
            con.execute("PRAGMA query_only=ON")
            rows = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
            if rows != ["ok"]:
                problems += [f"Нарушена целостность файла: {r}" for r in rows]
            else:
                for table, rowid, parent, _fk in con.execute("PRAGMA foreign_key_check").fetchall():
                    problems.append(f"Таблица «{table}», запись {rowid}: ссылка на отсутствующую запись "
                                    f"в таблице «{parent}»")
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        problems.append(f"Файл не читается как база данных SQLite: {exc}")
    return CheckReport(problems)
