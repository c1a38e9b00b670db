"""The school's database: a SQLite file on this computer or a PostgreSQL server shared by the staff.

Everything that differs by engine is set up here, when a connection opens, and nowhere else:
- SQLite: the pragmas and the Russian text functions (lower/upper/like/ru_fold, COLLATE RU) on every
  connection, BEGIN emitted by SQLAlchemy itself;
- PostgreSQL (psycopg 3): UTC session time (what SQLite's CURRENT_TIMESTAMP gives), a short connect timeout,
  a liveness check before a pooled connection is reused (a lost connection is replaced on the next action).
  ru_fold is a SQL function created by the migrations (revision 0002), with the same results as text.fold
  on Russian and Latin names.

A target is a file path or a SQLAlchemy URL `postgresql+psycopg://USER:PASSWORD@HOST:PORT/DBNAME`; the
password never leaves this module in a message (`Database.name`, `mask_url`).
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from app.services import text
from app.services.errors import DatabaseError

BUSY_TIMEOUT_MS = 5000
CONNECT_TIMEOUT_S = 5
SERVER_WORK_MEM = "64MB"
SERVER_SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")


def is_server_url(target: object) -> bool:
    """Whether `target` names a PostgreSQL server database (a URL) rather than a file."""
    return isinstance(target, (str, URL)) and str(target).lower().startswith(SERVER_SCHEMES)


def parse_server_url(target: str | URL) -> URL:
    """The URL with the psycopg 3 driver; a malformed URL is refused in Russian (password not shown)."""
    try:
        url = make_url(target) if isinstance(target, str) else target
    except ArgumentError:
        raise DatabaseError("Адрес сервера базы данных записан неверно. Нужен вид "
                            "postgresql+psycopg://ПОЛЬЗОВАТЕЛЬ:ПАРОЛЬ@СЕРВЕР:ПОРТ/БАЗА.") from None
    if url.get_backend_name() != "postgresql":
        raise DatabaseError(f"ПрофТрек работает только с сервером PostgreSQL, а не «{url.get_backend_name()}».")
    if not url.database:
        raise DatabaseError(f"В адресе «{mask_url(url)}» не указано имя базы данных.")
    return url.set(drivername="postgresql+psycopg")


def mask_url(url: str | URL) -> str:
    """The URL as it may be shown or logged: the password replaced by ***."""
    try:
        parsed = make_url(url) if isinstance(url, str) else url
    except ArgumentError:
        return "postgresql://…"
    return parsed.render_as_string(hide_password=True)


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


def _on_server_connect(dbapi_conn, _record: object) -> None:
    # Timestamps are stored without a zone, as UTC, the same as SQLite's CURRENT_TIMESTAMP.
    with dbapi_conn.cursor() as cur:
        cur.execute("SET TIME ZONE 'UTC'")
        # A year's attendance summarised per student (indicators) is hashed in memory, not spilled to disk:
        # 100,000 students need about 25 MB; the server's default is 4 MB.
        cur.execute(f"SET work_mem = '{SERVER_WORK_MEM}'")
    dbapi_conn.commit()


@dataclass
class Database:
    """An open school database. Sessions are made per unit of work, never shared between threads.

    `path` is the file of a SQLite database (None for a server or an in-memory database); `url` is the
    server's URL (None for SQLite)."""

    path: Path | None
    engine: Engine
    session_factory: sessionmaker[Session] = field(repr=False)
    url: URL | None = field(default=None, repr=False)
    # A recovery key made while this file was upgraded (migrations), for the program to show once.
    notes_recovery_key: str | None = field(default=None, repr=False)

    @classmethod
    def open(cls, target: Path | str | URL | None, *, wal: bool = True) -> Database:
        """Open (not migrate) the database; `None` opens a private in-memory SQLite database for tests."""
        if is_server_url(target):
            return cls._open_server(parse_server_url(target))  # type: ignore[arg-type]
        path: Path | None
        if target is None:
            engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
            wal = False
            path = None
        else:
            path = Path(target)  # type: ignore[arg-type]
            engine = create_engine(f"sqlite:///{path}", connect_args={"check_same_thread": False})
        event.listen(engine, "connect", lambda c, r: _on_connect(c, r, wal=wal))
        event.listen(engine, "begin", _on_begin)
        return cls(path=path, engine=engine,
                   session_factory=sessionmaker(bind=engine, expire_on_commit=False, autoflush=True))

    @classmethod
    def _open_server(cls, url: URL) -> Database:
        engine = create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=4, hide_parameters=True,
                               connect_args={"connect_timeout": CONNECT_TIMEOUT_S,
                                             "application_name": "ProfTrack"})
        event.listen(engine, "connect", _on_server_connect)
        return cls(path=None, engine=engine, url=url,
                   session_factory=sessionmaker(bind=engine, expire_on_commit=False, autoflush=True))

    @property
    def dialect(self) -> str:
        """"sqlite" or "postgresql"."""
        return self.engine.dialect.name

    @property
    def is_server(self) -> bool:
        return self.url is not None

    @property
    def name(self) -> str:
        """How the database is named to the user: the file's name or the server's database (no password)."""
        if self.url is not None:
            return f"{self.url.database} на сервере {self.url.host or 'localhost'}"
        return self.path.name if self.path else "база данных"

    def session(self) -> Session:
        return self.session_factory()

    def dispose(self) -> None:
        self.engine.dispose()


def delete_database_files(path: Path) -> None:
    """Remove a database file with its WAL and shared-memory files (the engine must be disposed first)."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
