"""A throwaway PostgreSQL server for the test session: initdb in a temporary folder, started on a free port,
stopped and removed at the end.

The server's binaries come from PROFTRACK_PG_BIN, else from PATH, else from /usr/lib/postgresql/<version>/bin
(Debian's `postgresql` package). initdb and postgres refuse to run as root: as root the cluster is made and
run by an unprivileged system user (created when missing). `PROFTRACK_TEST_PG` (a SQLAlchemy URL of a
superuser on a running server) skips all this and uses that server instead."""
from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SERVICE_USER = "proftrack-test"


class Unavailable(Exception):
    """Why there is no PostgreSQL for the tests (said when its half of the suite is skipped)."""


def find_bindir() -> Path:
    override = os.environ.get("PROFTRACK_PG_BIN")
    candidates = [Path(override)] if override else []
    found = shutil.which("initdb")
    if found:
        candidates.append(Path(found).parent)
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
                    if p.parent.name.isdigit() else 0, reverse=True)
    candidates += debian
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    raise Unavailable("не найдены программы сервера PostgreSQL (initdb, pg_ctl): установите пакет postgresql")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _service_user() -> str | None:
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVICE_USER],
                       check=True, capture_output=True)
    return SERVICE_USER


@dataclass
class Cluster:
    bindir: Path
    folder: Path
    port: int
    user: str | None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def _run(self, *args: str) -> None:
        command = [str(a) for a in args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, cwd=self.folder)
        if result.returncode != 0:
            raise Unavailable(f"{Path(args[0]).name}: {result.stderr.strip() or result.stdout.strip()}")

    @classmethod
    def start(cls) -> Cluster:
        bindir = find_bindir()
        user = _service_user()
        folder = Path(tempfile.mkdtemp(prefix="proftrack-pg-"))
        if user:
            shutil.chown(folder, user)
        cluster = cls(bindir, folder, _free_port(), user)
        try:
            cluster._run(bindir / "initdb", "-D", folder / "data", "-U", "postgres", "-A", "trust", "-E", "UTF8",
                         "--locale=C.UTF-8", "--no-sync")
            # Durability is not what the tests check; fsync off keeps the many small databases quick.
            options = (f"-p {cluster.port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
            cluster._run(bindir / "pg_ctl", "-D", folder / "data", "-o", options, "-l", folder / "server.log",
                         "-w", "start")
        except Exception:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        return cluster

    def stop(self) -> None:
        try:
            self._run(self.bindir / "pg_ctl", "-D", self.folder / "data", "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
