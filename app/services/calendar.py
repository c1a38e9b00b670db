"""Academic years: «2025/2026» runs from 1 September 2025 to 31 August 2026."""
from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from app.models import AcademicYear
from app.services.errors import UserError

_YEAR_TITLE = re.compile(r"^\s*(\d{4})\s*[/\-–—]\s*(\d{2}|\d{4})\s*$")


def start_year_of(day: dt.date) -> int:
    """The first calendar year of the academic year that contains `day`."""
    return day.year if day.month >= 9 else day.year - 1


def year_title(start_year: int) -> str:
    return f"{start_year}/{start_year + 1}"


def year_bounds(start_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(start_year, 9, 1), dt.date(start_year + 1, 8, 31)


def parse_year_title(text: str) -> int:
    """«2024/2025», «2024-2025» or «2024/25» → 2024; anything else is a clear error."""
    m = _YEAR_TITLE.match(text or "")
    if m:
        first, second = int(m.group(1)), m.group(2)
        expected = str(first + 1)
        if second == expected or second == expected[-2:]:
            return first
    raise UserError(f"Учебный год «{text}» указан неверно: нужно, например, «2024/2025».")


def get_or_create_year(session, start_year: int) -> AcademicYear:
    year = session.scalar(select(AcademicYear).where(AcademicYear.start_year == start_year))
    if year is None:
        year = AcademicYear(start_year=start_year, is_current=False)
        session.add(year)
        session.flush()
    return year


def find_year(session, start_year: int) -> AcademicYear:
    year = session.scalar(select(AcademicYear).where(AcademicYear.start_year == start_year))
    if year is None:
        raise UserError(f"Учебный год {year_title(start_year)} в базе не найден.")
    return year


def current_year(session, *, today: dt.date | None = None) -> AcademicYear | None:
    """The year marked current, else the one containing today, else the latest there is."""
    year = session.scalar(select(AcademicYear).where(AcademicYear.is_current.is_(True)))
    if year is not None:
        return year
    start = start_year_of(today or dt.date.today())
    year = session.scalar(select(AcademicYear).where(AcademicYear.start_year == start))
    return year or session.scalar(select(AcademicYear).order_by(AcademicYear.start_year.desc()))


def set_current_year(session, start_year: int) -> None:
    target = find_year(session, start_year)
    for year in session.scalars(select(AcademicYear).where(AcademicYear.is_current.is_(True))):
        year.is_current = False
    target.is_current = True


def year_starts(uow) -> list[int]:
    """The academic years the school has, oldest first, as the years they start in."""
    with uow:
        return list(uow.session.scalars(select(AcademicYear.start_year).order_by(AcademicYear.start_year)))
