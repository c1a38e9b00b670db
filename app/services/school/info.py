"""What a database holds, in numbers: the `info` command and the status bar."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.models import (AcademicYear, Consultation, Enrollment, Event, Participation, RoadmapItem,
                        SchoolClass)
from app.services.calendar import current_year, year_title
from app.services.school.details import get_school
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class DatabaseInfo:
    school: str
    is_demo: bool
    current_year: str
    years: list[str]
    students: int
    classes: int
    events: int
    participations: int
    consultations: int
    roadmap_items: int
    graduates: int

    def as_json(self) -> dict:
        return {
            "school": self.school, "is_demo": self.is_demo, "current_year": self.current_year,
            "years": self.years, "students": self.students, "classes": self.classes, "events": self.events,
            "participations": self.participations, "consultations": self.consultations,
            "roadmap_items": self.roadmap_items, "graduates": self.graduates,
        }


def database_info(uow: UnitOfWork) -> DatabaseInfo:
    """Counts of the whole database; students and classes are those of the current year."""
    with uow:
        s = uow.session
        details = get_school(uow)
        year = current_year(s)
        count = lambda stmt: int(s.scalar(stmt) or 0)  # noqa: E731
        if year is not None:
            students = count(select(func.count()).select_from(Enrollment).where(Enrollment.year_id == year.id))
            classes = count(select(func.count()).select_from(SchoolClass).where(SchoolClass.year_id == year.id))
        else:
            students = classes = 0
        return DatabaseInfo(
            school=details.short_name or details.full_name,
            is_demo=details.is_demo,
            current_year=year.title if year else "",
            years=[year_title(y) for y in s.scalars(select(AcademicYear.start_year).order_by(AcademicYear.start_year))],
            students=students,
            classes=classes,
            events=count(select(func.count()).select_from(Event)),
            participations=count(select(func.count()).select_from(Participation)),
            consultations=count(select(func.count()).select_from(Consultation)),
            roadmap_items=count(select(func.count()).select_from(RoadmapItem)),
            graduates=count(select(func.count()).select_from(Enrollment).where(Enrollment.is_graduate.is_(True))),
        )


