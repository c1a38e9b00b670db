"""What start-up does to a school's file before opening it, with one `quick_check`, not two: when the
file changed since the last copy, the start copy is taken and checked — a sound copy means a sound file
(the copy is the file's pages) — and only a failed copy sends the check to the file itself; when nothing
changed (decided without copying, change_marker.py), the file alone is checked."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.services.errors import UserError
from app.services.storage import change_marker
from app.services.storage.backups import backup_folder, backup_if_changed, newest_good_backup
from app.services.storage.integrity import Damage, is_damaged


@dataclass(frozen=True)
class StartCheck:
    damage: Damage | None = None       # the file is damaged: offer the newest good copy
    backup: Path | None = None         # the start copy taken (None: nothing changed)
    backup_error: str | None = None    # the copy could not be made, the file itself is sound


def _damage(path: Path, detail: str) -> Damage:
    return Damage(path, detail, newest_good_backup(backup_folder(path), stem=path.stem))


def check_and_back_up(path: Path) -> StartCheck:
    """Read-only for the file itself; writes only into its backups folder."""
    if not path.exists():
        return StartCheck()
    folder = backup_folder(path)
    if change_marker.unchanged_since_last_copy(folder, path.stem, change_marker.file_state(path)):
        detail = is_damaged(path)
        return StartCheck(damage=_damage(path, detail) if detail is not None else None)
    try:
        return StartCheck(backup=backup_if_changed(path, reason="start"))
    except UserError as exc:
        detail = is_damaged(path)  # a copy that fails its check: the file, or only the copy?
        if detail is not None:
            return StartCheck(damage=_damage(path, detail))
        return StartCheck(backup_error=str(exc))
