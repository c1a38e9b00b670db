"""What a report is filled with: the school's details, the year and the computed set."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from app.services.access import Permission
from app.services.indicators import SetResult, compute_set
from app.services.school.details import SchoolDetails, get_school
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class ReportData:
    school: SchoolDetails
    result: SetResult
    made_on: dt.date

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


FIELD_LABELS = {"school.name": "Наименование ОО", "school.short_name": "Краткое наименование ОО",
                "school.municipality": "Муниципалитет", "year": "Учебный год",
                "coordinator.name": "Исполнитель", "date": "Дата"}


def director_signature(school) -> str:
    """«____________ /И.И. Иванов/»: the line the director signs on, with the name when the school has one."""
    name = school.director_name.strip()
    return f"____________ /{name}/" if name else "____________ /________________/"


def report_data(uow: UnitOfWork, *, set_code: str, year: int) -> ReportData:
    with uow:
        uow.require(Permission.EXPORT)
        result = compute_set(uow, set_code=set_code, year=year)
        return ReportData(get_school(uow), result, dt.date.today())


def cell_value(value: float | None) -> float | str:
    """What goes into a value cell: the number itself, «—» when there is none."""
    return "—" if value is None else value
