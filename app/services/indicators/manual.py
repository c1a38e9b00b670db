"""Values the user enters for what the program cannot count (ManualIndicatorValue).

A manual value of an indicator the program does count replaces the counted one in reports (the
counted value stays visible beside it); clearing the value returns to the counted one."""
from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import select

from app.models import ManualIndicatorValue
from app.services.access import Permission
from app.services.calendar import find_year
from app.services.errors import UserError
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class ManualValue:
    indicator_code: str
    value: float | None
    note: str


def manual_values(session, set_code: str, year_id: int) -> dict[str, float | None]:
    rows = session.execute(select(ManualIndicatorValue.indicator_code, ManualIndicatorValue.value).where(
        ManualIndicatorValue.set_code == set_code, ManualIndicatorValue.year_id == year_id)).all()
    return {code: value for code, value in rows}


def get_manual_values(uow: UnitOfWork, *, set_code: str, year: int) -> list[ManualValue]:
    with uow:
        uow.require(Permission.VIEW_INDICATORS)
        year_row = find_year(uow.session, year)
        rows = uow.session.scalars(select(ManualIndicatorValue).where(
            ManualIndicatorValue.set_code == set_code, ManualIndicatorValue.year_id == year_row.id)).all()
        return [ManualValue(r.indicator_code, r.value, r.note) for r in rows]


def set_manual_value(uow: UnitOfWork, *, set_code: str, indicator_code: str, year: int, value: float | None,
                     note: str = "") -> None:
    """Enter (or with `value=None` clear) the value of one indicator for one year."""
    from app.services.indicators.definitions import load_set
    indicator = load_set(set_code).get(indicator_code)
    if indicator is None:
        raise UserError(f"В наборе «{set_code}» нет показателя «{indicator_code}».")
    if value is not None and (math.isnan(value) or math.isinf(value) or value < 0):
        raise UserError(f"Значение показателя {indicator_code} должно быть неотрицательным числом.")
    if value is not None and indicator.unit == "%" and value > 100:
        raise UserError(f"Доля (показатель {indicator_code}) не может быть больше 100%.")
    with uow:
        uow.require(Permission.EDIT_INDICATORS)
        year_row = find_year(uow.session, year)
        row = uow.session.scalar(select(ManualIndicatorValue).where(
            ManualIndicatorValue.set_code == set_code, ManualIndicatorValue.indicator_code == indicator_code,
            ManualIndicatorValue.year_id == year_row.id))
        if value is None:
            if row is not None:
                uow.session.delete(row)
        elif row is None:
            uow.session.add(ManualIndicatorValue(set_code=set_code, indicator_code=indicator_code,
                                                 year_id=year_row.id, value=value, note=note.strip()))
        else:
            row.value, row.note = value, note.strip()
        uow.audit("indicators.manual_value", entity="manual_indicator_value",
                  details=f"{set_code}/{indicator_code} {year_row.title}: {'очищено' if value is None else value}")
        uow.commit()
