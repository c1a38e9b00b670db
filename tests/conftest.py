"""Shared fixtures: real SQLite files, migrated once per session and copied per test."""
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
def db_path(migrated_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "school.db"
    shutil.copyfile(migrated_template, path)
    return path


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
