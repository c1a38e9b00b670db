"""Is the audit log as it was written? `check_audit_log` verifies the hash chain entry by entry and that the
triggers forbidding UPDATE and DELETE exist; `restore_audit_triggers` puts missing triggers back when the
program opens a database and records that it did (app/models/audit_chain.py makes the chain)."""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import text

from app.models import AuditEntry
from app.models.audit_chain import TRIGGERS, canonical, link, parse_at
from app.services.errors import UserError


@dataclass
class AuditCheck:
    entries: int = 0
    first_broken: int | None = None           # id of the first entry whose hash does not follow
    missing_triggers: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.first_broken is None and not self.missing_triggers

    def problems(self) -> list[str]:
        out = []
        if self.missing_triggers:
            out.append("Журнал аудита не защищён: нет триггеров " + ", ".join(f"«{t}»" for t in self.missing_triggers)
                       + " (их удалили; записи журнала можно было изменить)")
        if self.first_broken is not None:
            out.append(f"Журнал аудита изменён: запись № {self.first_broken} не совпадает с цепочкой контрольных "
                       "сумм (её или запись перед ней изменили, удалили или вставили вручную)")
        return out


def _present_triggers(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND "
                                      "tbl_name = 'audit_log'")}


def check_audit_log(path: Path) -> AuditCheck:
    """Reads only. A file without an audit log (not a ПрофТрек database) is reported by the integrity check."""
    result = AuditCheck()
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        raise UserError(f"Файл базы данных «{path}» не открывается.") from None
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "audit_log" not in tables:
            return result
        result.missing_triggers = sorted(set(TRIGGERS) - _present_triggers(con))
        columns = {r[1] for r in con.execute("PRAGMA table_info(audit_log)")}
        if "chain" not in columns:
            return result
        previous = ""
        for row in con.execute("SELECT id, at, user_id, user_login, action, entity, entity_id, details, chain "
                               "FROM audit_log ORDER BY id"):
            result.entries += 1
            entry_id, at, user_id, login, action, entity, entity_id, details, chain = row
            try:
                expected = link(previous, canonical(entry_id, parse_at(at), user_id, login, action, entity,
                                                    entity_id, details))
            except (TypeError, ValueError):
                expected = None
            if expected != chain:
                result.first_broken = entry_id
                break
            previous = chain
    except sqlite3.DatabaseError as exc:
        raise UserError(f"Журнал аудита в «{path.name}» не читается: база повреждена ({exc}).") from None
    finally:
        con.close()
    return result


def restore_audit_triggers(database) -> list[str]:
    """Put back the append-only triggers someone dropped, and say so in the log. Returns those restored."""
    if database.engine.dialect.name != "sqlite":
        return []
    with database.session() as session:
        present = {r[0] for r in session.execute(text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_log'"))}
        missing = sorted(set(TRIGGERS) - present)
        if not missing:
            return []
        for name in missing:
            session.execute(text(TRIGGERS[name]))
        session.add(AuditEntry(user_id=None, user_login="", action="audit.triggers_restored", entity="audit_log",
                               details="восстановлена защита журнала: " + ", ".join(missing)))
        session.commit()
    return missing
