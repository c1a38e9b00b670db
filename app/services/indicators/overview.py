"""Figures of the «Обзор» page: a set compared with the previous year (the same part of it while the
year is in progress), participation by month, by grade and by category, and students' profminimum
hours against the level."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import text

from app.services.access import Permission
from app.services.calendar import find_year, year_bounds
from app.services.indicators import sql
from app.services.indicators.compute import (SetResult, YearSummary, compute_set, dialect_of, previous_year,
                                             profminimum_level, year_params)
from app.services.progress import CancelledFn, check_cancelled
from app.services.uow import UnitOfWork

MONTHS = ("сен", "окт", "ноя", "дек", "янв", "фев", "мар", "апр", "май", "июн", "июл", "авг")
PROFMINIMUM_GRADES = (6, 7, 8, 9, 10, 11)


@dataclass(frozen=True)
class Overview:
    current: SetResult
    previous: SetResult | None
    by_month: tuple[tuple[str, int], ...]      # attended participations per month of the year
    by_grade: tuple[tuple[str, int], ...]      # distinct students who attended, per grade ("1".."11")
    by_category: tuple[tuple[str, int], ...]   # distinct students who attended, per category code, most first
    hours_bands: tuple[tuple[str, int], ...]   # grades 6–11: students per band of hours
    threshold_hours: float
    # While the year is in progress, the previous year counted up to the same day a year earlier:
    # a part of a year against a whole one would read as a fall.
    same_period_until: date | None = None
    previous_same_period: SetResult | None = None
    year_finished: bool = True   # whole year against whole year: the change is fair

    @property
    def in_progress(self) -> bool:
        return self.same_period_until is not None

    def previous_value(self, code: str) -> float | None:
        """The indicator's value for the whole previous year."""
        found = self.previous.get(code) if self.previous is not None else None
        return None if found is None or found.value is None else float(found.value)

    def same_period_value(self, code: str) -> float | None:
        """The previous year's value up to `same_period_until`; None for manual values (whole-year figures)."""
        now = self.current.get(code)
        found = self.previous_same_period.get(code) if self.previous_same_period is not None else None
        if now is None or now.is_manual or found is None or found.value is None:
            return None
        return float(found.value)

    def change(self, code: str) -> float | None:
        """Change of an indicator's value against the previous year (None when either is missing)."""
        if self.previous is None:
            return None
        now, before = self.current.get(code), self.previous.get(code)
        if now is None or before is None or now.value is None or before.value is None:
            return None
        return round(float(now.value) - float(before.value), 1)


def overview(uow: UnitOfWork, *, set_code: str, year: int, today: date | None = None,
             cancelled: CancelledFn | None = None) -> Overview:
    """Everything «Обзор» shows, from one summary of the year's attendance per student
    (compute.YearSummary): the cards are counted from it and so is every chart, each query linear in
    students + participations, and no mark is folded twice — the previous year is folded up to the same
    day, counted, then completed. `cancelled` is asked between the steps (a newer request replaces this one)."""
    today = today or date.today()
    start, end = year_bounds(year)
    same_until = a_year_before(today) if start <= today < end else None
    with uow:
        uow.require(Permission.VIEW_INDICATORS)
        session = uow.session
        year_row = find_year(session, year)
        _level, threshold = profminimum_level(session)
        params = year_params(year_row, threshold)
        summary = YearSummary(session, params)
        marks_by_month = _fold_by_month(summary, cancelled)
        summary.add_figures()
        current = compute_set(uow, set_code=set_code, year=year, summary="built")
        check_cancelled(cancelled)
        charts = (_by_month(session, params, marks_by_month), _by_grade(session, params),
                  _by_category(session, params), _hours_bands(session, params, threshold))
        previous = previous_same = None
        before = previous_year(session, year)
        if before is not None:
            check_cancelled(cancelled)
            summary = YearSummary(session, year_params(find_year(session, before), threshold))
            if same_until is not None:
                until = {"until": same_until.isoformat()}
                summary.fold("ye.starts_on <= :until", until)
                summary.add_figures()
                previous_same = compute_set(uow, set_code=set_code, year=before, until=same_until, summary="built")
                check_cancelled(cancelled)
                summary.fold("ye.starts_on > :until", until)
            else:
                summary.fold()
                summary.add_figures()
            previous = compute_set(uow, set_code=set_code, year=before, summary="built")
        return Overview(current, previous, *charts, threshold, same_until, previous_same, today > end)


def _fold_by_month(summary: YearSummary, cancelled: CancelledFn | None) -> dict[int, int] | None:
    """Fold the year; on SQLite month by month, each step's count of changed rows being that month's
    attended marks (one upsert per mark), which spares the chart a second walk over the marks. None on
    PostgreSQL, whose fold groups by student first (a count per student, not per mark)."""
    if summary.dialect != "sqlite":
        summary.fold()
        return None
    marks = {}
    for month in range(1, 13):
        marks[month] = summary.fold("ye.month = :month", {"month": month})
        check_cancelled(cancelled)
    return marks


def a_year_before(day: date) -> date:
    """The same day a year earlier (29 February → 28 February)."""
    return day.replace(year=day.year - 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


# The charts read the summary that `YearSummary` left in temporary tables: year_events (the year's
# events, a few hundred rows) and year_attendance (one row per student who attended: category and
# organiser bits, hours). Students count through their enrolment that year, as in the cards.
_SUMMARISED_ENROLLED = (f"FROM {sql.SUMMARY_TABLE} ya JOIN enrollment en ON en.student_id = ya.student_id "
                        "AND en.year_id = :year_id")


def _by_month(session, params, marks: dict[int, int] | None) -> tuple[tuple[str, int], ...]:
    """Attended participations per month of the year, of students enrolled that year: every attended mark
    of the year's events (counted while folding, or here from the participation index alone), less those of
    the (rare) students who attended but are not enrolled that year — no table lookup per participation."""
    if marks is None:
        marks = dict(session.execute(text(
            "SELECT ye.month, COUNT(*) FROM year_events ye "
            "JOIN participation p ON p.event_id = ye.id AND p.status = 'attended' GROUP BY ye.month")).all())
    marks = dict(marks)
    outside = session.execute(text(
        # MATERIALIZED and CROSS JOIN (SQLite keeps that order): otherwise the planner walks every
        # participation to find these few students (with statistics, it chose that: 1 s at 100,000).
        f"WITH o AS MATERIALIZED (SELECT ya.student_id FROM {sql.SUMMARY_TABLE} ya "
        "LEFT JOIN enrollment en ON en.student_id = ya.student_id AND en.year_id = :year_id "
        "WHERE en.id IS NULL) SELECT ye.month, COUNT(*) FROM o "
        f"{'JOIN' if dialect_of(session) == 'postgresql' else 'CROSS JOIN'} participation p "
        "ON p.student_id = o.student_id AND p.status = 'attended' "
        "JOIN year_events ye ON ye.id = p.event_id GROUP BY ye.month"), params).all()
    for month, n in outside:
        marks[month] -= n
    months = list(range(9, 13)) + list(range(1, 9))
    return tuple((MONTHS[i], int(marks.get(m, 0))) for i, m in enumerate(months))


def _by_grade(session, params) -> tuple[tuple[str, int], ...]:
    rows = dict(session.execute(text(
        f"SELECT sc.grade, COUNT(*) {_SUMMARISED_ENROLLED} JOIN school_class sc ON sc.id = en.class_id "
        "GROUP BY sc.grade"), params).all())
    return tuple((str(g), int(rows.get(g, 0))) for g in range(1, 12))


def _by_category(session, params) -> tuple[tuple[str, int], ...]:
    """Distinct students per category, most first: one pass, a sum per category bit."""
    codes = list(sql.CATEGORY_BITS)
    sums = ", ".join(_count_if(f"(ya.categories & {sql.CATEGORY_BITS[c]}) != 0") for c in codes)
    row = session.execute(text(f"SELECT {sums} {_SUMMARISED_ENROLLED}"), params).one()
    counted = [(code, int(n or 0)) for code, n in zip(codes, row) if n]
    return tuple(sorted(counted, key=lambda item: (-item[1], item[0])))


def _count_if(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _hours_bands(session, params, threshold: float) -> tuple[tuple[str, int], ...]:
    """Students of grades 6–11 by their hours this year: none, under half the level, under it, reached it."""
    half = threshold / 2
    grades = ", ".join(str(g) for g in PROFMINIMUM_GRADES)
    row = session.execute(text(
        f"SELECT {_count_if('ya.hours IS NULL OR ya.hours = 0')}, {_count_if('ya.hours > 0 AND ya.hours < :half')}, "
        f"{_count_if('ya.hours >= :half AND ya.hours < :threshold')}, {_count_if('ya.hours >= :threshold')} "
        "FROM enrollment en JOIN school_class sc ON sc.id = en.class_id "
        f"LEFT JOIN {sql.SUMMARY_TABLE} ya ON ya.student_id = en.student_id "
        f"WHERE en.year_id = :year_id AND sc.grade IN ({grades})"), {**params, "half": half}).one()
    t, hf = f"{threshold:g}", f"{half:g}"
    labels = ("0 ч", f"до {hf} ч", f"{hf}–{t} ч", f"от {t} ч")
    return tuple((label, int(n or 0)) for label, n in zip(labels, row))
