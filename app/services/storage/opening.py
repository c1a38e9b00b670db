"""The one door to a school's database file, for the window and the command line alike: refuse a network
share, take the one-program lock (waiting briefly for another program to let go), check the file, then
open and migrate it. What differs is only what happens when the file is damaged: the window offers the
newest good backup, a command refuses and says how to restore."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from app.services.errors import UserError
from app.services.storage.instance_lock import DatabaseInUse, InstanceLock
from app.services.storage.integrity import Damage, check_at_start
from app.services.storage.location import refuse_network_location

# A command started while another one finishes (two imports one after the other from a script) waits this
# long for the lock before it refuses; the window does not wait: it offers to bring the open one forward.
COMMAND_LOCK_WAIT_SECONDS = 5.0
_POLL_SECONDS = 0.1


@dataclass
class Opening:
    """A file this program may now work on: its held lock and what the start-up check found."""

    path: Path
    lock: InstanceLock
    damage: Damage | None

    def release(self) -> None:
        self.lock.release()


def acquire_lock(path: Path, *, wait_seconds: float = 0.0) -> InstanceLock:
    """The lock of `path`; if another program holds it, try again until `wait_seconds` have passed, then
    raise DatabaseInUse naming who holds it."""
    deadline = time.monotonic() + max(wait_seconds, 0.0)
    while True:
        try:
            return InstanceLock(path).acquire()
        except DatabaseInUse:
            if time.monotonic() >= deadline:
                raise
            time.sleep(_POLL_SECONDS)


def take_database(path: Path, *, wait_seconds: float = 0.0) -> Opening:
    """Network share refused, lock taken, file checked (reads only). The caller releases the lock."""
    path = Path(path)
    refuse_network_location(path)
    lock = acquire_lock(path, wait_seconds=wait_seconds)
    try:
        damage = check_at_start(path)
    except BaseException:
        lock.release()
        raise
    return Opening(path, lock, damage)


class DamagedDatabase(UserError):
    """A command met a damaged file: nothing was changed; the message says how to restore it."""

    def __init__(self, damage: Damage):
        self.damage = damage
        text = damage.message()
        if damage.backup is not None:
            text += f"\n\nЧтобы восстановить копию: python main.py restore «{damage.backup.path}» --db «{damage.path}»"
        super().__init__(text)


def take_for_command(path: Path, *, must_exist: bool = True) -> Opening:
    """The command line's start: as the window's, waiting briefly for the lock; a damaged file is refused."""
    path = Path(path)
    refuse_network_location(path)   # first: a share is refused whether or not the file is reachable now
    if must_exist and not path.exists():
        raise UserError(f"Файл базы данных «{path}» не найден.")
    opening = take_database(path, wait_seconds=COMMAND_LOCK_WAIT_SECONDS)
    if opening.damage is not None:
        opening.release()
        raise DamagedDatabase(opening.damage)
    return opening
