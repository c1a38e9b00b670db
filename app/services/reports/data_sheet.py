"""The hidden, protected sheet of the program's own report: what a municipality needs to consolidate it.

The school (full name, OO code, INN, municipality), the academic year, the indicator set and, for every
indicator, its numerator, denominator and value are written on a hidden sheet, with a checksum over those
values and over every cell of the visible sheet, so that a report edited after it was exported is refused
when the municipality loads it.

What the checksum protects against: an edit made by hand in Excel after export (a corrected figure, a
retyped name, a row deleted). It is not a signature: the key is in the program, and someone who has the
program and wants to forge a report can compute the checksum too. The sheet protection and the locked
workbook structure only keep the sheet out of the way of a person reading and signing the report."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass, field

from openpyxl.workbook.protection import WorkbookProtection

from app.services.errors import UserError

SHEET_TITLE = "Данные ПрофТрека"
FORMAT = "proftrack-report/1"
MEASURES = ("count", "share", "average")
_KEY = b"ProfTrek school report data sheet, format 1"
# Not a secret either (see the module docstring): it keeps a person from unhiding the sheet by accident.
_PROTECTION_PASSWORD = "proftrack"
_FIELDS = ("school_full_name", "school_short_name", "oo_code", "inn", "municipality", "region", "start_year",
           "set_code", "set_title", "made_on", "coordinator", "visible_sheet")
_COLUMNS = ("code", "name", "unit", "measure", "value", "numerator", "denominator")


@dataclass(frozen=True)
class SheetIndicator:
    code: str
    name: str
    unit: str
    measure: str                 # count | share (numerator ÷ denominator, %) | average (numerator ÷ denominator)
    value: float | None
    numerator: float | None
    denominator: int | None


@dataclass(frozen=True)
class ReportPayload:
    school_full_name: str
    school_short_name: str
    oo_code: str
    inn: str
    municipality: str
    region: str
    start_year: int
    set_code: str
    set_title: str
    made_on: dt.date
    coordinator: str
    visible_sheet: str
    indicators: tuple[SheetIndicator, ...] = field(default_factory=tuple)
    checksum: str = ""


def write_data_sheet(wb, payload: ReportPayload) -> str:
    """Add the hidden sheet to `wb` (its visible sheet already filled); returns the checksum written."""
    visible = wb[payload.visible_sheet]
    checksum = _checksum(payload, visible)
    ws = wb.create_sheet(SHEET_TITLE)
    ws.append(["format", FORMAT])
    for name in _FIELDS:
        value = getattr(payload, name)
        ws.append([name, value.isoformat() if isinstance(value, dt.date) else value])
    ws.append(["indicators", *_COLUMNS])
    for ind in payload.indicators:
        ws.append(["indicator", *(getattr(ind, c) for c in _COLUMNS)])
    ws.append(["checksum", checksum])
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever a school's name starts with
    ws.sheet_state = "hidden"
    ws.protection.sheet = True
    ws.protection.password = _PROTECTION_PASSWORD
    wb.security = WorkbookProtection(workbookPassword=_PROTECTION_PASSWORD, lockStructure=True)
    wb.active = wb.sheetnames.index(payload.visible_sheet)
    return checksum


def has_data_sheet(wb) -> bool:
    return SHEET_TITLE in wb.sheetnames


def read_data_sheet(wb, *, file_name: str) -> ReportPayload:
    """The payload of a report's hidden sheet, its checksum verified; a UserError naming the file otherwise."""
    ws = wb[SHEET_TITLE]
    damaged = f"Файл «{file_name}»: лист данных ПрофТрека повреждён"
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    if not rows or rows[0][:2] != ["format", FORMAT]:
        found = rows[0][1] if rows and len(rows[0]) > 1 else None
        raise UserError(f"Файл «{file_name}»: отчёт записан в неизвестном формате «{found}». "
                        "Обновите ПрофТрек.")
    values: dict[str, object] = {}
    indicators: list[SheetIndicator] = []
    checksum = ""
    for number, row in enumerate(rows[1:], start=2):
        kind = row[0] if row else None
        if kind in _FIELDS:
            values[kind] = row[1] if len(row) > 1 else None
        elif kind == "indicator":
            try:
                indicators.append(_indicator(row[1:1 + len(_COLUMNS)]))
            except (TypeError, ValueError):
                raise UserError(f"{damaged} (строка {number}).") from None
        elif kind == "checksum":
            checksum = str(row[1] or "")
    missing = [name for name in _FIELDS if name not in values]
    if missing or not checksum:
        raise UserError(f"{damaged}: нет поля «{(missing or ['checksum'])[0]}».")
    try:
        start_year = int(values["start_year"])  # type: ignore[arg-type]
        made_on = dt.date.fromisoformat(str(values["made_on"]))
    except (TypeError, ValueError):
        raise UserError(f"{damaged}: неверный год или дата.") from None
    payload = ReportPayload(
        **{name: _text(values[name]) for name in _FIELDS if name not in ("start_year", "made_on")},
        start_year=start_year, made_on=made_on, indicators=tuple(indicators), checksum=checksum)
    if payload.visible_sheet not in wb.sheetnames:
        raise UserError(f"Файл «{file_name}»: нет листа «{payload.visible_sheet}» с показателями — отчёт "
                        "изменён после выгрузки из ПрофТрека.")
    if not hmac.compare_digest(checksum, _checksum(payload, wb[payload.visible_sheet])):
        raise UserError(f"Файл «{file_name}»: отчёт изменён вручную после выгрузки из ПрофТрека (контрольная "
                        "сумма не сходится). Попросите школу выгрузить отчёт из программы заново.")
    return payload


def _indicator(cells: list) -> SheetIndicator:
    code, name, unit, measure, value, numerator, denominator = (cells + [None] * len(_COLUMNS))[:len(_COLUMNS)]
    if not code or measure not in MEASURES:
        raise ValueError(code)
    return SheetIndicator(code=str(code), name=_text(name), unit=_text(unit), measure=str(measure),
                          value=_number(value), numerator=_number(numerator),
                          denominator=None if denominator is None else int(denominator))


def _number(value) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(value)
    return value


def _text(value) -> str:
    return "" if value is None else str(value)


def _canonical(value):
    """The same value however it was read back: 5 and 5.0 are one number, a date is its ISO text."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return format(float(value), ".12g")
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _checksum(payload: ReportPayload, visible) -> str:
    body = {name: _canonical(getattr(payload, name)) for name in _FIELDS}
    body["indicators"] = [[_canonical(getattr(ind, c)) for c in _COLUMNS] for ind in payload.indicators]
    body["visible"] = [[cell.coordinate, _canonical(cell.value)]
                       for row in visible.iter_rows() for cell in row if cell.value not in (None, "")]
    text = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hmac.new(_KEY, text.encode("utf-8"), hashlib.sha256).hexdigest()
