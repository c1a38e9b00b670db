"""Test data for the events feature: a year, classes and students written straight to the database."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.models import AcademicYear, Enrollment, Event, Participation, SchoolClass, Staff, Student


@dataclass
class Roster:
    year_id: int
    classes: dict[str, int] = field(default_factory=dict)          # «7А» -> class id
    students: dict[tuple[str, str], int] = field(default_factory=dict)  # (class, full name) -> student id


def make_roster(uow, *, start_year: int = 2026, classes: dict[str, list[str]], current: bool = True,
                homeroom: dict[str, int] | None = None) -> Roster:
    """classes: {"7А": ["Иванов Иван Иванович", ...]}; the same name may sit in two classes."""
    with uow:
        s = uow.session
        year = s.query(AcademicYear).filter_by(start_year=start_year).one_or_none()
        if year is None:
            year = AcademicYear(start_year=start_year, is_current=current)
            s.add(year)
            s.flush()
        roster = Roster(year.id)
        for label, names in classes.items():
            grade, letter = int(label[:-1]), label[-1]
            sc = SchoolClass(year_id=year.id, grade=grade, letter=letter,
                             homeroom_teacher_id=(homeroom or {}).get(label))
            s.add(sc)
            s.flush()
            roster.classes[label] = sc.id
            for name in names:
                parts = name.split() + ["", ""]
                st = Student(last_name=parts[0], first_name=parts[1], patronymic=parts[2])
                s.add(st)
                s.flush()
                s.add(Enrollment(student_id=st.id, year_id=year.id, class_id=sc.id))
                roster.students[(label, name)] = st.id
        uow.commit()
    return roster


def make_staff(uow, last_name: str = "Петрова") -> int:
    with uow:
        staff = Staff(last_name=last_name, first_name="Анна", position="классный руководитель")
        uow.session.add(staff)
        uow.session.flush()
        uow.commit()
        return staff.id


def make_homeroom_teacher(uow, class_id: int) -> int:
    """A staff member made the class teacher of that class: their staff id."""
    from app.models import SchoolClass
    staff = make_staff(uow)
    with uow:
        uow.session.get(SchoolClass, class_id).homeroom_teacher_id = staff
        uow.commit()
    return staff


DAY = dt.date(2026, 10, 15)


def participation_counts(uow) -> tuple[int, int, int]:
    """(events, participations, participations attended) in the database."""
    from sqlalchemy import func, select

    with uow:
        s = uow.session
        return (s.scalar(select(func.count()).select_from(Event)),
                s.scalar(select(func.count()).select_from(Participation)),
                s.scalar(select(func.count()).select_from(Participation).where(Participation.status == "attended")))
