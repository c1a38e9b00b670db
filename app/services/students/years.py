"""Adding an academic year by hand: a new school starts with none, and a year no roster import has named yet
must be choosable before the first list of students is loaded."""
from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sqlalchemy import select

from app.models import AcademicYear
from app.services.access import Permission
from app.services.calendar import get_or_create_year, set_current_year, start_year_of, year_title
from app.services.errors import UserError
from app.services.uow import UnitOfWork

# How far from today a year may be added: a typo («2062») must not become a year.
_SPAN = 5


def year_choices(uow: UnitOfWork, *, today: dt.date | None = None) -> tuple[list[int], int]:
    """The years that may be added (not yet in the database, around today) and the one to suggest: the year
    that contains today, or the one after the latest the school has."""
    this = start_year_of(today or dt.date.today())
    with uow:
        uow.require(Permission.EDIT_ROSTER, "добавление учебного года")
        have = set(uow.session.scalars(select(AcademicYear.start_year)))
    choices = [y for y in range(this - _SPAN, this + 2) if y not in have]
    if not choices:
        raise UserError("Все учебные годы рядом с текущим уже есть в программе.")
    suggested = this if this not in have else max(have) + 1
    return choices, suggested if suggested in choices else choices[-1]


def add_academic_year(uow: UnitOfWork, start_year: int, *, make_current: bool = False,
                      today: dt.date | None = None) -> int:
    """Add the academic year «start_year/start_year+1»; the year's id."""
    this = start_year_of(today or dt.date.today())
    if not this - _SPAN <= start_year <= this + 1:
        raise UserError(f"Учебный год {year_title(start_year)} слишком далёк от текущего "
                        f"({year_title(this)}): проверьте год.")
    with uow:
        uow.require(Permission.EDIT_ROSTER, "добавление учебного года")
        session = uow.session
        if session.scalar(select(AcademicYear.id).where(AcademicYear.start_year == start_year)) is not None:
            raise UserError(f"Учебный год {year_title(start_year)} уже есть в программе.")
        year = get_or_create_year(session, start_year)
        if make_current:
            set_current_year(session, start_year)
        uow.audit("year.add", entity="academic_year", entity_id=year.id, details=year_title(start_year))
        uow.commit()
        return year.id


_YEAR_IN_TEXT = re.compile(r"(?<!\d)(20\d\d)\s*[/\-–—]\s*(20\d\d|\d\d)(?!\d)")


def year_named_in_file(path: Path | str, *, rows: int = 8) -> int | None:
    """The academic year a table names above or in its first rows («Список обучающихся на 2025/2026 учебный
    год»), or None when it names none or several."""
    from app.services.files.tabular import read_table_file

    found: set[int] = set()
    try:
        for sheet in read_table_file(path, max_rows=10_000):
            for cells in sheet.rows[:rows]:
                for cell in cells:
                    for first, second in _YEAR_IN_TEXT.findall(str(cell or "")):
                        start = int(first)
                        if second in (str(start + 1), str(start + 1)[-2:]):
                            found.add(start)
    except UserError:
        return None   # the import itself names what is wrong with the file
    return found.pop() if len(found) == 1 else None
