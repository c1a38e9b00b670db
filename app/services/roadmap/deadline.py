"""Reading a roadmap item's deadline (срок реализации, free text) as a date in an academic year, so that
an item not done by then can be shown as overdue.

«Сентябрь-октябрь» → 31 October; «Январь – апрель» → 30 April of the next calendar year; «до 15 мая» → 15 May;
«15.05.2027» → that day. «В течение года», «Постоянно», «Ежегодно», «по мере необходимости» have no date
and are never overdue. Months September–December belong to the year's first calendar year, January–August
to the second (the academic year runs 1 September – 31 August)."""
from __future__ import annotations

import calendar
import datetime as dt
import re

from app.services.roadmap.parse import month_of
from app.services.text import fold

_NEVER = ("в течение", "постоянно", "по мере", "весь период", "каникул", "регулярно", "ежемесячно",
          "еженедельно", "ежеквартально", "по плану", "согласно плану")
_WORD = re.compile(r"[а-яё]+")
_DAY_MONTH = re.compile(r"(\d{1,2})\s+([а-яё]+)")
_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b")
_YEAR = re.compile(r"\b(20\d\d)\b")


def _in_year(month: int, start_year: int) -> int:
    return start_year if month >= 9 else start_year + 1


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def deadline_date(deadline: str, start_year: int) -> dt.date | None:
    """The last day the deadline allows in the academic year beginning in `start_year`, or None."""
    text = fold(deadline or "")
    if not text.strip() or any(word in text for word in _NEVER):
        return None
    dates = []
    for m in _DATE.finditer(text):
        year = int(m.group(3))
        year = year + 2000 if year < 100 else year
        try:
            dates.append(dt.date(year, int(m.group(2)), int(m.group(1))))
        except ValueError:
            continue
    if dates:
        return max(dates)
    # An explicit calendar year counts unless the deadline repeats every year («…, далее ежегодно»).
    years = [int(y) for y in _YEAR.findall(text)]
    repeats = "ежегодно" in text or "далее" in text
    explicit_year = max(years) if years and not repeats else None
    best: dt.date | None = None
    for m in _DAY_MONTH.finditer(text):
        month = month_of(m.group(2))
        if month:
            year = explicit_year or _in_year(month, start_year)
            try:
                candidate = dt.date(year, month, int(m.group(1)))
            except ValueError:
                continue
            best = max(best, candidate) if best else candidate
    if best:
        return best
    months = [month_of(w) for w in _WORD.findall(text)]
    months = [m for m in months if m]
    if not months:
        if "летн" in text:
            return _month_end(start_year + 1, 8)
        return None
    # The last month of the academic year named: «Сентябрь-октябрь» ends in October, «Ноябрь, январь» in January.
    last = max(months, key=lambda m: (_in_year(m, 0), m))
    year = explicit_year or _in_year(last, start_year)
    return _month_end(year, last)


def is_overdue(deadline: str, start_year: int, status: str, *, today: dt.date) -> bool:
    if status in ("done", "cancelled"):
        return False
    due = deadline_date(deadline, start_year)
    return due is not None and today > due
