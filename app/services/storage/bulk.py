"""Settings of a connection for one bulk write (a million imported marks), kept beside the storage layer that
knows the engines: SQLite keeps 2 MB of pages by default, and index updates keyed in random order (by student)
then read and write the same pages again and again; PostgreSQL sizes its buffers itself."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def bigger_page_cache(session, *, kib: int = 32 * 1024) -> Iterator[None]:
    """Inside the caller's transaction: a page cache of `kib` KiB on SQLite, restored afterwards."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        yield
        return
    before = int(connection.exec_driver_sql("PRAGMA cache_size").scalar())
    connection.exec_driver_sql(f"PRAGMA cache_size=-{int(kib)}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size={before}")
