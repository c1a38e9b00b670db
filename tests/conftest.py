"""Shared fixtures: real SQLite files, migrated once per session and copied per test; the same on a real
PostgreSQL server for the tests that run on both engines (`engine_*`)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Before anything imports Qt: no screen in CI, and never the user's real data folder.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="proftrack-home-")
os.environ["PROFTRACK_HOME"] = _HOME

from app.services.access import Actor, Role, system_actor  # noqa: E402
from app.services.storage.database import Database  # noqa: E402
from app.services.storage.migrations import open_database  # noqa: E402
from app.services.uow import UnitOfWork  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[1]
# The seed roadmaps (text renderings of real Word documents) travel with the tests: a fresh clone has no
# folder beside it.
SEEDS_DIR = REPO_ROOT / "tests" / "data" / "seeds"

from tests.tools.inside_repository import guard_reads  # noqa: E402

guard_reads(REPO_ROOT)


@pytest.fixture(scope="session", autouse=True)
def _private_qsettings():
    """Windows built without an explicit QSettings must not write into the real user's preferences."""
    from PySide6.QtCore import QSettings
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(Path(_HOME) / "qsettings"))
    yield


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    db = open_database(path)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture
def sqlite_file(migrated_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "school.db"
    shutil.copyfile(migrated_template, path)
    return path


@pytest.fixture
def db_path(sqlite_file: Path) -> Path:
    """A migrated school file. A module may override it with `engine_target` to run on both engines."""
    return sqlite_file


@pytest.fixture
def database(db_path: Path):
    db = open_database(db_path)
    yield db
    db.dispose()


@pytest.fixture
def admin() -> Actor:
    return system_actor("тест")


@pytest.fixture
def uow(database: Database, admin: Actor) -> UnitOfWork:
    return UnitOfWork(database, admin)


# The notes key a signed-in psychologist holds in these tests (in the program it is unwrapped at sign-in with
# the password; tests/integration/accounts/test_notes_encryption.py follows that path end to end).
TEST_NOTES_KEY = bytes(range(32))


# --- Both engines ---------------------------------------------------------------------------------------
# `engine_database` (and `engine_uow`, `engine_target`) run a test once on a SQLite file and once on a
# real PostgreSQL server: a throwaway cluster for the session (tests/pg_cluster.py), a template database
# migrated once, and a fresh copy of it per test. Without PostgreSQL the server half is skipped with the
# reason; on CI (CI=true) it fails instead.
ENGINES = ("sqlite", "postgresql")


@pytest.fixture(scope="session")
def pg_server():
    """A superuser URL of a running PostgreSQL server for this session (see tests/pg_cluster.py)."""
    from tests.pg_cluster import Cluster, Unavailable

    given = os.environ.get("PROFTRACK_TEST_PG")
    if given:
        yield given
        return
    try:
        cluster = Cluster.start()
    except (Unavailable, OSError) as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"PostgreSQL для тестов не запустился, а на CI эта половина не пропускается: {exc}")
        pytest.skip(f"PostgreSQL-половина тестов пропущена: {exc}")
    try:
        yield cluster.url
    finally:
        cluster.stop()


class PgDatabases:
    """Creates and drops databases on the test server (CREATE DATABASE needs autocommit)."""

    def __init__(self, server_url: str):
        from sqlalchemy.engine import make_url
        self.server = make_url(server_url)
        self._count = 0

    def url(self, name: str) -> str:
        return self.server.set(database=name).render_as_string(hide_password=False)

    def execute(self, sql: str) -> None:
        import psycopg
        url = self.server
        with psycopg.connect(host=url.host, port=url.port, user=url.username, password=url.password,
                             dbname=url.database, autocommit=True) as conn:
            conn.execute(sql)

    def create(self, *, template: str | None = None) -> str:
        self._count += 1
        name = f"t{os.getpid()}_{self._count}"
        self.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return name

    def drop(self, name: str) -> None:
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_databases(pg_server) -> PgDatabases:
    return PgDatabases(pg_server)


@pytest.fixture(scope="session")
def pg_template(pg_databases: PgDatabases) -> str:
    name = pg_databases.create()
    open_database(pg_databases.url(name)).dispose()
    return name


@pytest.fixture
def pg_url(pg_databases: PgDatabases, pg_template: str):
    """The URL of a fresh, migrated, empty school database on the test server."""
    name = pg_databases.create(template=pg_template)
    yield pg_databases.url(name)
    pg_databases.drop(name)


@pytest.fixture
def empty_pg_url(pg_databases: PgDatabases):
    """An empty PostgreSQL database (no tables): what a school's administrator creates for `init`."""
    name = pg_databases.create()
    yield pg_databases.url(name)
    pg_databases.drop(name)


@pytest.fixture(params=ENGINES)
def engine_target(request) -> str:
    """A migrated school database on each engine, as a `--db` value: a file path or a server URL."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("sqlite_file"))
    return request.getfixturevalue("pg_url")


@pytest.fixture
def engine_database(engine_target: str):
    db = open_database(engine_target)
    yield db
    db.dispose()


@pytest.fixture
def engine_uow(engine_database: Database, admin: Actor) -> UnitOfWork:
    return UnitOfWork(engine_database, admin)


def make_actor(role: Role, *, can_read_notes: bool = False, staff_id: int | None = None,
               with_notes_key: bool | None = None) -> Actor:
    holds = role is Role.PSYCHOLOGIST or (role is Role.ADMIN and can_read_notes)
    return Actor(login=f"test-{role.value}", role=role, can_read_notes=can_read_notes, staff_id=staff_id,
                 notes_key=TEST_NOTES_KEY if (holds if with_notes_key is None else with_notes_key) else None)


@pytest.fixture(scope="session")
def proftrack_home() -> Path:
    return Path(_HOME)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_HOME, ignore_errors=True)
