"""One school's loaded report as the municipality sees it (a click on a value of the summary), and the log of
what was loaded when and by whom."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.models import DistrictSchool, ReportLoad, SchoolReport
from app.services.access import Permission
from app.services.calendar import year_title
from app.services.errors import NotFound
from app.services.indicators import format_value
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class ReportLine:
    code: str
    name: str
    unit: str
    measure: str
    value: float | None
    numerator: float | None
    denominator: int | None

    @property
    def display(self) -> str:
        return format_value(self.value, share=self.measure != "count")


@dataclass(frozen=True)
class LoadedReport:
    school: str
    year_title: str
    set_title: str
    source: str
    file_name: str
    made_on: dt.date | None
    coordinator: str
    loaded_at: dt.datetime
    loaded_by: str
    lines: tuple[ReportLine, ...]


@dataclass(frozen=True)
class LoadEntry:
    school: str
    year_title: str
    set_code: str
    file_name: str
    source: str
    replaced: bool
    loaded_at: dt.datetime
    loaded_by: str


def loaded_report(uow: UnitOfWork, report_id: int) -> LoadedReport:
    with uow:
        uow.require(Permission.VIEW_INDICATORS)
        row = uow.session.get(SchoolReport, report_id)
        if row is None:
            raise NotFound("Отчёт не найден: возможно, его заменили новым. Обновите сводку.")
        return LoadedReport(
            school=row.school.full_name, year_title=year_title(row.start_year), set_title=row.set_title,
            source=row.source, file_name=row.file_name, made_on=row.made_on, coordinator=row.coordinator,
            loaded_at=row.loaded_at, loaded_by=row.loaded_by,
            lines=tuple(ReportLine(v.code, v.name, v.unit, v.measure, v.value, v.numerator, v.denominator)
                        for v in row.values))


def load_log(uow: UnitOfWork, *, limit: int = 500) -> list[LoadEntry]:
    with uow:
        uow.require(Permission.VIEW_INDICATORS)
        rows = uow.session.execute(
            select(ReportLoad, DistrictSchool.short_name, DistrictSchool.full_name)
            .join(DistrictSchool, DistrictSchool.id == ReportLoad.school_id)
            .order_by(ReportLoad.loaded_at.desc(), ReportLoad.id.desc()).limit(limit)).all()
        return [LoadEntry(short or full, year_title(r.start_year), r.set_code, r.file_name, r.source, r.replaced,
                          r.loaded_at, r.loaded_by) for r, short, full in rows]
