"""Creating a municipal database and telling it from a school's: a database is a municipality's when its
`municipality` table holds the row written here; a school's database keeps that table empty."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, fields

from sqlalchemy import select

from app.models import Municipality, School
from app.services.access import Permission, system_actor
from app.services.calendar import get_or_create_year, set_current_year, start_year_of
from app.services.errors import UserError
from app.services.storage.database import Database
from app.services.uow import UnitOfWork

SCHOOL = "school"
MUNICIPALITY = "municipality"


@dataclass
class MunicipalityDetails:
    name: str = ""
    region: str = ""
    executor_name: str = ""
    executor_position: str = ""
    executor_phone: str = ""
    executor_email: str = ""


FIELD_LABELS = {"name": "Наименование органа управления образованием", "region": "Регион",
                "executor_name": "Исполнитель (ФИО)", "executor_position": "Должность исполнителя",
                "executor_phone": "Телефон исполнителя", "executor_email": "E-mail исполнителя"}


def create_municipality(database: Database, name: str, *, region: str = "", today: dt.date | None = None) -> None:
    """Make a migrated, empty database the municipality's: its row and the current academic year."""
    name = " ".join((name or "").split())
    if not name:
        raise UserError("Укажите наименование органа управления образованием.")
    label = database.path.name if database.path else "база данных"
    uow = UnitOfWork(database, system_actor("создание базы"))
    with uow:
        session = uow.session
        if session.scalar(select(Municipality.id).limit(1)) is not None:
            raise UserError(f"База данных «{label}» уже принадлежит муниципалитету. Файл не изменён.")
        if session.scalar(select(School.id).limit(1)) is not None:
            raise UserError(f"База данных «{label}» — база школы. Муниципалитету нужна отдельная база; "
                            "файл не изменён.")
        session.add(Municipality(name=name, region=region.strip()))
        year = start_year_of(today or dt.date.today())
        get_or_create_year(session, year)
        set_current_year(session, year)
        uow.audit("municipality.create", entity="municipality", details=name)
        uow.commit()


def is_municipal_in(session) -> bool:
    return session.scalar(select(Municipality.id).limit(1)) is not None


def database_kind(uow: UnitOfWork) -> str:
    """«municipality» for a municipal database, «school» for any other."""
    with uow:
        return MUNICIPALITY if is_municipal_in(uow.session) else SCHOOL


def require_municipal(session, database: Database) -> Municipality:
    row = session.scalar(select(Municipality).order_by(Municipality.id).limit(1))
    if row is None:
        label = database.path.name if database.path else "база данных"
        raise UserError(f"База данных «{label}» — база школы, а не муниципалитета. Отчёты школ собираются в базе "
                        "муниципалитета: main.py init --db ФАЙЛ --municipality \"Наименование\".")
    return row


def get_municipality(uow: UnitOfWork) -> MunicipalityDetails:
    with uow:
        row = uow.session.scalar(select(Municipality).order_by(Municipality.id).limit(1))
        if row is None:
            return MunicipalityDetails()
        return MunicipalityDetails(**{f.name: getattr(row, f.name) for f in fields(MunicipalityDetails)})


def save_municipality(uow: UnitOfWork, details: MunicipalityDetails) -> None:
    if not details.name.strip():
        raise UserError("Укажите наименование органа управления образованием.")
    email = details.executor_email.strip()
    if email and ("@" not in email or " " in email):
        raise UserError(f"E-mail «{email}» указан неверно.")
    with uow:
        uow.require(Permission.EDIT_SCHOOL)
        row = require_municipal(uow.session, uow.database)
        for name, value in asdict(details).items():
            setattr(row, name, value.strip())
        uow.audit("municipality.update", entity="municipality", entity_id=row.id)
        uow.commit()
