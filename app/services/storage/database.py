"""The SQLite database: one engine per file, with the pragmas and Russian text functions on every connection."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from app.services import text

BUSY_TIMEOUT_MS = 5000


def _on_connect(dbapi_conn: sqlite3.Connection, _record: object, *, wal: bool) -> None:
    # Let SQLAlchemy emit BEGIN itself (see _on_begin): pysqlite's own implicit transactions
    # start only before DML, which would let a unit of work read outside its transaction.
    dbapi_conn.isolation_level = None
    dbapi_conn.create_function("lower", 1, text.sql_lower, deterministic=True)
    dbapi_conn.create_function("upper", 1, text.sql_upper, deterministic=True)
    dbapi_conn.create_function("ru_fold", 1, text.sql_fold, deterministic=True)
    dbapi_conn.create_function("like", 2, text.sql_like, deterministic=True)
    dbapi_conn.create_function("like", 3, text.sql_like, deterministic=True)
    dbapi_conn.create_collation("RU", text.collate_ru)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if wal:
        cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    # Deleted personal data must not linger in free pages of the file.
    cur.execute("PRAGMA secure_delete=ON")
    cur.close()


def _on_begin(conn) -> None:
    conn.exec_driver_sql("BEGIN")


@dataclass
class Database:
    """An open school database file. Sessions are made per unit of work, never shared between threads."""

    path: Path | None
    engine: Engine
    session_factory: sessionmaker[Session] = field(repr=False)
    # A recovery key made while this file was upgraded (migrations), for the program to show once.
    notes_recovery_key: str | None = field(default=None, repr=False)

    @classmethod
    def open(cls, path: Path | str | None, *, wal: bool = True) -> Database:
        """Open (not migrate) the file; `None` opens a private in-memory database for tests."""
        if path is None:
            engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
            wal = False
        else:
            path = Path(path)
            engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
        event.listen(engine, "connect", lambda c, r: _on_connect(c, r, wal=wal))
        event.listen(engine, "begin", _on_begin)
        return cls(path=path, engine=engine,
                   session_factory=sessionmaker(bind=engine, expire_on_commit=False, autoflush=True))

    def session(self) -> Session:
        return self.session_factory()

    def dispose(self) -> None:
        self.engine.dispose()


def delete_database_files(path: Path) -> None:
    """Remove a database file with its WAL and shared-memory files (the engine must be disposed first)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
