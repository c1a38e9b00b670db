"""The schools of the district: added by hand or by their first report, found again by INN, OO code or
name; with the date of each one's last report and whether it sent one for a year."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select

from app.models import DistrictSchool, SchoolReport
from app.services.access import Permission
from app.services.errors import UserError
from app.services.municipality.setup import require_municipal
from app.services.text import fold, sort_key
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class SchoolEntry:
    id: int
    full_name: str
    short_name: str
    oo_code: str
    inn: str
    last_loaded_at: dt.datetime | None     # the last report of any year
    has_report: bool                        # for the year (and set) asked about

    @property
    def name(self) -> str:
        return self.short_name or self.full_name


def name_key(full_name: str) -> str:
    return " ".join(fold(full_name).replace("«", "").replace("»", "").replace('"', "").split())


def add_school(uow: UnitOfWork, *, full_name: str, short_name: str = "", oo_code: str = "", inn: str = "") -> int:
    """Register a school by hand (so that the summary says when it has not sent a report)."""
    full_name = " ".join(full_name.split())
    if not full_name:
        raise UserError("Укажите полное наименование школы.")
    inn = inn.strip()
    if inn and (not inn.isdigit() or len(inn) not in (10, 12)):
        raise UserError(f"ИНН «{inn}» указан неверно: 10 или 12 цифр.")
    with uow:
        uow.require(Permission.EDIT_SCHOOL)
        require_municipal(uow.session, uow.database)
        if find_school(uow.session, full_name=full_name, oo_code=oo_code, inn=inn) is not None:
            raise UserError(f"Школа «{full_name}» уже есть в списке.")
        row = DistrictSchool(full_name=full_name, short_name=" ".join(short_name.split()), oo_code=oo_code.strip(),
                             inn=inn, name_key=name_key(full_name))
        uow.session.add(row)
        uow.session.flush()
        uow.audit("district_school.add", entity="district_school", entity_id=row.id, details=full_name)
        uow.commit()
        return row.id


def find_school(session, *, full_name: str, oo_code: str = "", inn: str = "") -> DistrictSchool | None:
    """By INN, else OO code, else the name: a school renamed between two reports is still the same school."""
    if inn:
        row = session.scalar(select(DistrictSchool).where(DistrictSchool.inn == inn))
        if row is not None:
            return row
    if oo_code:
        row = session.scalar(select(DistrictSchool).where(DistrictSchool.oo_code == oo_code))
        if row is not None:
            return row
    return session.scalar(select(DistrictSchool).where(DistrictSchool.name_key == name_key(full_name)))


def list_schools(uow: UnitOfWork, *, year: int | None = None, set_code: str | None = None) -> list[SchoolEntry]:
    with uow:
        uow.require(Permission.VIEW_INDICATORS)
        session = uow.session
        last = dict(session.execute(select(SchoolReport.school_id, func.max(SchoolReport.loaded_at))
                                    .group_by(SchoolReport.school_id)).all())
        query = select(SchoolReport.school_id).distinct()
        if year is not None:
            query = query.where(SchoolReport.start_year == year)
        if set_code:
            query = query.where(SchoolReport.set_code == set_code)
        reported = set(session.scalars(query))
        rows = session.scalars(select(DistrictSchool)).all()
        entries = [SchoolEntry(r.id, r.full_name, r.short_name, r.oo_code, r.inn, last.get(r.id), r.id in reported)
                   for r in rows]
    return sorted(entries, key=lambda e: sort_key(e.name))
