"""Where may a database live? Not on a network share: SQLite's file locking is unreliable over
SMB/NFS, and two computers writing one file through a share can corrupt it. The multi-user setup
(each computer its own copy, class teachers exchanging attendance sheets) is the way to share work."""
from __future__ import annotations

import os
from pathlib import Path, PureWindowsPath

from app.services.errors import UserError

NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "fuse.sshfs", "sshfs", "9p", "afs", "ncpfs",
    "fuse.gvfsd-fuse", "fuse.rclone", "davfs", "fuse.davfs2", "glusterfs", "ceph", "lustre",
})
DRIVE_REMOTE = 4

NETWORK_REFUSAL = (
    "База данных «{name}» находится в сетевой папке ({where}). ПрофТрек не открывает базу по сети: "
    "SQLite не может надёжно блокировать файл на сетевом диске, и при одновременной работе с двух "
    "компьютеров данные могут быть испорчены.\n\n"
    "Скопируйте файл базы на диск этого компьютера. Чтобы работать вместе, используйте многопользовательский "
    "режим: база хранится на одном компьютере, классные руководители заполняют листы посещаемости на своих "
    "компьютерах и передают их файлом для загрузки.")


def is_unc(path: str) -> bool:
    r"""`\\server\share\...` or `//server/share/...` (but not the `\\?\C:\` long-path form)."""
    if path.startswith(("\\\\?\\", "\\\\.\\")):
        return path[4:].upper().startswith("UNC\\")
    return path.startswith(("\\\\", "//")) and len(path) > 2 and path[2] not in "\\/"


def _windows_drive_is_remote(path: str) -> bool:
    import ctypes

    drive = PureWindowsPath(path).drive
    if not drive:
        return False
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == DRIVE_REMOTE  # type: ignore[attr-defined]


def mount_fstype(path: Path, mounts_text: str) -> str | None:
    """The filesystem type of the mount that holds `path`, from the text of /proc/mounts."""
    best, best_type = "", None
    target = str(path)
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        # /proc/mounts escapes spaces and tabs in mount points as octal.
        point = parts[1].replace("\\040", " ").replace("\\011", "\t").replace("\\134", "\\")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, parts[2]
    return best_type


def network_location(path: Path, *, mounts_text: str | None = None, windows: bool | None = None) -> str | None:
    """A short description of the network share holding `path`, or None for a local disk."""
    raw = str(path)
    windows = os.name == "nt" if windows is None else windows
    if is_unc(raw):
        return "сетевой путь \\\\…"
    if windows:
        return "сетевой диск" if _windows_drive_is_remote(str(Path(raw).absolute())) else None
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    resolved = path.resolve() if path.exists() else path.parent.resolve() / path.name
    fstype = mount_fstype(resolved, mounts_text)
    if fstype and (fstype.lower() in NETWORK_FILESYSTEMS or fstype.lower().startswith(("nfs", "smb", "cifs"))):
        return f"сетевая файловая система {fstype}"
    return None


def refuse_network_location(path: Path, **kwargs) -> None:
    where = network_location(path, **kwargs)
    if where:
        raise UserError(NETWORK_REFUSAL.format(name=Path(path).name, where=where))
