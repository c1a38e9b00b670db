"""One program per database, and no database on a network share."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from app.services.errors import UserError
from app.services.storage.instance_lock import DatabaseInUse, InstanceLock, lock_path
from app.services.storage.location import is_unc, network_location, refuse_network_location

ROOT = Path(__file__).resolve().parents[3]
HOLDER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from app.services.storage.instance_lock import InstanceLock
    lock = InstanceLock(Path(sys.argv[1])).acquire()
    print("locked", flush=True)
    sys.stdin.readline()
    lock.release()
""")


def _start_holder(db: Path) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_second_instance_is_refused_and_told_who(tmp_path):
    db = tmp_path / "school.db"
    holder = _start_holder(db)
    try:
        with pytest.raises(DatabaseInUse) as info:
            InstanceLock(db).acquire()
        assert info.value.holder is not None and info.value.holder.pid == holder.pid
        assert "уже открыта" in str(info.value) and "процесс" in str(info.value)
    finally:
        holder.communicate("\n", timeout=10)
    # Closed normally: the lock is gone and the next start takes it.
    assert not lock_path(db).exists()
    with InstanceLock(db) as lock:
        assert lock.held


def test_lock_of_a_killed_program_is_taken_over(tmp_path):
    db = tmp_path / "school.db"
    holder = _start_holder(db)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait(timeout=10)
    assert lock_path(db).exists()  # left behind by the dead process
    with InstanceLock(db) as lock:
        assert lock.held


def test_same_process_twice_is_refused(tmp_path):
    db = tmp_path / "school.db"
    with InstanceLock(db):
        with pytest.raises(DatabaseInUse):
            InstanceLock(db).acquire()


@pytest.mark.parametrize("path,expected", [
    (r"\\server\share\proftrack.db", True), ("//server/share/db.db", True),
    (r"\\?\UNC\server\share\db.db", True), (r"\\?\C:\data\db.db", False), (r"C:\data\db.db", False),
    ("/home/user/db.db", False),
])
def test_unc_paths(path, expected):
    assert is_unc(path) is expected


MOUNTS = textwrap.dedent("""
    /dev/sda1 / ext4 rw,relatime 0 0
    //fileserver/school /mnt/school cifs rw,vers=3.0 0 0
    nas:/export /mnt/nas nfs4 rw 0 0
    user@host:/data /home/u/remote\\040dir fuse.sshfs rw 0 0
    /dev/sdb1 /mnt/school/local ext4 rw 0 0
""")


@pytest.mark.parametrize("path,network", [
    ("/home/u/db.db", False), ("/mnt/school/db.db", True), ("/mnt/nas/a/b.db", True),
    ("/home/u/remote dir/db.db", True), ("/mnt/school/local/db.db", False), ("/mnt/schoolbook/db.db", False),
])
def test_network_mounts_from_proc_mounts(path, network):
    assert (network_location(Path(path), mounts_text=MOUNTS, windows=False) is not None) is network


def test_network_database_is_refused_with_an_explanation():
    with pytest.raises(UserError) as info:
        refuse_network_location(Path("/mnt/school/proftrack.db"), mounts_text=MOUNTS, windows=False)
    text = str(info.value)
    assert "сетевой папке" in text and "cifs" in text and "многопользовательский" in text
    refuse_network_location(Path("/home/u/proftrack.db"), mounts_text=MOUNTS, windows=False)


def test_the_lock_file_names_this_computer_as_the_network_does(tmp_path):
    import socket

    from app.services.storage.instance_lock import read_holder

    with InstanceLock(tmp_path / "school.db") as lock:
        holder = read_holder(lock.path)
    assert holder is not None and holder.host == socket.gethostname() and holder.pid == os.getpid()
