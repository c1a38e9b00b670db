"""`copy-db`: a school's whole database moved between a SQLite file and a PostgreSQL server, either way.

All or nothing: the target gets the schema at head, then every table's rows in one transaction, and the
row count of every table is compared with the source's before that transaction commits. A target that
already holds data is refused. The same copy makes a server backup when pg_dump is not installed."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Table, func, inspect, select
from sqlalchemy.engine import Connection, URL

from app.models import Base
from app.services.errors import UserError
from app.services.progress import ProgressFn
from app.services.storage.database import Database, is_server_url
from app.services.storage.server import reset_sequences

BATCH = 5000


@dataclass(frozen=True)
class CopyResult:
    source: str
    target: str
    rows: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def describe_target(target: Path | str | URL) -> str:
    """How a file or server database is named in a message (never with the password)."""
    if is_server_url(target):
        database = Database.open(target)
        try:
            return database.name
        finally:
            database.dispose()
    return f"«{Path(target)}»"


def tables_with_rows(database: Database) -> list[str]:
    """Tables of the school that hold at least one row (empty list: a new or empty database)."""
    with database.engine.connect() as conn:
        present = set(inspect(conn).get_table_names())
        return [t.name for t in Base.metadata.sorted_tables
                if t.name in present and conn.execute(select(1).select_from(t).limit(1)).first()]


def holds_school(target: Path | str | URL) -> bool:
    """Whether the file or server database already holds a school (any data at all), read only."""
    if not is_server_url(target) and (not Path(target).exists() or Path(target).stat().st_size == 0):
        return False
    database = Database.open(target)
    try:
        return bool(tables_with_rows(database))
    finally:
        database.dispose()


def copy_database(source: Path | str | URL, target: Path | str | URL, *,
                  progress: ProgressFn | None = None) -> CopyResult:
    """Copy every row of the school from `source` to the empty `target` (made at the head schema)."""
    from app.services.storage.migrations import open_database

    if not is_server_url(source) and not Path(source).exists():
        raise UserError(f"Файл базы данных «{source}» не найден.")
    if holds_school(target):
        raise UserError(f"В базе {describe_target(target)} уже есть данные. Копирование возможно только в пустую "
                        "базу: создайте новую базу данных или новый файл. Ничего не изменено.")
    if not is_server_url(target):
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    src = open_database(source)
    try:
        dst = open_database(target)
        try:
            rows = _copy_rows(src, dst, progress)
            return CopyResult(src.name, dst.name, rows)
        finally:
            dst.dispose()
    finally:
        src.dispose()


def _copy_rows(src: Database, dst: Database, progress: ProgressFn | None) -> dict[str, int]:
    tables = Base.metadata.sorted_tables   # parents before children
    with src.engine.connect() as read:
        counts = {t.name: read.execute(select(func.count()).select_from(t)).scalar_one() for t in tables}
        total, done = sum(counts.values()), 0
        with dst.engine.begin() as write:
            for table in tables:
                order = list(table.primary_key.columns)
                result = read.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
                if dst.dialect == "postgresql":
                    done = _copy_into_server(write, table, result, done, total, progress)
                    continue
                for batch in result.mappings().partitions(BATCH):
                    write.execute(table.insert(), [dict(r) for r in batch])
                    done += len(batch)
                    if progress:
                        progress(done, total)
            copied = {t.name: write.execute(select(func.count()).select_from(t)).scalar_one() for t in tables}
            wrong = [f"{name}: {counts[name]} → {copied[name]}" for name in counts if copied[name] != counts[name]]
            if wrong:
                raise UserError("Копия не совпала с исходной базой по числу записей (" + "; ".join(wrong) +
                                "). Ничего не записано.")
            if dst.dialect == "postgresql":
                reset_sequences(write)
    return counts


def _copy_into_server(write: Connection, table: Table, result, done: int, total: int,
                      progress: ProgressFn | None) -> int:
    """Rows into a PostgreSQL table through COPY (tens of times quicker than INSERTs for millions of rows),
    inside the same transaction as everything else."""
    columns = ", ".join(f'"{c.name}"' for c in table.columns)
    cursor = write.connection.dbapi_connection.cursor()
    try:
        with cursor.copy(f'COPY "{table.name}" ({columns}) FROM STDIN') as copy:
            for batch in result.partitions(BATCH):
                for row in batch:
                    copy.write_row(tuple(row))
                done += len(batch)
                if progress:
                    progress(done, total)
    finally:
        cursor.close()
    return done
