"""Computing an indicator set for an academic year: one SQL aggregate per indicator, manual values
on top, the target turned into met / not met."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from sqlalchemy import select, text

from app.models import AcademicYear
from app.services.access import Permission
from app.services.text import counted, number_ru
from app.services.calendar import find_year, year_bounds, year_title
from app.services.indicators import sql
from app.services.indicators.definitions import IndicatorDef, IndicatorSet, load_set
from app.services.indicators.manual import manual_values
from app.services.labels import PROFMINIMUM_LEVEL_HOURS
from app.services import settings
from app.services.storage.optimize import has_statistics
from app.services.uow import UnitOfWork

NO_VALUE = "—"


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    goal: str
    name: str
    unit: str
    value: float | None          # a share in percent with one decimal; a count; None = no value («—»)
    numerator: float | None
    denominator: int | None
    target: str | None           # «не менее 80%»
    met: bool | None
    is_share: bool = False
    is_manual: bool = False      # the value was entered by the user
    computed: float | None = None  # what the program counted, shown beside a manual value
    has_students: bool = False   # a list of students stands behind the number

    @property
    def display(self) -> str:
        return format_value(self.value, share=self.is_share or self.unit == "часов")

    @property
    def basis(self) -> str:
        """What the value was counted from, in words that fit its unit: «50 из 352 обучающихся» for a share,
        «6 353,5 ч на 352 обучающихся» for average hours; "" for a plain count."""
        if self.numerator is None or self.denominator is None:
            return ""
        students = counted(self.denominator, "обучающегося", "обучающихся", "обучающихся")
        if self.unit == "часов":
            return f"{number_ru(self.numerator)} ч на {students}"
        return f"{number_ru(self.numerator)} из {students}"

    def as_json(self) -> dict:
        return {"code": self.code, "name": self.name, "unit": self.unit, "value": self.value,
                "numerator": self.numerator, "denominator": self.denominator, "target": self.target,
                "met": self.met}


@dataclass(frozen=True)
class SetResult:
    set_code: str
    set_title: str
    year: int
    indicators: tuple[IndicatorValue, ...]
    profminimum_level: str
    threshold_hours: float
    uses_level: bool = False     # some indicator counts against the school's profminimum level

    @property
    def year_title(self) -> str:
        return year_title(self.year)

    def get(self, code: str) -> IndicatorValue | None:
        return next((i for i in self.indicators if i.code == code), None)

    def as_json(self) -> dict:
        return {"set": self.set_code, "year": self.year_title, "indicators": [i.as_json() for i in self.indicators]}


def format_value(value: float | None, *, share: bool = False) -> str:
    """«—» for no value; shares and hours with one decimal and a Russian comma; counts as integers."""
    if value is None:
        return NO_VALUE
    if share:
        return number_ru(value, decimals=1)
    return number_ru(value)


def one_decimal(value: float) -> float:
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def percent(numerator: int, denominator: int) -> float | None:
    if not denominator:
        return None
    exact = Decimal(numerator) * 100 / Decimal(denominator)
    return float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def profminimum_level(session) -> tuple[str, float]:
    level = settings.read_in(session, settings.PROFMINIMUM_LEVEL)
    return level, float(PROFMINIMUM_LEVEL_HOURS[level])


def year_params(year: AcademicYear, threshold: float) -> dict:
    start, end = year_bounds(year.start_year)
    return {"year_id": year.id, "start": start.isoformat(), "end": end.isoformat(),
            "start_year": year.start_year, "threshold": threshold}


def compute_set(uow: UnitOfWork, *, set_code: str, year: int, indicator_set: IndicatorSet | None = None,
                directory: Path | None = None, summary: bool | str = True, until: date | None = None,
                grades: tuple[int, ...] | None = None) -> SetResult:
    """The values of every indicator of a set for the academic year that starts in `year`.

    `grades` counts only the students of those grades (a form asking for a value per grade or per
    level): each indicator keeps its own grades within them; an indicator about other grades only, or
    not about students at all (events, agreements, the roadmap), has no value then («—»), and neither
    have manual values, which are whole-school figures.

    `until` counts only what happened up to that day (the same part of a past year, to compare with a
    year still in progress); manual values are whole-year figures, so they are left out then.

    `summary=False` counts every indicator straight from the participations (the reference queries);
    by default the year's attendance is summarised per student once and reused when the set needs hours
    or the file has no planner statistics (YearSummary); `summary="always"` summarises whatever the
    set (tests); `summary="built"` uses the
    summary the caller has just built for the same year and `until` (`summarise_year`)."""
    ind_set = indicator_set or load_set(set_code, directory)
    with uow:
        uow.require(Permission.VIEW_INDICATORS)
        session = uow.session
        year_row = find_year(session, year)
        level, threshold = profminimum_level(session)
        params = year_params(year_row, threshold)
        if until is not None:
            params["end"] = min(params["end"], until.isoformat())
        manual = manual_values(session, ind_set.code, year_row.id) if until is None and grades is None else {}
        definitions = [_within_grades(ind, grades) for ind in ind_set.indicators]
        fitting = [ind.rule for ind in definitions if sql.summary_fits(ind.rule)]
        # Hours need every participation row (its own hours): one summarising pass beats two direct ones
        # at any size. Counts by category alone are quicker direct (×2 at 2,000 and at 100,000 students)
        # when the planner has statistics, which the program keeps (storage/optimize.py); on a file that
        # has none yet, the direct counts walk the roster student by student (×3 slower), the summary does not.
        use_summary = summary == "built" or bool(summary and fitting) and (
            summary == "always" or any(r.kind != "participants" for r in fitting) or not has_statistics(session))
        if use_summary and summary != "built":
            summarise_year(session, params)
        asked = [_queries(ind.rule, use_summary and sql.summary_fits(ind.rule)) for ind in definitions]
        counts = _counted(session, [q for pair in asked for q in pair if q is not None], params)
        values = tuple(_compute_one(ind, pair, counts, manual.get(ind.code)) for ind, pair in zip(definitions, asked))
    return SetResult(set_code=ind_set.code, set_title=ind_set.title, year=year, indicators=values,
                     profminimum_level=level, threshold_hours=threshold,
                     uses_level=any(i.rule.kind == "hours_threshold" and i.rule.hours is None
                                    for i in ind_set.indicators))


def _within_grades(ind: IndicatorDef, grades: tuple[int, ...] | None) -> IndicatorDef:
    """The indicator counted for `grades` only; a manual rule where that cannot be done."""
    if grades is None:
        return ind
    rule = ind.rule
    if not (rule.is_students or rule.kind == "average_hours"):
        return replace(ind, rule=replace(rule, kind="manual"))
    within = tuple(g for g in (rule.grades or range(1, 12)) if g in grades)
    if not within:
        return replace(ind, rule=replace(rule, kind="manual"))
    return replace(ind, rule=replace(rule, grades=within))


def summarise_year(session, params: dict) -> None:
    """Fill the per-student summary of the whole year's attendance in one go (YearSummary) on this session's
    connection, for `compute_set(summary="built")` to read."""
    summary = YearSummary(session, params)
    summary.fold()
    summary.add_figures()


class YearSummary:
    """The per-student summary of a year built in steps on this session's connection (sql.summary_start …):
    `fold` adds the marks of some of the year's events, `add_figures` the platform figures; between steps
    `compute_set(summary="built")` reads what has been folded so far."""

    def __init__(self, session, params: dict):
        self.session, self.params, self.dialect = session, params, dialect_of(session)
        for statement in sql.summary_start(self.dialect):
            session.execute(text(statement), params)

    def fold(self, events: str = "", extra: dict | None = None) -> int:
        """Fold the attended marks of the events matching `events` (a condition on year_events ye, bound
        with `extra`), their own hours corrected; returns the count of rows the fold changed, which on
        SQLite is the number of marks folded."""
        params = {**self.params, **(extra or {})}
        changed = self.session.execute(text(sql.summary_fold(self.dialect, events)), params).rowcount
        self.session.execute(text(sql.summary_correction(self.dialect, events)), params)
        return changed

    def add_figures(self) -> None:
        for statement in sql.summary_figures(self.dialect):
            self.session.execute(text(statement), self.params)


def dialect_of(session) -> str:
    return session.get_bind().dialect.name


def _queries(rule, summarised: bool) -> tuple[str | None, str | None]:
    """The counting queries of one indicator: its numerator's and, for a share or an average, its
    denominator's (None where it has none)."""
    if rule.kind == "manual":
        return None, None
    if rule.is_students:
        students = sql.summary_student_set(rule) if summarised else sql.student_set(rule)
        return students.count(), sql.enrolled(rule).count() if rule.is_share else None
    if rule.kind == "average_hours":
        hours = sql.summary_total_hours(rule) if summarised else sql.total_hours(rule)
        return hours, sql.enrolled(rule).count()
    if rule.kind == "events":
        return sql.events_count(rule), None
    if rule.kind == "agreements":
        return sql.agreements_count(rule), None
    if rule.kind == "roadmap_approved":
        return sql.ROADMAP_APPROVED, None
    raise ValueError(rule.kind)


# Scalar subqueries per statement: SQLite plans each on its own, and a server answers a set in one round trip
# instead of one per count (twenty on the shares set).
COUNTS_PER_STATEMENT = 40


def _counted(session, queries: list[str], params: dict) -> dict[str, float]:
    """Every distinct counting query run as a scalar subquery of one SELECT (several indicators share a
    denominator): its value, 0 for none."""
    distinct = list(dict.fromkeys(queries))
    counts: dict[str, float] = {}
    for at in range(0, len(distinct), COUNTS_PER_STATEMENT):
        chunk = distinct[at:at + COUNTS_PER_STATEMENT]
        row = session.execute(text("SELECT " + ", ".join(f"({q})" for q in chunk)), params).one()
        counts.update((q, n or 0) for q, n in zip(chunk, row))
    return counts


def _compute_one(ind: IndicatorDef, asked: tuple[str | None, str | None], counts: dict[str, float],
                 manual: float | None) -> IndicatorValue:
    rule = ind.rule
    numerator_query, denominator_query = asked
    numerator: float | None = None
    denominator: int | None = None
    value: float | None = None
    if rule.is_students:
        numerator = int(counts[numerator_query])
        if rule.is_share:
            denominator = int(counts[denominator_query])
            value = percent(numerator, denominator)
        else:
            value = numerator
    elif rule.kind == "average_hours":
        hours = float(counts[numerator_query])
        numerator = one_decimal(hours)
        denominator = int(counts[denominator_query])
        value = one_decimal(hours / denominator) if denominator else None
    elif rule.kind in ("events", "agreements"):
        value = numerator = int(counts[numerator_query])
    elif rule.kind == "roadmap_approved":
        value = numerator = 1 if counts[numerator_query] else 0
    computed = value
    is_manual = manual is not None
    if manual is not None:
        value = float(manual)
        if value.is_integer() and not rule.is_share:
            value = int(value)
        numerator = denominator = None
    met = None if ind.target is None or value is None else ind.target.is_met(float(value))
    return IndicatorValue(
        code=ind.code, goal=ind.goal, name=ind.name, unit=ind.unit, value=value, numerator=numerator,
        denominator=denominator, target=ind.target.text if ind.target else None, met=met, is_share=rule.is_share,
        is_manual=is_manual, computed=computed, has_students=rule.is_students)


def previous_year(session, year: int) -> int | None:
    """The academic year before `year`, if the database has it (for «change against last year»)."""
    return session.scalar(select(AcademicYear.start_year).where(AcademicYear.start_year == year - 1))
