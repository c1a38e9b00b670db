"""`init`: a new, empty school database (a file, or an empty database on a PostgreSQL server) with the
schema at head and the school's full name — the start from the command line without the demo."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import URL

from app.models import School
from app.services.access import system_actor
from app.services.errors import UserError
from app.services.storage.database import is_server_url
from app.services.storage.migrations import open_database
from app.services.storage.transfer import describe_target, holds_school
from app.services.text import squeeze
from app.services.uow import UnitOfWork


def create_school_database(target: Path | str | URL, *, full_name: str, actor_name: str = "командная строка") -> str:
    """Make the database and record the school in it; refused when it already holds a school (or any data).
    Returns how the database is named to the user."""
    name = squeeze(full_name)
    if not name:
        raise UserError("Укажите полное наименование образовательной организации (--school).")
    if holds_school(target):
        raise UserError(f"В базе {describe_target(target)} уже есть школа или муниципалитет (или другие данные). "
                        "Новая школа в неё не записана; ничего не изменено.")
    if not is_server_url(target):
        Path(target).parent.mkdir(parents=True, exist_ok=True)
    database = open_database(target)
    try:
        with UnitOfWork(database, system_actor(actor_name)) as uow:
            school = School(full_name=name, short_name=name[:200])
            uow.session.add(school)
            uow.session.flush()
            uow.audit("school.init", entity="school", entity_id=school.id, details=name[:200])
            uow.commit()
        return database.name
    finally:
        database.dispose()
