"""What a report is filled with: the school's details, the year and the computed set — and, for a form
that asks for them, the same set per grade or level, last year's values and the plain counts
(«Численность обучающихся», «из них с ОВЗ»)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.services.access import Permission
from app.services.calendar import year_title
from app.services.indicators import SetResult, compute_set, load_set, previous_year
from app.services.indicators.counts import PLAIN_COUNTS, plain_counts
from app.services.reports.form_table import parse_key
from app.services.school.details import SchoolDetails, get_school
from app.services.uow import UnitOfWork

Part = tuple[bool, tuple[int, ...] | None]   # (last year, grades or the whole school)


@dataclass(frozen=True)
class ReportData:
    school: SchoolDetails
    result: SetResult
    made_on: dt.date
    parts: dict[Part, SetResult] = field(default_factory=dict)
    counts: dict[Part, dict[str, int]] = field(default_factory=dict)
    previous_year: int | None = None
    by_grade: frozenset[str] = frozenset()   # codes of the indicators that can be counted per grade

    def field(self, key: str) -> str | None:
        """The text of a named field («school.name», «year», «coordinator.name»…), None if unknown."""
        s = self.school
        fields = {
            "school.name": s.full_name or s.short_name, "school.short_name": s.short_name or s.full_name,
            "school.municipality": s.municipality, "school.region": s.region, "school.address": s.address,
            "school.inn": s.inn, "school.code": s.oo_code, "director.name": s.director_name,
            "deputy.name": s.deputy_director_name, "year": self.result.year_title,
            "coordinator.name": s.coordinator_name, "coordinator.position": s.coordinator_position,
            "coordinator.signature": ", ".join(p for p in (s.coordinator_name, s.coordinator_position) if p),
            "director.signature": director_signature(s),
            "coordinator.phone": s.coordinator_phone, "coordinator.email": s.coordinator_email,
            "set.title": self.result.set_title, "date": self.made_on.strftime("%d.%m.%Y"),
        }
        return fields.get(key)

    def figure(self, key: str) -> tuple[float | str | None, str | None]:
        """(value, why not) of an indicator or plain-count key, possibly per grade or for last year:
        «ind:3», «ind:kaliningrad-school:3», «ind:3@6», «prev:count:enrolled@10,11». A value of None with
        no reason means the key is not a figure (a field, or another set's indicator)."""
        previous, base, grades = parse_key(key)
        kind, _, code = base.partition(":")
        if kind not in ("ind", "count"):
            return None, None
        if kind == "ind" and ":" in code:
            set_code, _, code = code.rpartition(":")
            if set_code != self.result.set_code:
                return None, None
        if previous and self.previous_year is None:
            return None, "в базе нет прошлого учебного года"
        part = (previous, grades)
        if kind == "count":
            counts = self.counts.get(part)
            if code not in PLAIN_COUNTS:
                return None, None
            return (None, "не подсчитано") if counts is None else (counts[code], None)
        result = self.result if part == (False, None) else self.parts.get(part)
        if result is None:
            return None, "не подсчитано"
        ind = result.get(code)
        if ind is None:
            return None, None
        if grades is not None and code not in self.by_grade:
            return None, "показатель не делится по классам"
        return cell_value(ind.value), None


FIELD_LABELS = {"school.name": "Наименование ОО", "school.short_name": "Краткое наименование ОО",
                "school.municipality": "Муниципалитет", "year": "Учебный год",
                "coordinator.name": "Исполнитель", "date": "Дата"}


def director_signature(school) -> str:
    """«____________ /И.И. Иванов/»: the line the director signs on, with the name when the school has one."""
    name = school.director_name.strip()
    return f"____________ /{name}/" if name else "____________ /________________/"


def report_data(uow: UnitOfWork, *, set_code: str, year: int, keys: Iterable[str] = ()) -> ReportData:
    """The set for the year, plus whatever `keys` (mapping keys) ask for beyond it."""
    parts: dict[Part, SetResult] = {}
    counts: dict[Part, dict[str, int]] = {}
    with uow:
        uow.require(Permission.EXPORT)
        result = compute_set(uow, set_code=set_code, year=year)
        before = previous_year(uow.session, year)
        wanted = {parse_key(k) for k in keys}
        for previous, base, grades in sorted(wanted, key=lambda w: (w[0], w[1], w[2] or ())):
            if previous and before is None:
                continue
            at = before if previous else year
            part = (previous, grades)
            if base.startswith("count:") and part not in counts:
                counts[part] = plain_counts(uow, year=at, grades=grades)
            elif base.startswith("ind:") and part != (False, None) and part not in parts:
                parts[part] = compute_set(uow, set_code=set_code, year=at, grades=grades)
        by_grade = frozenset(i.code for i in load_set(set_code).indicators
                             if i.rule.is_students or i.rule.kind == "average_hours")
        return ReportData(get_school(uow), result, dt.date.today(), parts, counts, before, by_grade)


def cell_value(value: float | None) -> float | str:
    """What goes into a value cell: the number itself, «—» when there is none."""
    return "—" if value is None else value


def year_of(data: ReportData, previous: bool) -> str:
    return year_title(data.previous_year if previous and data.previous_year else data.result.year)
