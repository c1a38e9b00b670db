"""What a PostgreSQL server database needs beyond the connection: the program's role and its privileges,
backups and their restore, and the checks PostgreSQL has (the SQLite file checks are in integrity.py).

Backups: `pg_dump` in its custom format when the client tools are installed (restored with pg_restore onto
a fresh, empty server database); else a logical copy into a SQLite file through copy-db (transfer.py),
which restores onto a server the same way back. The password goes to the tools in their environment
(PGPASSWORD), never on a command line, in a message or in the copy."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL

from app.services.errors import UserError
from app.services.storage.database import Database, parse_server_url

PG_DUMP_MAGIC = b"PGDMP"
_ROLE = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def grant_program_role(database: Database, role: str) -> None:
    """Give the role the staff's computers connect as what the program needs, and no more: it reads and
    writes the school's tables but may only add to the audit log (never UPDATE, DELETE or TRUNCATE it).
    Run by the database's owner; tables made by later migrations get the same rights."""
    if not _ROLE.fullmatch(role):
        raise UserError(f"Имя роли «{role}» недопустимо: латинские строчные буквы, цифры и «_».")
    name = database.url.database if database.url else ""
    with database.engine.begin() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first()
        if not exists:
            raise UserError(f"На сервере нет роли «{role}». Создайте её (см. README), затем повторите.")
        for statement in (
                f'GRANT CONNECT, TEMPORARY ON DATABASE "{name}" TO {role}',
                f"GRANT USAGE ON SCHEMA public TO {role}",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
                f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
                f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM {role}",
                f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {role}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role}"):
            conn.exec_driver_sql(statement)


def reset_sequences(conn) -> None:
    """After rows were written with their own ids (copy-db, the demo's bulk inserts), make the server's id
    counters continue after the largest id of each table (SQLite needs nothing: it takes MAX(id) + 1)."""
    from app.models import Base

    if conn.dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or pk[0].type.python_type is not int:
            continue
        sequence = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                {"t": table.name, "c": pk[0].name}).scalar()
        if sequence:
            conn.execute(text(f"SELECT setval('{sequence}', COALESCE((SELECT MAX({pk[0].name}) FROM "
                              f"{table.name}), 0) + 1, false)"))


# --- Backups ----------------------------------------------------------------------------------------------

def pg_tool(name: str) -> str | None:
    """The PostgreSQL client program `name` (pg_dump, pg_restore), or None when it is not installed."""
    override = os.environ.get("PROFTRACK_PG_BIN")
    if override and (Path(override) / name).exists():
        return str(Path(override) / name)
    return shutil.which(name)


def _tool_env(url: URL) -> dict[str, str]:
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = str(url.password)
    return env


def _tool_args(url: URL) -> list[str]:
    args = ["--host", url.host or "localhost", "--dbname", str(url.database)]
    if url.port:
        args += ["--port", str(url.port)]
    if url.username:
        args += ["--username", url.username]
    return [*args, "--no-password"]


def _run(command: list[str], url: URL, what: str) -> None:
    result = subprocess.run(command, env=_tool_env(url), capture_output=True, text=True)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise UserError(f"{what} не удалось: {detail[-1] if detail else 'код ' + str(result.returncode)}.")


@dataclass(frozen=True)
class ServerBackup:
    path: Path
    kind: str          # "pg_dump" or "sqlite"


def backup_server(database: Database, target: Path) -> ServerBackup:
    """A copy of the server database in the file `target`: pg_dump's custom format, else a SQLite file."""
    assert database.url is not None
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        raise UserError(f"Файл «{target}» уже есть: копия не записана поверх него.")
    pg_dump = pg_tool("pg_dump")
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    if pg_dump:
        _run([pg_dump, *_tool_args(database.url), "--format=custom", "--no-owner", "--no-privileges",
              "--file", str(partial)], database.url, "Резервное копирование (pg_dump)")
        kind = "pg_dump"
    else:
        from app.services.storage.transfer import copy_database
        copy_database(database.url, partial)
        kind = "sqlite"
    os.replace(partial, target)
    return ServerBackup(target, kind)


def restore_server(url: str | URL, backup: Path) -> None:
    """Restore a server backup (either kind) into the empty server database `url`, all or nothing."""
    from app.services.storage.transfer import copy_database, describe_target, holds_school

    if not backup.exists():
        raise UserError(f"Файл резервной копии «{backup}» не найден.")
    parsed = parse_server_url(url)
    if holds_school(parsed):
        raise UserError(f"В базе {describe_target(parsed)} уже есть данные. Резервная копия восстанавливается на "
                        "новую пустую базу данных сервера. Ничего не изменено.")
    with backup.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(PG_DUMP_MAGIC):
        pg_restore = pg_tool("pg_restore")
        if not pg_restore:
            raise UserError("Копия сделана программой pg_dump: для восстановления нужна программа pg_restore "
                            "(клиентские программы PostgreSQL).")
        database = Database.open(parsed)
        try:
            # The empty database may already have the schema (made by `init`): the dump brings its own.
            with database.engine.begin() as conn:
                if [t for t in inspect(conn).get_table_names()]:
                    conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                    conn.exec_driver_sql("CREATE SCHEMA public")
        finally:
            database.dispose()
        _run([pg_restore, *_tool_args(parsed), "--no-owner", "--no-privileges", "--exit-on-error",
              "--single-transaction", str(backup)], parsed, "Восстановление (pg_restore)")
    elif head.startswith(b"SQLite format 3"):
        copy_database(backup, parsed)
    else:
        raise UserError(f"Файл «{backup.name}» не является резервной копией ПрофТрека.")


# --- Checks -----------------------------------------------------------------------------------------------

def server_check(database: Database) -> list[str]:
    """What PostgreSQL can tell about the school's database: the schema at the program's revision, the
    append-only audit log and the search function in place, every foreign key validated. Problems in
    Russian; an empty list means sound (PostgreSQL checks its own pages: data_checksums, amcheck)."""
    from app.services.storage.migrations import current_revision, head_revision

    problems: list[str] = []
    revision = current_revision(database)
    if revision != head_revision():
        problems.append(f"версия схемы базы «{revision}», а программе нужна «{head_revision()}»")
    with database.engine.connect() as conn:
        triggers = {r[0] for r in conn.execute(text(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_log'::regclass AND NOT tgisinternal "
            "AND tgenabled <> 'D'"))}
        for name in ("audit_log_no_change", "audit_log_no_truncate"):
            if name not in triggers:
                problems.append(f"нет защиты журнала аудита от изменения (триггер {name} отсутствует или выключен)")
        if conn.execute(text("SELECT ru_fold('ЁЛКА')")).scalar() != "елка":
            problems.append("функция поиска ru_fold отсутствует или работает неверно")
        invalid = conn.execute(text("SELECT conrelid::regclass::text, conname FROM pg_constraint "
                                    "WHERE contype IN ('f', 'c') AND NOT convalidated")).all()
        problems += [f"ограничение {name} таблицы {table} не проверено сервером" for table, name in invalid]
    return problems
