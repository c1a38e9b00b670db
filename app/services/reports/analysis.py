"""«Аналитическая справка по итогам профориентационной работы за учебный год» — the document every
roadmap lists as an expected result and the deputy director used to write by hand each June — gathered
from the data: the school, every indicator of a set (value, target, met or not, last year and the
change), the year's charts (the series of the «Обзор» page), the roadmap's execution with the events held
under each item, the most active categories and partners, what falls short of its target and which
grades and classes lag most. The document itself is written by analysis_docx.py."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import text

from app.services.access import Permission
from app.services.calendar import find_year, year_bounds, year_title
from app.services.indicators import IndicatorValue, format_value
from app.services.indicators.chart_series import ChartSeries, chart_series
from app.services.indicators.counts import plain_counts
from app.services.indicators.overview import Overview, overview
from app.services.labels import EVENT_CATEGORY_LABELS, ORGANIZER_TYPE_LABELS, ROADMAP_ITEM_STATUS_LABELS
from app.services.roadmap.operations import get_roadmap, list_roadmaps, year_progress
from app.services.school.details import SchoolDetails, get_school
from app.services.uow import UnitOfWork

PICTURES = ("month", "grade", "hours")   # the charts the справка shows
TOP = 5                                   # categories, partners, lagging classes listed


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    name: str
    unit: str
    value: str
    target: str
    met: bool | None
    previous: str
    change: str


@dataclass(frozen=True)
class CoverageLine:
    """A grade or a class: enrolled, took part in at least one event, the share."""
    label: str
    enrolled: int
    took_part: int

    @property
    def share(self) -> float | None:
        return round(100 * self.took_part / self.enrolled, 1) if self.enrolled else None


@dataclass(frozen=True)
class PartnerLine:
    name: str
    kind: str
    events: int
    students: int


@dataclass(frozen=True)
class RoadmapItemLine:
    number: str
    title: str
    deadline: str
    status: str              # its Russian label
    overdue: bool
    events: tuple[str, ...]  # «12.10.2024 Экскурсия … (25 уч.)»


@dataclass
class Analysis:
    school: SchoolDetails
    set_title: str
    set_code: str
    year: int
    previous_year: int | None
    indicators: list[IndicatorLine]
    charts: dict[str, ChartSeries]
    enrolled: int
    enrolled_ovz: int
    took_part: int
    categories: list[tuple[str, int]]          # (category label, students), most first
    partners: list[PartnerLine]
    grades: list[CoverageLine]
    lagging_classes: list[CoverageLine]
    roadmap_title: str = ""
    roadmap_items: list[RoadmapItemLine] = field(default_factory=list)
    roadmap_counts: dict[str, int] = field(default_factory=dict)   # status label / «просрочено» → items
    profminimum_level_hours: float = 0.0
    made_on: dt.date = field(default_factory=dt.date.today)

    @property
    def year_title(self) -> str:
        return year_title(self.year)

    @property
    def shortfalls(self) -> list[IndicatorLine]:
        return [line for line in self.indicators if line.met is False]


def _unit(ind: IndicatorValue) -> str:
    return "%" if ind.is_share else ind.unit


def _change(now: IndicatorValue, before: IndicatorValue | None) -> str:
    if before is None or now.value is None or before.value is None:
        return "—"
    delta = round(float(now.value) - float(before.value), 1)
    text = format_value(abs(delta), share=now.is_share or now.unit == "часов")
    suffix = " п. п." if now.is_share else ""
    return "без изменений" if delta == 0 else f"{'+' if delta > 0 else '−'}{text}{suffix}"


def _indicator_lines(ov: Overview) -> list[IndicatorLine]:
    lines = []
    for ind in ov.current.indicators:
        before = ov.previous.get(ind.code) if ov.previous is not None else None
        lines.append(IndicatorLine(ind.code, ind.name, _unit(ind), ind.display, ind.target or "—", ind.met,
                                   before.display if before is not None else "—", _change(ind, before)))
    return lines


_COVERAGE = ("SELECT sc.grade, sc.letter, COUNT(DISTINCT en.student_id), COUNT(DISTINCT a.student_id) "
             "FROM enrollment en JOIN school_class sc ON sc.id = en.class_id "
             "LEFT JOIN (SELECT DISTINCT p.student_id FROM participation p JOIN event e ON e.id = p.event_id "
             "WHERE p.status = 'attended' AND e.starts_on BETWEEN :start AND :end) a ON a.student_id = en.student_id "
             "WHERE en.year_id = :year_id GROUP BY sc.id, sc.grade, sc.letter ORDER BY sc.grade, sc.letter")

_PARTNERS = ("SELECT pt.name, pt.type, COUNT(DISTINCT e.id), COUNT(DISTINCT p.student_id) "
             "FROM event e JOIN partner pt ON pt.id = e.organizer_partner_id "
             "LEFT JOIN participation p ON p.event_id = e.id AND p.status = 'attended' "
             "WHERE e.starts_on BETWEEN :start AND :end GROUP BY pt.id, pt.name, pt.type "
             "ORDER BY 4 DESC, 3 DESC, pt.name")


def _roadmap_for(uow: UnitOfWork, year: int):
    """The roadmap of the year: the current one if its period covers the year, else one that covers it."""
    summaries = list_roadmaps(uow)
    views = [get_roadmap(uow, s.id) for s in sorted(summaries, key=lambda s: not s.is_current)]
    for view in views:
        if (view.period_start or year) <= year <= (view.period_end or year):
            return view
    return views[0] if views else None


def _roadmap_part(uow: UnitOfWork, year: int, today: dt.date) -> tuple[str, list[RoadmapItemLine], dict[str, int]]:
    if not uow.actor.has(Permission.VIEW_ROADMAP):
        return "", [], {}
    view = _roadmap_for(uow, year)
    if view is None:
        return "", [], {}
    progress = year_progress(uow, view.id, year=year, today=today)
    items, counts = [], {label: 0 for label in ROADMAP_ITEM_STATUS_LABELS.values()}
    counts["просрочено"] = 0
    for item in view.all_items():
        p = progress.get(item.id)
        status = ROADMAP_ITEM_STATUS_LABELS.get(p.status if p else "planned", "запланировано")
        overdue = bool(p and p.overdue)
        counts[status] += 1
        counts["просрочено"] += overdue
        events = tuple(f"{e.starts_on:%d.%m.%Y} {e.title} ({e.participants} уч.)" for e in (p.events if p else []))
        items.append(RoadmapItemLine(item.number, item.title, item.deadline, status, overdue, events))
    return f"{view.title} ({view.period})" if view.period else view.title, items, counts


def analysis_data(uow: UnitOfWork, *, set_code: str, year: int, today: dt.date | None = None) -> Analysis:
    """Everything the справка says, counted in one unit of work."""
    today = today or dt.date.today()
    with uow:
        uow.require(Permission.EXPORT)
        ov = overview(uow, set_code=set_code, year=year, today=today)
        counts = plain_counts(uow, year=year)
        session = uow.session
        year_row = find_year(session, year)
        start, end = year_bounds(year)
        params = {"year_id": year_row.id, "start": start.isoformat(), "end": end.isoformat()}
        classes = [CoverageLine(f"{g}{letter}", int(n), int(k))
                   for g, letter, n, k in session.execute(text(_COVERAGE), params)]
        by_grade: dict[int, list[int]] = {}
        for line in classes:
            grade = int("".join(ch for ch in line.label if ch.isdigit()))
            total = by_grade.setdefault(grade, [0, 0])
            total[0] += line.enrolled
            total[1] += line.took_part
        grades = [CoverageLine(f"{g} классы", n, k) for g, (n, k) in sorted(by_grade.items())]
        lagging = sorted((c for c in classes if c.enrolled), key=lambda c: (c.share, c.label))[:TOP]
        partners = [PartnerLine(name, ORGANIZER_TYPE_LABELS.get(kind, kind), int(e), int(s))
                    for name, kind, e, s in session.execute(text(_PARTNERS), params).all()[:TOP]]
        roadmap_title, items, roadmap_counts = _roadmap_part(uow, year, today)
        return Analysis(
            school=get_school(uow), set_title=ov.current.set_title, set_code=set_code, year=year,
            previous_year=ov.previous.year if ov.previous is not None else None,
            indicators=_indicator_lines(ov), charts=chart_series(ov), enrolled=counts["enrolled"],
            enrolled_ovz=counts["enrolled_ovz"], took_part=sum(c.took_part for c in classes),
            categories=[(EVENT_CATEGORY_LABELS.get(c, c), n) for c, n in ov.by_category[:TOP]],
            partners=partners, grades=grades, lagging_classes=lagging, roadmap_title=roadmap_title,
            roadmap_items=items, roadmap_counts=roadmap_counts, profminimum_level_hours=ov.threshold_hours,
            made_on=today)
