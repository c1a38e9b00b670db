"""Согласия родителей на обработку персональных данных: the per-student register (received on, scope,
withdrawn on), marking many students at once, the list of students without a recorded consent, and
the rule other services follow: a withdrawn consent hides that student's health flags (ОВЗ,
инвалидность) from every report and list.

Counting (indicators) never asks about consent: it reads the flags directly.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased

from app.models import AcademicYear, Consent, Enrollment, SchoolClass, Student
from app.models.codes import CONSENT_SCOPES
from app.services.access import Permission
from app.services.errors import NotFound, UserError
from app.services.labels import CONSENT_SCOPE_LABELS
from app.services.text import sort_key
from app.services.uow import UnitOfWork

CONSENT_STATUS_NONE = "нет согласия"
CONSENT_STATUS_GIVEN = "согласие получено"
CONSENT_STATUS_WITHDRAWN = "согласие отозвано"
HEALTH_HIDDEN_REASON = "Сведения о здоровье скрыты: родители отозвали согласие на обработку персональных данных."


@dataclass(frozen=True)
class ConsentRow:
    """One student of the year with the state of their latest consent."""

    student_id: int
    student_name: str
    class_label: str
    received_on: dt.date | None
    scope: str
    scope_label: str
    withdrawn_on: dt.date | None

    @property
    def status(self) -> str:
        if self.received_on is None:
            return CONSENT_STATUS_NONE
        return CONSENT_STATUS_WITHDRAWN if self.withdrawn_on else CONSENT_STATUS_GIVEN

    @property
    def search_text(self) -> str:
        from app.services.text import fold
        return fold(f"{self.student_name} {self.class_label} {self.status}")


def _latest_consents(session, student_ids: Iterable[int] | None = None) -> dict[int, Consent]:
    """Each student's most recent consent (a new paper after a withdrawal supersedes it)."""
    query = select(Consent).order_by(Consent.student_id, Consent.received_on, Consent.id)
    if student_ids is not None:
        query = query.where(Consent.student_id.in_(list(student_ids)))
    latest: dict[int, Consent] = {}
    for consent in session.scalars(query):
        latest[consent.student_id] = consent
    return latest


def withdrawn_consent_ids(session) -> set[int]:
    """Students whose latest consent was withdrawn: their health flags must be hidden everywhere.

    Asked for every list of students: only the withdrawn papers are read (few), each kept when no later
    paper of the same student supersedes it — not every student's consents (106,000 rows took 0.15 s)."""
    later = aliased(Consent)
    superseded = (select(later.id).where(
        later.student_id == Consent.student_id,
        or_(later.received_on > Consent.received_on,
            and_(later.received_on == Consent.received_on, later.id > Consent.id)))
        .exists())
    return set(session.connection().execute(
        select(Consent.student_id).where(Consent.withdrawn_on.is_not(None), ~superseded)).scalars())


def health_shown(uow: UnitOfWork) -> Callable[[int], bool]:
    """Whether the acting user may see a given student's ОВЗ / инвалидность flags (inside `with uow`):
    only roles with VIEW_HEALTH, and never for a student whose consent was withdrawn."""
    if not uow.actor.has(Permission.VIEW_HEALTH):
        return lambda _student_id: False
    hidden = withdrawn_consent_ids(uow.session)
    return lambda student_id: student_id not in hidden


def _year_students(session, start_year: int) -> list[tuple[Student, str]]:
    rows = session.execute(
        select(Student, SchoolClass.grade, SchoolClass.letter)
        .join(Enrollment, Enrollment.student_id == Student.id)
        .join(AcademicYear, AcademicYear.id == Enrollment.year_id)
        .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
        .where(AcademicYear.start_year == start_year, Student.is_anonymized.is_(False))
    ).all()
    return [(s, f"{g}{letter}") for s, g, letter in rows]


def consent_register(uow: UnitOfWork, *, year: int, only_missing: bool = False) -> list[ConsentRow]:
    """The year's students with their consent; `only_missing`: those without a valid consent to chase."""
    with uow:
        uow.require(Permission.EDIT_CONSENT)
        return _register(uow.session, year, only_missing)


def _register(session, year: int, only_missing: bool) -> list[ConsentRow]:
    students = _year_students(session, year)
    latest = _latest_consents(session, [s.id for s, _ in students])
    rows = []
    for student, label in students:
        consent = latest.get(student.id)
        if only_missing and consent is not None and consent.withdrawn_on is None:
            continue
        rows.append(ConsentRow(
            student_id=student.id, student_name=student.full_name, class_label=label,
            received_on=consent.received_on if consent else None,
            scope=consent.scope if consent else "",
            scope_label=CONSENT_SCOPE_LABELS.get(consent.scope, "") if consent else "",
            withdrawn_on=consent.withdrawn_on if consent else None))
    rows.sort(key=lambda r: (_class_sort(r.class_label), sort_key(r.student_name)))
    return rows


def _class_sort(label: str) -> tuple[int, str]:
    digits = "".join(ch for ch in label if ch.isdigit())
    return (int(digits) if digits else 0, label)


def mark_received(uow: UnitOfWork, student_ids: Iterable[int], *, received_on: dt.date,
                  scope: str = "personal_and_health") -> int:
    """«Согласие получено» for many students at once; those with a valid consent are left as they are.
    Returns how many consents were recorded."""
    if scope not in CONSENT_SCOPES:
        raise UserError(f"Неизвестный объём согласия «{scope}».")
    ids = sorted(set(student_ids))
    with uow:
        uow.require(Permission.EDIT_CONSENT)
        found = set(uow.session.scalars(select(Student.id).where(Student.id.in_(ids))))
        missing = [i for i in ids if i not in found]
        if missing:
            raise NotFound(f"Обучающиеся не найдены (номера {', '.join(map(str, missing[:10]))}).")
        added = record_received(uow.session, dict.fromkeys(ids, received_on), scope=scope)
        uow.audit("consent.received", entity="consent", details=f"отмечено согласий: {added}")
        uow.commit()
        return added


def students_needing_consent(session, student_ids: Iterable[int]) -> set[int]:
    """Those of the students without a valid consent (none recorded, or the latest one withdrawn):
    marking a consent for anyone else would duplicate the paper already on record."""
    ids = list(student_ids)
    latest = _latest_consents(session, ids)
    return {i for i in ids if latest.get(i) is None or latest[i].withdrawn_on is not None}


def record_received(session, received: dict[int, dt.date], *, scope: str = "personal_and_health") -> int:
    """Record consents {student id: date received} inside the caller's transaction (rights and audit are
    the caller's); students who already have a valid consent are left as they are. Returns how many
    were recorded."""
    if scope not in CONSENT_SCOPES:
        raise UserError(f"Неизвестный объём согласия «{scope}».")
    needing = students_needing_consent(session, received)
    for student_id in sorted(needing):
        session.add(Consent(student_id=student_id, received_on=received[student_id], scope=scope))
    return len(needing)


def record_withdrawal(uow: UnitOfWork, student_id: int, *, withdrawn_on: dt.date) -> None:
    """Parents withdrew their consent: from now on the student's health flags are hidden."""
    with uow:
        uow.require(Permission.EDIT_CONSENT)
        consent = _latest_consents(uow.session, [student_id]).get(student_id)
        if consent is None:
            raise UserError("У обучающегося нет записанного согласия, отзывать нечего.")
        if consent.withdrawn_on is not None:
            raise UserError(f"Согласие уже отозвано {consent.withdrawn_on:%d.%m.%Y}.")
        if withdrawn_on < consent.received_on:
            raise UserError(f"Дата отзыва {withdrawn_on:%d.%m.%Y} раньше даты получения согласия "
                            f"{consent.received_on:%d.%m.%Y}.")
        consent.withdrawn_on = withdrawn_on
        uow.audit("consent.withdrawn", entity="student", entity_id=student_id)
        uow.commit()


def export_register_xlsx(uow: UnitOfWork, path: Path, *, year: int, only_missing: bool = True) -> int:
    """The list of students without consent (or the whole register) as XLSX, marked as personal data."""
    from openpyxl import Workbook

    from app.services.calendar import year_title
    from app.services.files.export_safety import PERSONAL_DATA_NOTICE, write_text_cell

    with uow:
        uow.require(Permission.EXPORT_PERSONAL_DATA)
        rows = _register(uow.session, year, only_missing)
        book = Workbook()
        sheet = book.active
        sheet.title = "Согласия"
        write_text_cell(sheet.cell(1, 1), PERSONAL_DATA_NOTICE)
        title = "Обучающиеся без согласия на обработку персональных данных" if only_missing else "Реестр согласий"
        write_text_cell(sheet.cell(2, 1), f"{title}, {year_title(year)} учебный год")
        headers = ["№", "ФИО обучающегося", "Класс", "Состояние", "Дата получения", "Объём", "Дата отзыва"]
        for col, header in enumerate(headers, 1):
            write_text_cell(sheet.cell(4, col), header)
        for n, row in enumerate(rows, 1):
            values = [n, row.student_name, row.class_label, row.status, row.received_on, row.scope_label,
                      row.withdrawn_on]
            for col, value in enumerate(values, 1):
                cell = sheet.cell(4 + n, col)
                write_text_cell(cell, value)
                if isinstance(value, dt.date):
                    cell.number_format = "DD.MM.YYYY"
        for col, width in zip("ABCDEFG", (5, 40, 8, 20, 15, 40, 15), strict=True):
            sheet.column_dimensions[col].width = width
        book.save(path)
        uow.audit("export.personal_data", entity="consent", details=f"{title}: {len(rows)} строк")
        uow.commit()
        return len(rows)
