"""Bring a database file to the schema this program knows, safely.

A new file is created by running every revision from the start (so each upgrade step runs on every
fresh install). Before an existing file is upgraded a checked copy is taken into the program's
backup folder (`backups/<name>_<time>_before-migration.db`, see backups.py). A file written by a newer program, or a file that is not a
ПрофТрек database, is refused with a message instead of being touched.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlalchemy.exc

from app.services.storage.database import Database
from app.services.errors import DatabaseError
from app.services.resources import migrations_path

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic (and Mako under it) costs a noticeable part of the program's start; a file already at the head
# revision is opened without importing it (see `_is_at_head`).
_REVISION_LINE = re.compile(r"^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:['\"]([^'\"]+)['\"]|None)", re.M)


@dataclass(frozen=True)
class MigrationResult:
    from_revision: str | None
    to_revision: str
    backup_path: Path | None
    # Made by revision 0003 when it encrypted notes written before it: shown once by the program.
    notes_recovery_key: str | None = None


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(database: Database) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with database.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _user_tables(database: Database) -> list[str]:
    from sqlalchemy import inspect

    with database.engine.connect() as conn:
        return [t for t in inspect(conn).get_table_names() if t != "alembic_version"]


def upgrade(database: Database, *, revision: str = "head") -> MigrationResult:
    """Upgrade `database` to `revision`, copying an existing file aside first."""
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in script.walk_revisions()}
    current = current_revision(database)
    name = database.name
    if current is None and _user_tables(database):
        raise DatabaseError(
            f"Файл «{name}» не является базой данных ПрофТрека (в нём есть чужие таблицы). Файл не изменён.")
    if current is not None and current not in known:
        raise DatabaseError(
            f"База данных «{name}» создана более новой версией ПрофТрека. Установите новую версию программы; "
            "файл не изменён.")
    target = script.get_current_head() if revision == "head" else revision
    if current == target:
        return MigrationResult(current, target, None)
    backup: Path | None = None
    if current is not None and database.path is not None:
        from app.services.storage.backups import take_backup
        backup = take_backup(database, reason="before-migration")
    config = alembic_config()
    with database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, revision)
    if current is not None:  # a school's data rewritten: statistics from before may mislead the planner
        from app.services.storage.optimize import optimize
        optimize(database, bulk_load=True)
    return MigrationResult(current, target, backup, config.attributes.get("notes_recovery_key"))


def downgrade(database: Database, revision: str) -> None:
    from alembic import command

    config = alembic_config()
    with database.engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def open_database(path: Path | str | None, **kwargs) -> Database:
    """Open and upgrade: what the program and the command line do before any other work.

    `path` is a file or a PostgreSQL URL (a server cannot be reached: a Russian message, nothing changed)."""
    database = Database.open(path, **kwargs)
    try:
        if not _is_at_head(database):
            database.notes_recovery_key = upgrade(database).notes_recovery_key
    except sqlalchemy.exc.OperationalError as exc:
        database.dispose()
        if not database.is_server:
            raise DatabaseError(f"Файл «{database.name}» не является базой данных ПрофТрека или повреждён "
                                f"({exc.orig or exc}). Файл не изменён.") from None
        from app.services.storage.connection import unreachable_message
        raise DatabaseError(unreachable_message(database, exc)) from None
    except sqlalchemy.exc.DatabaseError as exc:
        database.dispose()
        name = database.name
        if database.is_server:
            # Most likely the staff's role, which may not change the schema: the owner upgrades it.
            raise DatabaseError(f"Базу {name} не удалось обновить до версии этой программы: у пользователя "
                                f"«{database.url.username}» нет на это прав или база не ПрофТрека. Обновление "
                                "выполняет администратор под владельцем базы (см. README). Ничего не изменено.") from None
        raise DatabaseError(f"Файл «{name}» не является базой данных ПрофТрека или повреждён "
                            f"({exc.orig or exc}). Файл не изменён.") from None
    except Exception:
        database.dispose()
        raise
    return database


def _file_head_revision() -> str | None:
    """The head revision read from the revision files themselves (None when it is not a single line)."""
    revisions: dict[str, str | None] = {}
    for path in (migrations_path() / "versions").glob("*.py"):
        found = dict((m.group(1), m.group(2)) for m in _REVISION_LINE.finditer(path.read_text(encoding="utf-8")))
        if "revision" not in found:
            return None
        revisions[found["revision"]] = found.get("down_revision")
    heads = set(revisions) - set(revisions.values())
    return heads.pop() if len(heads) == 1 else None


def _is_at_head(database: Database) -> bool:
    """True when the file's recorded revision is the head: nothing to do, alembic need not be loaded."""
    if database.path is None or not database.path.exists():
        return False
    head = _file_head_revision()
    if head is None:
        return False
    with database.engine.connect() as conn:
        has_version = conn.exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'").first()
        if not has_version:
            return False
        rows = conn.exec_driver_sql("SELECT version_num FROM alembic_version").fetchall()
    return [r[0] for r in rows] == [head]
