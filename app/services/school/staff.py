"""Staff (сотрудники): responsible persons, homeroom teachers, consultants."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from app.models import SchoolClass, Staff
from app.services.access import Permission
from app.services.errors import NotFound, UserError
from app.services.text import clean_name, fold, sort_key, squeeze
from app.services.uow import UnitOfWork

# Positions offered in the form; the user may type any other.
COMMON_POSITIONS = ("Педагог-навигатор", "Педагог-психолог", "Социальный педагог", "Классный руководитель",
                    "Учитель", "Заместитель директора по УВР", "Директор", "Педагог дополнительного образования")


@dataclass(frozen=True)
class StaffRow:
    id: int
    last_name: str
    first_name: str
    patronymic: str
    position: str
    phone: str
    email: str
    is_active: bool
    full_name: str
    short_name: str                # «Иванова А.П.» as documents write it
    classes: str = ""              # classes where the person is the homeroom teacher this year, «5А, 7Б»
    search_text: str = ""


@dataclass
class StaffDetails:
    last_name: str
    first_name: str = ""
    patronymic: str = ""
    position: str = ""
    phone: str = ""
    email: str = ""
    is_active: bool = True
    id: int | None = None


def list_staff(uow: UnitOfWork, *, start_year: int | None = None, include_inactive: bool = True) -> list[StaffRow]:
    with uow:
        uow.require(Permission.VIEW_ROSTER)
        homeroom: dict[int, list[str]] = {}
        if start_year is not None:
            from app.models import AcademicYear
            rows = uow.session.execute(
                select(SchoolClass.homeroom_teacher_id, SchoolClass.grade, SchoolClass.letter)
                .join(AcademicYear, AcademicYear.id == SchoolClass.year_id)
                .where(AcademicYear.start_year == start_year, SchoolClass.homeroom_teacher_id.is_not(None))
                .order_by(SchoolClass.grade, SchoolClass.letter))
            for staff_id, grade, letter in rows:
                homeroom.setdefault(staff_id, []).append(f"{grade}{letter}")
        query = select(Staff)
        if not include_inactive:
            query = query.where(Staff.is_active.is_(True))
        result = [StaffRow(s.id, s.last_name, s.first_name, s.patronymic, s.position, s.phone, s.email,
                           s.is_active, s.full_name, s.short_name, ", ".join(homeroom.get(s.id, [])),
                           fold(f"{s.last_name} {s.first_name} {s.patronymic} {s.position}"))
                  for s in uow.session.scalars(query)]
    result.sort(key=lambda r: sort_key(r.full_name))
    return result


def save_staff(uow: UnitOfWork, details: StaffDetails) -> int:
    """Add or edit a member of staff; returns their id."""
    last = clean_name(details.last_name).text   # invisible characters out, as for pupils
    if not last:
        raise UserError("Укажите фамилию сотрудника.")
    email = details.email.strip()
    if email and ("@" not in email or " " in email):
        raise UserError(f"E-mail «{email}» указан неверно.")
    with uow:
        uow.require(Permission.EDIT_ROSTER)
        if details.id is None:
            person = Staff(last_name=last)
            uow.session.add(person)
        else:
            person = uow.session.get(Staff, details.id)
            if person is None:
                raise NotFound("Сотрудник не найден: возможно, его уже изменил другой пользователь.")
        person.last_name = last
        person.first_name = clean_name(details.first_name).text
        person.patronymic = clean_name(details.patronymic).text
        person.position = squeeze(details.position)
        person.phone = squeeze(details.phone)
        person.email = email
        person.is_active = details.is_active
        uow.session.flush()
        uow.audit("staff.save", entity="staff", entity_id=person.id)  # by id: no person's name in the log
        uow.commit()
        return person.id
