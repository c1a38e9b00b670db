"""Migrations produce exactly the models; they go down and up again; a newer or foreign file is refused."""
from __future__ import annotations

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from app.models import Base
from app.services.storage import migrations
from app.services.storage.database import Database
from app.services.errors import DatabaseError


def _diff(database: Database) -> list:
    with database.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
        return compare_metadata(ctx, Base.metadata)


def test_upgrade_head_equals_models(engine_database):
    assert _diff(engine_database) == []


@pytest.fixture(params=["sqlite", "postgresql"])
def new_target(request, tmp_path) -> str:
    """Where a brand-new database is made: a file, or an empty database on the server."""
    if request.param == "sqlite":
        return str(tmp_path / "a.db")
    return request.getfixturevalue("empty_pg_url")


def test_upgrade_downgrade_upgrade(new_target):
    db = migrations.open_database(new_target)
    try:
        assert migrations.current_revision(db) == migrations.head_revision()
        migrations.downgrade(db, "base")
        assert migrations.current_revision(db) is None
        with db.engine.connect() as conn:
            tables = [t for t in inspect(conn).get_table_names() if t != "alembic_version"]
        assert tables == []
        migrations.upgrade(db)
        assert migrations.current_revision(db) == migrations.head_revision()
        assert _diff(db) == []
    finally:
        db.dispose()


def test_newer_database_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "newer.db"
    migrations.open_database(path).dispose()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='9999_from_the_future'")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="более новой версией"):
        migrations.open_database(path)
    assert path.read_bytes() == before


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (id INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="не является базой данных ПрофТрека"):
        migrations.open_database(path)


def test_garbage_file_is_refused(tmp_path):
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(DatabaseError, match="повреждён"):
        migrations.open_database(path)
