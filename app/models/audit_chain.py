"""The audit log's hash chain: every entry carries SHA-256 of the previous entry's hash and its own fields,
so that editing or removing an entry (after dropping the triggers that forbid it) breaks the chain from that
entry on. The hash is set when the entry is flushed, whoever adds it (the unit of work, sign-in, migrations).

The chain is not keyed: someone who rewrites the log and recomputes every later hash is not caught by it
alone; it catches the edit of a row, a row removed from the middle, and a row inserted by hand."""
from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import event, inspect, select, text
from sqlalchemy.orm import Session

from app.models.account import AuditEntry


# The triggers that make the log append-only (SQLite); made by the migrations, checked by `check`, and put
# back at start when missing.
TRIGGERS = {f"audit_log_no_{op.lower()}": (
    f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{op.lower()} BEFORE {op} ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'Журнал аудита нельзя изменять'); END") for op in ("UPDATE", "DELETE")}


_CHAIN_LOCK = 7_341_001   # any number of our own for pg_advisory_xact_lock


def canonical(entry_id: int, at: dt.datetime, user_id: int | None, user_login: str, action: str, entity: str,
              entity_id: int | None, details: str) -> str:
    fields = (str(entry_id), at.strftime("%Y-%m-%d %H:%M:%S"), "" if user_id is None else str(user_id),
              user_login or "", action or "", entity or "", "" if entity_id is None else str(entity_id),
              details or "")
    return "\x1f".join(fields)


def link(previous: str, text: str) -> str:
    return hashlib.sha256(((previous or "") + "\x1e" + text).encode("utf-8")).hexdigest()


def parse_at(value: object) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


@event.listens_for(Session, "before_flush")
def _chain_new_entries(session: Session, _context, _instances) -> None:
    new = [o for o in session.new if isinstance(o, AuditEntry)]
    if not new:
        return
    new.sort(key=lambda o: inspect(o).insert_order)
    with session.no_autoflush:
        if session.get_bind().dialect.name == "postgresql":
            # Several computers write at once: the chain's next link is taken by one transaction at a time
            # (held until it commits), so two never compute the same id and previous hash.
            session.execute(text(f"SELECT pg_advisory_xact_lock({_CHAIN_LOCK})"))
        last = session.execute(select(AuditEntry.id, AuditEntry.chain).order_by(AuditEntry.id.desc())
                               .limit(1)).first()
    last_id, previous = (last[0], last[1] or "") if last else (0, "")
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    for entry in new:
        last_id += 1
        entry.id = last_id
        # As CURRENT_TIMESTAMP would (UTC, whole seconds): the time is part of what is hashed.
        entry.at = (entry.at or now).replace(microsecond=0)
        entry.chain = previous = link(previous, canonical(
            entry.id, entry.at, entry.user_id, entry.user_login, entry.action, entry.entity, entry.entity_id,
            entry.details))
