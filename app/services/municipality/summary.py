"""The district's summary for a year and an indicator set (`main.py consolidated`, the «Сводка» page).

Counts are summed over the schools; a share is the sum of the numerators over the sum of the denominators
(never an average of percentages), an average (hours per student) likewise; «—» where no school gave a
denominator. The target is met or not for the district and for each school. Schools registered without a
report for that year and set are listed as missing."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from app.models import DistrictSchool, SchoolReport, SchoolReportValue
from app.services.access import Permission
from app.services.calendar import year_title
from app.services.indicators import IndicatorSet, format_value, load_set
from app.services.indicators.compute import one_decimal, percent
from app.services.municipality.setup import require_municipal
from app.services.text import sort_key
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class Figure:
    value: float | None
    numerator: float | None = None
    denominator: int | None = None
    met: bool | None = None

    def as_json(self, code: str) -> dict:
        return {"code": code, "value": self.value, "numerator": self.numerator, "denominator": self.denominator,
                "met": self.met}


@dataclass(frozen=True)
class IndicatorHead:
    code: str
    goal: str
    name: str
    unit: str
    measure: str                 # count | share | average
    target: str | None

    def display(self, figure: Figure | None) -> str:
        value = None if figure is None else figure.value
        return format_value(value, share=self.measure != "count")


@dataclass(frozen=True)
class SchoolLine:
    school_id: int
    name: str
    full_name: str
    report_id: int
    source: str                  # program | hand
    loaded_at: dt.datetime
    figures: dict[str, Figure]


@dataclass(frozen=True)
class DistrictSummary:
    municipality: str
    start_year: int
    set_code: str
    set_title: str
    indicators: tuple[IndicatorHead, ...]
    schools: tuple[SchoolLine, ...]
    total: dict[str, Figure]
    missing: tuple[str, ...]
    roadmaps_approved: int | None    # ОО with an approved roadmap, from the schools' own «roadmap» indicator
    executor: tuple[str, str, str]   # signature, phone, e-mail of the municipality's specialist

    @property
    def year_title(self) -> str:
        return year_title(self.start_year)

    def as_json(self) -> dict:
        codes = [i.code for i in self.indicators]
        data = {
            "municipality": self.municipality, "year": self.year_title, "set": self.set_code,
            "schools": [{"name": s.name, "indicators": [s.figures[c].as_json(c) for c in codes if c in s.figures]}
                        for s in self.schools],
            "total": {"indicators": [self.total[c].as_json(c) for c in codes]},
            "missing": list(self.missing),
        }
        if self.roadmaps_approved is not None:
            data["roadmaps_approved"] = self.roadmaps_approved
        return data


def heads_of(ind_set: IndicatorSet) -> tuple[IndicatorHead, ...]:
    return tuple(IndicatorHead(
        code=d.code, goal=d.goal, name=d.name, unit=d.unit,
        measure="share" if d.rule.is_share else "average" if d.rule.kind == "average_hours" else "count",
        target=d.target.text if d.target else None) for d in ind_set.indicators)


def district_summary(uow: UnitOfWork, *, year: int, set_code: str) -> DistrictSummary:
    ind_set = load_set(set_code)
    heads = heads_of(ind_set)
    with uow:
        uow.require(Permission.VIEW_INDICATORS)
        session = uow.session
        municipality = require_municipal(session, uow.database)
        reports = session.execute(
            select(SchoolReport.id, SchoolReport.school_id, SchoolReport.source, SchoolReport.loaded_at,
                   DistrictSchool.short_name, DistrictSchool.full_name)
            .join(DistrictSchool, DistrictSchool.id == SchoolReport.school_id)
            .where(SchoolReport.start_year == year, SchoolReport.set_code == set_code)).all()
        values: dict[int, dict[str, Figure]] = {r.id: {} for r in reports}
        rows = session.execute(
            select(SchoolReportValue.report_id, SchoolReportValue.code, SchoolReportValue.value,
                   SchoolReportValue.numerator, SchoolReportValue.denominator)
            .join(SchoolReport, SchoolReport.id == SchoolReportValue.report_id)
            .where(SchoolReport.start_year == year, SchoolReport.set_code == set_code)).all()
        for v in rows:
            values[v.report_id][v.code] = Figure(_whole(v.value), _whole(v.numerator), v.denominator)
        reported = {r.school_id for r in reports}
        missing = sorted((s.short_name or s.full_name for s in session.scalars(select(DistrictSchool))
                          if s.id not in reported), key=sort_key)
        executor = (", ".join(p for p in (municipality.executor_name, municipality.executor_position) if p),
                    municipality.executor_phone, municipality.executor_email)
        name = municipality.name
    targets = {d.code: d.target for d in ind_set.indicators}
    schools = tuple(sorted((SchoolLine(
        school_id=r.school_id, name=r.short_name or r.full_name, full_name=r.full_name, report_id=r.id,
        source=r.source, loaded_at=r.loaded_at,
        figures={code: _with_met(f, targets.get(code)) for code, f in values[r.id].items()})
        for r in reports), key=lambda s: sort_key(s.name)))
    total = {h.code: _with_met(_total(h, [s.figures.get(h.code) for s in schools]), targets.get(h.code))
             for h in heads}
    roadmap_codes = [d.code for d in ind_set.indicators if d.rule.kind == "roadmap_approved"]
    roadmaps = (sum(1 for s in schools if (s.figures.get(roadmap_codes[0]) or Figure(None)).value)
                if roadmap_codes else None)
    return DistrictSummary(municipality=name, start_year=year, set_code=set_code, set_title=ind_set.title,
                           indicators=heads, schools=schools, total=total, missing=tuple(missing),
                           roadmaps_approved=roadmaps, executor=executor)


def _total(head: IndicatorHead, figures: list[Figure | None]) -> Figure:
    given = [f for f in figures if f is not None and f.numerator is not None]
    if head.measure == "count":
        if not given:
            return Figure(None)
        total = sum(f.numerator for f in given)  # type: ignore[misc]
        total = int(total) if float(total).is_integer() else one_decimal(total)
        return Figure(total, total, None)
    with_denominator = [f for f in given if f.denominator is not None]
    numerator = sum(f.numerator for f in with_denominator)  # type: ignore[misc]
    denominator = sum(f.denominator for f in with_denominator)  # type: ignore[misc]
    numerator = int(numerator) if float(numerator).is_integer() else one_decimal(numerator)
    if not denominator:
        return Figure(None, numerator if with_denominator else None, denominator if with_denominator else None)
    if head.measure == "share":
        return Figure(percent(numerator, denominator), numerator, denominator)
    return Figure(one_decimal(numerator / denominator), numerator, denominator)


def _whole(number: float | None) -> float | None:
    """5.0 read back from the database is the count 5."""
    return int(number) if isinstance(number, float) and number.is_integer() else number


def _with_met(figure: Figure, target) -> Figure:
    met = None if target is None or figure.value is None else target.is_met(float(figure.value))
    return Figure(figure.value, figure.numerator, figure.denominator, met)


def reported_years(uow: UnitOfWork, *, set_code: str) -> list[int]:
    with uow:
        uow.require(Permission.VIEW_INDICATORS)
        return list(uow.session.scalars(select(SchoolReport.start_year).distinct()
                                        .where(SchoolReport.set_code == set_code)
                                        .order_by(SchoolReport.start_year)))


def district_trend(uow: UnitOfWork, *, set_code: str) -> list[DistrictSummary]:
    """The district's totals year after year (oldest first), for «год к году»."""
    return [district_summary(uow, year=y, set_code=set_code) for y in reported_years(uow, set_code=set_code)]
