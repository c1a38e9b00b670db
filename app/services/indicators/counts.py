"""Plain counts a ministry form asks for beside the indicators and that no set holds: how many students
are enrolled that year, and how many of them have ОВЗ or инвалидность — for the whole school or for
some grades (a form's column per grade or per level)."""
from __future__ import annotations

from sqlalchemy import text

from app.services.access import Permission
from app.services.calendar import find_year
from app.services.indicators import sql
from app.services.indicators.definitions import Rule
from app.services.uow import UnitOfWork

# Code → the wording a form's row is matched against (form_matching), as DOMAIN.md says it.
PLAIN_COUNTS: dict[str, tuple[str, str]] = {
    "enrolled": ("Численность обучающихся", "чел."),
    "enrolled_ovz": ("Численность обучающихся с ОВЗ и инвалидностью", "чел."),
}


def plain_counts(uow: UnitOfWork, *, year: int, grades: tuple[int, ...] | None = None) -> dict[str, int]:
    """{code: number} of every plain count for the academic year starting in `year`."""
    with uow:
        uow.require(Permission.VIEW_INDICATORS)
        year_row = find_year(uow.session, year)
        params = {"year_id": year_row.id}
        limit = tuple(grades) if grades else ()
        out = {}
        for code, ovz in (("enrolled", False), ("enrolled_ovz", True)):
            query = sql.enrolled(Rule(kind="participants", grades=limit, ovz=ovz)).count()
            out[code] = int(uow.session.execute(text(query), params).scalar() or 0)
        return out
