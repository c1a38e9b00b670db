"""The school's details («Сведения об ОО») and school-wide settings."""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from sqlalchemy import select

from app.models import School
from app.services.access import Permission
from app.services.errors import UserError
from app.services.uow import UnitOfWork


@dataclass
class SchoolDetails:
    full_name: str = ""
    short_name: str = ""
    municipality: str = ""
    region: str = ""
    oo_code: str = ""
    inn: str = ""
    address: str = ""
    director_name: str = ""
    deputy_director_name: str = ""
    coordinator_name: str = ""
    coordinator_position: str = ""
    coordinator_phone: str = ""
    coordinator_email: str = ""
    is_demo: bool = False


FIELD_LABELS: dict[str, str] = {
    "full_name": "Полное наименование ОО",
    "short_name": "Краткое наименование",
    "municipality": "Муниципальное образование",
    "region": "Регион",
    "oo_code": "Код ОО",
    "inn": "ИНН",
    "address": "Адрес",
    "director_name": "Директор",
    "deputy_director_name": "Заместитель директора по УВР",
    "coordinator_name": "Координатор профориентации (ФИО)",
    "coordinator_position": "Должность координатора",
    "coordinator_phone": "Телефон координатора",
    "coordinator_email": "E-mail координатора",
}


def _school_row(session) -> School | None:
    return session.scalar(select(School).order_by(School.id).limit(1))


def get_school(uow: UnitOfWork) -> SchoolDetails:
    with uow:
        row = _school_row(uow.session)
        if row is None:
            return SchoolDetails()
        return SchoolDetails(**{f.name: getattr(row, f.name) for f in fields(SchoolDetails)})


def save_school(uow: UnitOfWork, details: SchoolDetails) -> None:
    """Validate and save the school's details; one school per database."""
    if not details.full_name.strip() and not details.short_name.strip():
        raise UserError("Укажите наименование образовательной организации.")
    inn = details.inn.strip()
    if inn and (not inn.isdigit() or len(inn) not in (10, 12)):
        raise UserError(f"ИНН «{inn}» указан неверно: 10 или 12 цифр.")
    email = details.coordinator_email.strip()
    if email and ("@" not in email or " " in email):
        raise UserError(f"E-mail «{email}» указан неверно.")
    with uow:
        uow.require(Permission.EDIT_SCHOOL)
        row = _school_row(uow.session)
        if row is None:
            row = School()
            uow.session.add(row)
        values = asdict(details)
        for name, value in values.items():
            if name == "is_demo":
                continue
            setattr(row, name, value.strip() if isinstance(value, str) else value)
        if row.is_demo is None:
            row.is_demo = details.is_demo
        uow.session.flush()
        uow.audit("school.update", entity="school", entity_id=row.id)
        uow.commit()
