"""«Changed since the last copy?» decided cheaply, before anything is copied: when a copy is taken, the
state of the source file is written beside the copies — size, modification time and SQLite's own
header counters of the file and of its write-ahead log. The same state later means nothing was written
since (every commit appends to the log or, after a checkpoint, rewrites the file and its counter), so
neither a copy nor a hash of the whole file is needed. A different or missing state only means
«maybe changed»: the copy is then taken and compared as before."""
from __future__ import annotations

import json
import os
from pathlib import Path

MARKER_SUFFIX = ".last-copy.json"  # hidden beside the copies: «.school.last-copy.json»
# The database header's file change counter (24..27) and version-valid-for (92..95); the whole 32-byte
# log header (its checkpoint sequence and salts change whenever the log restarts from the beginning).
_DB_HEADER = ((24, 28), (92, 96))
_WAL_HEADER = 32


def _one(path: Path, header: bytes | None) -> list | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return [stat.st_size, stat.st_mtime_ns, (header or b"").hex()]


def _read(path: Path, size: int) -> bytes | None:
    try:
        with path.open("rb") as fh:
            return fh.read(size)
    except FileNotFoundError:
        return None


def file_state(path: Path) -> dict:
    """What must stay the same for the file to hold the same data (read in microseconds)."""
    head = _read(path, 100) or b""
    db_counters = b"".join(head[a:b] for a, b in _DB_HEADER)
    wal = path.with_name(path.name + "-wal")
    return {"db": _one(path, db_counters), "wal": _one(wal, _read(wal, _WAL_HEADER))}


def _marker(folder: Path, stem: str) -> Path:
    return folder / f".{stem}{MARKER_SUFFIX}"


def record(folder: Path, stem: str, state: dict, copy: Path) -> None:
    """Remember that `copy` holds the data of the source as it was in `state` (taken before copying)."""
    marker = _marker(folder, stem)
    partial = marker.with_name(marker.name + ".partial")
    partial.write_text(json.dumps({"state": state, "copy": copy.name}), encoding="utf-8")
    os.replace(partial, marker)


def known(folder: Path, stem: str) -> bool:
    return _marker(folder, stem).is_file()


def unchanged_since_last_copy(folder: Path, stem: str, state: dict) -> bool:
    """True only when the state recorded with the last copy is this one and that copy is still there."""
    try:
        saved = json.loads(_marker(folder, stem).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(saved, dict) or saved.get("state") != state or not isinstance(saved.get("copy"), str):
        return False
    return (folder / saved["copy"]).is_file()
