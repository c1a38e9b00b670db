"""Журнал аудита for the administrator: who viewed a consultation, exported personal data, changed or
deleted records, logged in or failed to — listed with filters and exported to XLSX.

The log is append-only for every role: triggers in the database refuse UPDATE and DELETE, and this
module (like every other) only reads it; entries are added by `UnitOfWork.audit` in the same
transaction as the action they record.

Entries name students and staff by id only (the log outlives anonymisation, see retention.py); the
viewer resolves those ids to today's names when it lists the log, for a user allowed to see the roster.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.models import AuditEntry, Staff, Student
from app.services.access import Permission
from app.services.labels import AUDIT_ACTION_LABELS, AUDIT_ENTITY_LABELS
from app.services.text import fold
from app.services.uow import UnitOfWork

DEFAULT_LIMIT = 20_000


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: dt.datetime
    user_login: str
    action: str
    action_label: str
    entity: str
    entity_id: int | None
    details: str
    subject: str = ""              # today's name of the student / staff member the entry is about

    @property
    def object_label(self) -> str:
        name = AUDIT_ENTITY_LABELS.get(self.entity, self.entity)
        label = f"{name} № {self.entity_id}" if self.entity_id is not None else name
        return f"{label}: {self.subject}" if self.subject else label

    @property
    def search_text(self) -> str:
        return fold(f"{self.user_login} {self.action_label} {self.object_label} {self.details}")


def action_label(action: str) -> str:
    return AUDIT_ACTION_LABELS.get(action, action)


# SQLite's CURRENT_TIMESTAMP, which stamps the entries, is UTC; people read and filter in local time.
def _to_local(at: dt.datetime) -> dt.datetime:
    return at.replace(tzinfo=dt.timezone.utc).astimezone().replace(tzinfo=None)


def _local_midnight_as_utc(day: dt.date) -> dt.datetime:
    local = dt.datetime.combine(day, dt.time.min).astimezone()
    return local.astimezone(dt.timezone.utc).replace(tzinfo=None)


def list_audit(uow: UnitOfWork, *, date_from: dt.date | None = None, date_to: dt.date | None = None,
               login: str | None = None, action_prefix: str | None = None,
               limit: int = DEFAULT_LIMIT) -> list[AuditRow]:
    """Entries newest first; dates are inclusive."""
    with uow:
        uow.require(Permission.VIEW_AUDIT)
        query = select(AuditEntry)
        if date_from is not None:
            query = query.where(AuditEntry.at >= _local_midnight_as_utc(date_from))
        if date_to is not None:
            query = query.where(AuditEntry.at < _local_midnight_as_utc(date_to + dt.timedelta(days=1)))
        if login:
            query = query.where(AuditEntry.user_login == login.strip().lower())
        if action_prefix:
            query = query.where(AuditEntry.action.startswith(action_prefix, autoescape=True))
        entries = uow.session.scalars(query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)).all()
        names = _subject_names(uow, entries)
        return [AuditRow(id=e.id, at=_to_local(e.at), user_login=e.user_login, action=e.action,
                         action_label=action_label(e.action), entity=e.entity, entity_id=e.entity_id,
                         details=e.details, subject=names.get((e.entity, e.entity_id), "")) for e in entries]


def _subject_names(uow: UnitOfWork, entries) -> dict[tuple[str, int], str]:
    """(entity, id) → the person's name now: students for a user who may see the roster (an anonymised
    one stays «обезличен»), staff members."""
    wanted: dict[str, set[int]] = {"student": set(), "staff": set()}
    for e in entries:
        if e.entity in wanted and e.entity_id is not None:
            wanted[e.entity].add(e.entity_id)
    names: dict[tuple[str, int], str] = {}
    if wanted["student"] and uow.actor.has(Permission.VIEW_ROSTER):
        for student in uow.session.scalars(select(Student).where(Student.id.in_(wanted["student"]))):
            names["student", student.id] = "обезличен" if student.is_anonymized else student.full_name
    if wanted["staff"]:
        for person in uow.session.scalars(select(Staff).where(Staff.id.in_(wanted["staff"]))):
            names["staff", person.id] = person.full_name
    return names


def export_audit_xlsx(uow: UnitOfWork, path: Path, **filters) -> int:
    """The log (with the same filters) as an XLSX file; the export itself is logged."""
    from openpyxl import Workbook

    from app.services.files.export_safety import PERSONAL_DATA_NOTICE, write_text_cell

    with uow:
        uow.require(Permission.VIEW_AUDIT)
        rows = list_audit(uow, **filters)
        book = Workbook()
        sheet = book.active
        sheet.title = "Журнал аудита"
        write_text_cell(sheet.cell(1, 1), PERSONAL_DATA_NOTICE)
        write_text_cell(sheet.cell(2, 1), f"Журнал аудита, выгружен {dt.datetime.now():%d.%m.%Y %H:%M}")
        headers = ["Время", "Пользователь", "Действие", "Объект", "Подробности"]
        for col, header in enumerate(headers, 1):
            write_text_cell(sheet.cell(4, col), header)
        for n, row in enumerate(rows, 5):
            values = [row.at, row.user_login, row.action_label, row.object_label, row.details]
            for col, value in enumerate(values, 1):
                cell = sheet.cell(n, col)
                write_text_cell(cell, value)
                if isinstance(value, dt.datetime):
                    cell.number_format = "DD.MM.YYYY HH:MM:SS"
        for col, width in zip("ABCDE", (20, 20, 36, 28, 60), strict=True):
            sheet.column_dimensions[col].width = width
        book.save(path)
        uow.audit("export.audit", entity="audit_log", details=f"строк: {len(rows)}")
        uow.commit()
        return len(rows)
