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
from app.services.indicators.compute import SetResult, compute_set, previous_year, profminimum_level, year_params
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


def overview(uow: UnitOfWork, *, set_code: str, year: int, today: date | None = None) -> Overview:
    today = today or date.today()
    start, end = year_bounds(year)
    same_until = a_year_before(today) if start <= today < end else None
    with uow:
        current = compute_set(uow, set_code=set_code, year=year)
        before = previous_year(uow.session, year)
        previous = compute_set(uow, set_code=set_code, year=before) if before is not None else None
        previous_same = (compute_set(uow, set_code=set_code, year=before, until=same_until)
                         if before is not None and same_until is not None else None)
        uow.require(Permission.VIEW_INDICATORS)
        session = uow.session
        year_row = find_year(session, year)
        _level, threshold = profminimum_level(session)
        params = year_params(year_row, threshold)
        return Overview(current, previous, _by_month(session, params), _by_grade(session, params),
                        _by_category(session, params), _hours_bands(session, params, threshold), threshold,
                        same_until, previous_same, today > end)


def a_year_before(day: date) -> date:
    """The same day a year earlier (29 February → 28 February)."""
    return day.replace(year=day.year - 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


_ATTENDED_IN_YEAR = ("FROM event e JOIN participation p ON p.event_id = e.id AND p.status = 'attended' "
                     "JOIN enrollment en ON en.student_id = p.student_id AND en.year_id = :year_id "
                     "WHERE e.starts_on BETWEEN :start AND :end")


def _month(column: str, session) -> str:
    # SQLite keeps a date as its ISO text; PostgreSQL has a date type.
    if session.get_bind().dialect.name == "postgresql":
        return f"CAST(EXTRACT(MONTH FROM {column}) AS INTEGER)"
    return f"CAST(substr({column}, 6, 2) AS INTEGER)"


def _by_month(session, params) -> tuple[tuple[str, int], ...]:
    rows = dict(session.execute(text(
        f"SELECT {_month('e.starts_on', session)}, COUNT(*) {_ATTENDED_IN_YEAR} GROUP BY 1"), params).all())
    months = list(range(9, 13)) + list(range(1, 9))
    return tuple((MONTHS[i], int(rows.get(m, 0))) for i, m in enumerate(months))


def _by_grade(session, params) -> tuple[tuple[str, int], ...]:
    rows = dict(session.execute(text(
        f"SELECT sc.grade, COUNT(DISTINCT p.student_id) {_ATTENDED_IN_YEAR.replace('WHERE', 'JOIN school_class sc ON sc.id = en.class_id WHERE')} "
        "GROUP BY sc.grade"), params).all())
    return tuple((str(g), int(rows.get(g, 0))) for g in range(1, 12))


def _by_category(session, params) -> tuple[tuple[str, int], ...]:
    rows = session.execute(text(
        f"SELECT e.category, COUNT(DISTINCT p.student_id) AS n {_ATTENDED_IN_YEAR} GROUP BY e.category "
        "ORDER BY n DESC, e.category"), params).all()
    return tuple((c, int(n)) for c, n in rows)


def _count_if(condition: str) -> str:
    return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"


def _hours_bands(session, params, threshold: float) -> tuple[tuple[str, int], ...]:
    """Students of grades 6–11 by their hours this year: none, under half the level, under it, reached it."""
    from app.services.indicators.definitions import Rule
    rule = Rule(kind="participants", grades=PROFMINIMUM_GRADES)
    hours = sql.hours_per_student(rule)
    enrolled = sql.enrolled(rule).ids()
    half = threshold / 2
    row = session.execute(text(
        f"SELECT {_count_if('h.hours IS NULL OR h.hours = 0')}, {_count_if('h.hours > 0 AND h.hours < :half')}, "
        f"{_count_if('h.hours >= :half AND h.hours < :threshold')}, {_count_if('h.hours >= :threshold')} "
        f"FROM ({enrolled}) s LEFT JOIN ({hours}) h ON h.student_id = s.student_id"), {**params, "half": half}).one()
    t, hf = f"{threshold:g}", f"{half:g}"
    labels = ("0 ч", f"до {hf} ч", f"{hf}–{t} ч", f"от {t} ч")
    return tuple((label, int(n or 0)) for label, n in zip(labels, row))
