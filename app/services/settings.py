"""The school's settings, declared once: key, type, default, bounds and who may change them. The windows,
the CLI and the services read and write them only through `read`/`write` and these declarations, so no key
string is written twice. (Preferences of one computer — window size, last folders — live in QSettings in
app/ui, not here: the school's data does not belong in QSettings and preferences not in the database.)"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from app.models import Setting
from app.services.access import Permission
from app.services.errors import UserError
from app.services.labels import PROFMINIMUM_LEVEL_HOURS

T = TypeVar("T", int, str)


@dataclass(frozen=True)
class SettingSpec(Generic[T]):
    key: str
    label: str                       # Russian, for messages
    kind: type                       # int or str
    default: T
    permission: Permission | None    # who may change it; None: only the program itself
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    def parse(self, raw: str | None) -> T:
        """The stored text as a value; anything unreadable reads as the default (never an error at start)."""
        if raw is None:
            return self.default
        if self.kind is int:
            try:
                value = int(raw)
            except ValueError:
                return self.default
            if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
                return self.default
            return value  # type: ignore[return-value]
        if self.choices and raw not in self.choices:
            return self.default
        return raw  # type: ignore[return-value]

    def validate(self, value: T) -> str:
        if self.kind is int:
            if isinstance(value, bool) or not isinstance(value, int):
                raise UserError(f"{self.label}: нужно целое число, а не «{value}».")
            if self.minimum is not None and self.maximum is not None and not self.minimum <= value <= self.maximum:
                raise UserError(f"{self.label}: {value} не подходит, нужно от {self.minimum} до {self.maximum}.")
            return str(value)
        text = str(value).strip()
        if self.choices and text not in self.choices:
            raise UserError(f"{self.label}: значение «{text}» не подходит ({', '.join(self.choices)}).")
        return text


PROFMINIMUM_LEVEL: SettingSpec[str] = SettingSpec(
    "profminimum_level", "Уровень профминимума", str, "basic", Permission.EDIT_SCHOOL,
    choices=tuple(PROFMINIMUM_LEVEL_HOURS))
IDLE_LOCK_MINUTES: SettingSpec[int] = SettingSpec(
    "idle_lock_minutes", "Блокировка при бездействии, минут", int, 10, Permission.EDIT_SCHOOL, minimum=0, maximum=240)
RETENTION_YEARS: SettingSpec[int] = SettingSpec(
    "retention_years", "Срок хранения данных выбывших, лет", int, 3, Permission.EDIT_SCHOOL, minimum=1, maximum=75)
CLASS_SHEET_SECRET: SettingSpec[str] = SettingSpec(
    "class_sheet_secret", "Ключ подписи листов классных руководителей", str, "", None)

# The participation import streams its file, so the limit guards time, not memory; data rows, header not counted.
PARTICIPATION_MAX_ROWS: SettingSpec[int] = SettingSpec(
    "participation_max_rows", "Наибольшее число строк журнала участия", int, 1_000_000, Permission.EDIT_SCHOOL,
    minimum=1_000, maximum=10_000_000)

ALL: tuple[SettingSpec, ...] = (PROFMINIMUM_LEVEL, IDLE_LOCK_MINUTES, RETENTION_YEARS, CLASS_SHEET_SECRET,
                                PARTICIPATION_MAX_ROWS)


def read_in(session, spec: SettingSpec[T]) -> T:
    """Inside a unit of work that is already open."""
    row = session.get(Setting, spec.key)
    return spec.parse(None if row is None else row.value)


def write_in(session, spec: SettingSpec[T], value: T) -> None:
    text = spec.validate(value)
    row = session.get(Setting, spec.key)
    if row is None:
        session.add(Setting(key=spec.key, value=text))
    else:
        row.value = text
    session.flush()


def read(uow, spec: SettingSpec[T]) -> T:
    with uow:
        return read_in(uow.session, spec)


def write(uow, spec: SettingSpec[T], value: T) -> None:
    """Change a setting as the acting user: rights checked, audited, one transaction."""
    if spec.permission is None:
        raise UserError(f"«{spec.label}» меняет только сама программа.")
    with uow:
        uow.require(spec.permission)
        write_in(uow.session, spec, value)
        uow.audit("setting.update", entity="setting", details=spec.key)
        uow.commit()
