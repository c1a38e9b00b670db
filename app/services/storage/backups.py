"""Backup copies of the school's database (резервные копии).

Copies are taken with SQLite's online backup API, so a copy is consistent even while the program
writes (the WAL is included). Every copy is written under a temporary name, opened and checked with
`quick_check`, and only then given its final name: a folder never holds a half-written or damaged
copy, and rotation (which only ever sees finished copies) never deletes good copies because of a bad one.

When copies are taken
- at start, when the data changed since the newest copy (`backup_if_changed`, reason "start");
- before every migration ("before-migration"), rollover, bulk import, anonymisation and restore
  (`take_backup(database, reason=...)`);
- every `SCHEDULE_MINUTES` while the program runs, again only if the data changed ("scheduled").

Rotation (`RotationPolicy`, in the spirit of Anki) keeps, in the program's `backups/` folder:
- the newest `recent` copies, whatever their age;
- the newest copy of each of the last `daily` days that have copies;
- the newest copy of each of the last `weekly` ISO weeks that have copies;
- the newest copy of each of the last `monthly` months that have copies.
Everything else there is deleted. Counting days "that have copies" rather than calendar days means a
school that does not open the program over the summer still keeps its last weeks of work.
Copies saved by the user to another folder (a USB stick) are never rotated.

"Changed" is decided first from the file's size, time and SQLite header counters recorded with the last
copy (change_marker.py), without copying; when nothing was recorded, by a fingerprint of the database image: the copy's bytes with the two header
counters SQLite bumps on every write of the copy itself masked out. Two copies of an unchanged
database therefore have the same fingerprint; any committed change alters some page.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.services.storage import change_marker
from app.services.storage.database import Database
from app.services.errors import UserError
from app.services.progress import CancelledFn, ProgressFn, check_cancelled

SCHEDULE_MINUTES = 60
STAMP_FORMAT = "%Y-%m-%d_%H-%M-%S"
_NAME_RE = re.compile(r"^(?P<stem>.+)_(?P<stamp>\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2})(?:-(?P<n>\d+))?"
                      r"_(?P<reason>[a-z0-9-]+)\.db$")
# Bytes of page 1 that a copy changes by itself: file change counter (24..27) and version-valid-for (92..95).
_VOLATILE_HEADER = ((24, 28), (92, 96))


@dataclass(frozen=True)
class RotationPolicy:
    recent: int = 10
    daily: int = 7
    weekly: int = 8
    monthly: int = 12


DEFAULT_POLICY = RotationPolicy()


@dataclass(frozen=True)
class BackupInfo:
    """One copy as the restore list shows it; counts are read from the copy itself."""

    path: Path
    taken_at: dt.datetime
    reason: str
    size: int
    ok: bool
    students: int | None = None     # every student the file holds, graduates and those who left included
    events: int | None = None
    revision: str | None = None
    enrolled: int | None = None     # what the students list counts: enrolled in the copy's current year


def backup_folder(database: Database | Path) -> Path:
    """`backups/` beside the database file."""
    path = database if isinstance(database, Path) else database.path
    if path is None:
        raise UserError("Резервная копия базы в памяти невозможна.")
    folder = path.parent / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def quick_check(path: Path) -> str:
    """"ok" or SQLite's description of the damage (or of why the file cannot be read at all)."""
    if not path.is_file():
        return "файл не найден"
    try:
        # Read-write open on purpose: a read-only one cannot open a WAL file whose -shm is gone.
        con = sqlite3.connect(str(path))
        try:
            con.execute("PRAGMA query_only=ON")
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return "; ".join(str(r[0]) for r in rows[:5]) or "пустой ответ проверки"


def verify_copy(path: Path) -> None:
    result = quick_check(path)
    if result != "ok":
        raise UserError(f"Резервная копия «{path.name}» записана с ошибкой ({result}). Проверьте диск.")


def readonly_uri(path: Path) -> str:
    """An SQLite URI opening `path` read-only (as_uri escapes what a URI cannot hold, e.g. «#», «?»)."""
    return Path(path).resolve().as_uri() + "?mode=ro"


def fsync_file(path: Path) -> None:
    # Windows flushes only a handle opened for writing.
    fd = os.open(path, os.O_RDWR if os.name == "nt" else os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles to flush."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _online_copy(source: Path, target: Path, *, progress: ProgressFn | None = None,
                 cancelled: CancelledFn | None = None) -> None:
    src = sqlite3.connect(str(source))
    try:
        dst = sqlite3.connect(str(target))
        try:
            def step(_status: int, remaining: int, total: int) -> None:
                # Raised inside SQLite's backup, it aborts the copy; the caller removes the partial file.
                check_cancelled(cancelled, "Резервное копирование отменено")
                if progress:
                    progress(total - remaining, total)
            stepwise = progress is not None or cancelled is not None
            src.backup(dst, pages=256 if stepwise else -1, progress=step if stepwise else None, sleep=0)
            # A copy is a single self-contained file: no -wal beside it on a USB stick.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def copy_database(database: Database | Path, target: Path, *, progress: ProgressFn | None = None,
                  cancelled: CancelledFn | None = None) -> Path:
    """Write a consistent, checked copy of the database to `target` (temporary name, check, fsync, rename)."""
    source = database if isinstance(database, Path) else database.path
    if source is None:
        raise UserError("Резервная копия базы в памяти невозможна.")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        _online_copy(source, partial, progress=progress, cancelled=cancelled)
        verify_copy(partial)
        fsync_file(partial)
        os.replace(partial, target)
        fsync_dir(target.parent)
    except sqlite3.DatabaseError as exc:
        raise UserError(f"Не удалось сделать резервную копию «{source.name}»: {exc}.") from None
    except OSError as exc:
        raise UserError(f"Не удалось записать резервную копию в «{target.parent}»: {exc.strerror or exc}.") from None
    finally:
        partial.unlink(missing_ok=True)
    return target


def fingerprint(path: Path) -> str:
    """SHA-256 of a database image, ignoring the header counters a copy sets by itself."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        head = bytearray(fh.read(100))
        for start, end in _VOLATILE_HEADER:
            head[start:end] = b"\0" * (end - start)
        digest.update(head)
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _stem(database: Database | Path) -> str:
    path = database if isinstance(database, Path) else database.path
    return path.stem if path else "db"


def parse_backup_name(path: Path) -> tuple[str, dt.datetime, str] | None:
    """(database stem, time taken, reason) from a copy's file name, or None for other files."""
    m = _NAME_RE.match(path.name)
    if not m:
        return None
    try:
        taken = dt.datetime.strptime(m["stamp"], STAMP_FORMAT)
    except ValueError:
        return None
    return m["stem"], taken, m["reason"]


def _copies(folder: Path, stem: str | None = None) -> list[tuple[dt.datetime, Path]]:
    """Finished copies in `folder` (of database `stem` when given), newest first."""
    found: list[tuple[dt.datetime, int, Path]] = []
    if not folder.is_dir():
        return []
    for path in folder.glob("*.db"):
        parsed = parse_backup_name(path)
        if parsed and (stem is None or parsed[0] == stem):
            # "-2", "-3"… mark later copies taken within the same second.
            found.append((parsed[1], int(_NAME_RE.match(path.name)["n"] or 1), path))
    found.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [(taken, path) for taken, _n, path in found]


def _target_name(folder: Path, stem: str, reason: str, now: dt.datetime) -> Path:
    if not re.fullmatch(r"[a-z0-9-]+", reason):
        raise ValueError(f"backup reason must be a lowercase code, got {reason!r}")
    stamp = now.strftime(STAMP_FORMAT)
    target = folder / f"{stem}_{stamp}_{reason}.db"
    n = 2
    while target.exists():  # two copies in one second
        target = folder / f"{stem}_{stamp}-{n}_{reason}.db"
        n += 1
    return target


def _source(database: Database | Path) -> Path | None:
    return database if isinstance(database, Path) else database.path


def take_backup(database: Database | Path, *, reason: str, folder: Path | None = None,
                now: dt.datetime | None = None, policy: RotationPolicy = DEFAULT_POLICY) -> Path:
    """A checked copy named by time and reason («before-import», «before-rollover»…), then rotation."""
    folder = folder or backup_folder(database)
    stem = _stem(database)
    source = _source(database)
    state = change_marker.file_state(source) if source is not None else None
    target = copy_database(database, _target_name(folder, stem, reason, now or dt.datetime.now()))
    if state is not None:
        change_marker.record(folder, stem, state, target)
    rotate(folder, stem=stem, policy=policy, now=now)
    return target


def backup_if_changed(database: Database | Path, *, reason: str = "start", folder: Path | None = None,
                      now: dt.datetime | None = None, policy: RotationPolicy = DEFAULT_POLICY) -> Path | None:
    """A copy only when the data differ from the newest copy; None when nothing changed.

    Decided first from the file's state recorded with the last copy (change_marker): unchanged, nothing
    is copied or hashed. Otherwise a copy is taken; it is compared with the newest one byte for byte
    only when no state was recorded (copies from before this was kept)."""
    folder = folder or backup_folder(database)
    stem = _stem(database)
    source = _source(database)
    state = change_marker.file_state(source) if source is not None else None
    if state is not None and change_marker.unchanged_since_last_copy(folder, stem, state):
        return None
    target = _target_name(folder, stem, reason, now or dt.datetime.now())
    pending = target.with_name(target.name + ".new")
    try:
        copy_database(database, pending)
        newest = _copies(folder, stem)
        if newest and not change_marker.known(folder, stem) and fingerprint(newest[0][1]) == fingerprint(pending):
            if state is not None:
                change_marker.record(folder, stem, state, newest[0][1])
            return None
        os.replace(pending, target)
        fsync_dir(folder)
    finally:
        pending.unlink(missing_ok=True)
    if state is not None:
        change_marker.record(folder, stem, state, target)
    rotate(folder, stem=stem, policy=policy, now=now)
    return target


def select_kept(stamps: Iterable[dt.datetime], policy: RotationPolicy = DEFAULT_POLICY) -> set[dt.datetime]:
    """The times of the copies the policy keeps (see the module docstring)."""
    ordered = sorted(set(stamps), reverse=True)
    kept = set(ordered[:policy.recent])
    for count, bucket in ((policy.daily, lambda t: t.date()),
                          (policy.weekly, lambda t: t.isocalendar()[:2]),
                          (policy.monthly, lambda t: (t.year, t.month))):
        seen: set = set()
        for stamp in ordered:
            key = bucket(stamp)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.add(key)
            kept.add(stamp)
    return kept


def rotate(folder: Path, *, stem: str | None = None, policy: RotationPolicy = DEFAULT_POLICY,
           now: dt.datetime | None = None) -> list[Path]:
    """Delete the copies the policy does not keep; returns what was deleted. Copies dated in the
    future (a clock set wrong) are kept and never push good copies out."""
    now = now or dt.datetime.now()
    copies = _copies(folder, stem)
    # Same-second copies ("-2") share a time: rank them by their full name too.
    ranked = [(t + dt.timedelta(microseconds=i), p) for i, (t, p) in enumerate(reversed(copies))]
    normal = [(t, p) for t, p in ranked if t <= now + dt.timedelta(minutes=5)]
    kept = select_kept((t for t, _ in normal), policy)
    deleted = []
    for stamp, path in normal:
        if stamp not in kept:
            path.unlink(missing_ok=True)
            deleted.append(path)
    return deleted


# What the students list counts: those enrolled in the copy's current year (the one marked current, else the
# latest), not every student the file has ever held (graduates and those who left stay in the file).
_STUDENTS_OF_THE_YEAR = ("SELECT count(*) FROM enrollment WHERE year_id = (SELECT id FROM academic_year "
                         "ORDER BY is_current DESC, start_year DESC LIMIT 1)")


def describe_backup(path: Path, *, check: bool = True) -> BackupInfo:
    """Read a copy's time and count its students and events; `check` runs quick_check on it first
    (a list need not: every copy was checked when written, and restore checks again)."""
    parsed = parse_backup_name(path)
    try:
        stat = path.stat()
    except OSError:
        raise UserError(f"Файл «{path}» не найден.") from None
    taken = parsed[1] if parsed else dt.datetime.fromtimestamp(stat.st_mtime)
    reason = parsed[2] if parsed else ""
    if check and quick_check(path) != "ok":
        return BackupInfo(path, taken, reason, stat.st_size, ok=False)
    try:
        con = sqlite3.connect(readonly_uri(path), uri=True)
        try:
            students = con.execute("SELECT count(*) FROM student").fetchone()[0]
            has_years = con.execute("SELECT count(*) FROM academic_year").fetchone()[0]
            enrolled = con.execute(_STUDENTS_OF_THE_YEAR).fetchone()[0] if has_years else None
            events = con.execute("SELECT count(*) FROM event").fetchone()[0]
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return BackupInfo(path, taken, reason, stat.st_size, ok=False)
    return BackupInfo(path, taken, reason, stat.st_size, ok=True, students=students, events=events,
                      revision=revision[0] if revision else None, enrolled=enrolled)


def list_backups(folder: Path, *, stem: str | None = None, check: bool = False) -> list[BackupInfo]:
    """The copies in `folder`, newest first, each counted (and checked, with `check`)."""
    return [describe_backup(path, check=check) for _, path in _copies(folder, stem)]


def newest_good_backup(folder: Path, *, stem: str | None = None) -> BackupInfo | None:
    """The newest copy that passes the check (older ones are looked at only if newer ones are bad)."""
    for _, path in _copies(folder, stem):
        info = describe_backup(path)
        if info.ok and info.revision is not None:
            return info
    return None


def export_backup(uow, target: Path, *, progress: ProgressFn | None = None,
                  cancelled: CancelledFn | None = None) -> Path:
    """«Создать резервную копию…» to a folder of the user's choice (a USB stick): checked, never rotated.
    `target` may be a folder (the file is named by the school database and the time) or a file name."""
    from app.services.access import Permission

    with uow:
        uow.require(Permission.BACKUP)
    database = uow.database
    if target.is_dir():
        target = target / f"{_stem(database)}_{dt.datetime.now().strftime(STAMP_FORMAT)}_manual.db"
    elif target.suffix.lower() != ".db":
        target = target.with_name(target.name + ".db")
    if database.path is not None and target.resolve() == database.path.resolve():
        raise UserError("Резервную копию нельзя записать поверх самой базы: выберите другой файл.")
    copy_database(database, target, progress=progress, cancelled=cancelled)
    with uow:
        uow.audit("backup.export", entity="database", details=f"резервная копия записана в «{target}»")
        uow.commit()
    return target
