"""Reading a school's report file: the program's own report by its hidden data sheet (checksum verified), or
the same form filled by hand by a school without ПрофТрек, by its visible values (hand_form.py)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from app.services.errors import UserError
from app.services.files.safe_files import check_size, check_zip
from app.services.reports.data_sheet import SheetIndicator, has_data_sheet, read_data_sheet


@dataclass(frozen=True)
class IncomingReport:
    file_name: str
    source: str                      # program | hand
    school_full_name: str
    school_short_name: str
    oo_code: str
    inn: str
    municipality: str
    start_year: int
    set_code: str
    set_title: str
    made_on: dt.date | None
    coordinator: str
    indicators: tuple[SheetIndicator, ...]
    checksum: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def read_report_file(path: Path) -> IncomingReport:
    path = Path(path)
    name = path.name
    if not path.is_file():
        raise UserError(f"Файл «{path}» не найден.")
    if path.suffix.lower() != ".xlsx":
        raise UserError(f"Файл «{name}» не является отчётом о показателях: нужен файл Excel .xlsx.")
    check_size(path)
    check_zip(path, kind="файл Excel .xlsx")
    # Read-only first: a report from the program is read cell by cell once, several times quicker so.
    wb = _open(path, read_only=True)
    try:
        p = read_data_sheet(wb, file_name=name) if has_data_sheet(wb) else None
    finally:
        wb.close()
    if p is not None:
        if not p.school_full_name.strip():
            raise UserError(f"Файл «{name}»: в отчёте не указано наименование школы. Попросите школу заполнить "
                            "«Сведения об ОО» и выгрузить отчёт заново.")
        return IncomingReport(
            file_name=name, source="program", school_full_name=p.school_full_name,
            school_short_name=p.school_short_name, oo_code=p.oo_code, inn=p.inn, municipality=p.municipality,
            start_year=p.start_year, set_code=p.set_code, set_title=p.set_title, made_on=p.made_on,
            coordinator=p.coordinator, indicators=p.indicators, checksum=p.checksum)
    from app.services.municipality.hand_form import read_hand_form
    return read_hand_form(_open(path, read_only=False), file_name=name)


def _open(path: Path, *, read_only: bool):
    try:
        return load_workbook(path, data_only=True, read_only=read_only)
    except Exception:  # openpyxl raises many kinds for a broken file; the user needs one message
        raise UserError(f"Файл «{path.name}» не читается как файл Excel .xlsx.") from None
