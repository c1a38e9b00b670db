"""Filling a form the ministry sends, keeping everything in it that is not ours.

Two ways to find where our figures go:
(a) placeholders in cells — {{school.name}}, {{school.short_name}}, {{year}}, {{coordinator.name}},
    {{ind:CODE}}, {{ind:SET:CODE}} (and the other fields of ReportData.field);
(b) no placeholders: rows whose text names one of the set's indicators, found by meaning (matching.py);
    the value goes into the column headed «Значение» / «Количество» / «Факт» / the year, and labelled
    cells («Наименование ОО:», «Учебный год:», «Исполнитель:») get the value in the empty cell beside them.
A cell that is not empty is never overwritten. The proposed mapping can be corrected by the user and
is remembered per form (ReportFormMapping, by a fingerprint of the form's structure) for next year.

openpyxl keeps other sheets, formulas, merged cells, styles, column widths and print settings; it does
not keep pictures and charts of the form (said in the result when the form has them)."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from app.models import ReportFormMapping
from app.services.access import Permission
from app.services.calendar import year_title
from app.services.errors import UserError
from app.services.files.export_safety import write_text_cell
from app.services.reports.data import ReportData, cell_value, report_data
from app.services.reports.form_matching import Matcher
from app.services.files.safe_files import check_zip
from app.services.text import fold, squeeze
from app.services.uow import UnitOfWork

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
_VALUE_HEADERS = ("значение", "количество", "факт", "фактическое значение", "значение показателя",
                  "фактическое", "кол во", "итого значение")
_NOT_VALUE = ("целев", "план", "ед", "единиц", "наименование", "ожидаем")
LABELS: dict[str, tuple[str, ...]] = {
    "school.name": ("наименование оо", "наименование образовательной организации", "образовательная организация",
                    "наименование организации", "наименование учреждения", "оо", "школа", "организация"),
    "school.municipality": ("муниципалитет", "муниципальное образование", "муниципальный район",
                            "городской округ"),
    "year": ("учебный год", "отчетный период", "период", "год"),
    "coordinator.name": ("исполнитель", "фио исполнителя", "ответственный", "ответственный исполнитель",
                         "исполнитель фио"),
    "coordinator.phone": ("телефон", "тел", "контактный телефон", "телефон исполнителя"),
    "coordinator.email": ("e mail", "email", "электронная почта", "адрес электронной почты"),
}
MATCH_THRESHOLD = 0.45


@dataclass
class RowCandidate:
    """A row of the form that may hold an indicator: where its value would go and what it says."""
    sheet: str
    row: int
    text: str
    value_cell: str            # "A1"-style coordinate on `sheet`


@dataclass
class FormMapping:
    fingerprint: str
    form_name: str
    mode: str                                   # "placeholders" | "rows"
    cells: dict[str, str] = field(default_factory=dict)    # "ind:CODE" / "school.name"… → "Лист!E12"
    scores: dict[str, float] = field(default_factory=dict)
    candidates: list[RowCandidate] = field(default_factory=list)
    remembered: bool = False                    # taken from a mapping saved for this form earlier

    def to_json(self) -> str:
        return json.dumps({"mode": self.mode, "cells": self.cells}, ensure_ascii=False)



@dataclass
class FillResult:
    out_path: Path
    written: list[str] = field(default_factory=list)      # human-readable lines: what went where
    not_found: list[str] = field(default_factory=list)    # indicators (or fields) with no place in the form
    skipped: list[str] = field(default_factory=list)      # places that were not empty, unknown placeholders
    warnings: list[str] = field(default_factory=list)


def open_form(path: Path):
    path = Path(path)
    if not path.is_file():
        raise UserError(f"Файл формы «{path}» не найден.")
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise UserError(f"Форма «{path.name}»: нужен файл Excel .xlsx (старый формат .xls сохраните как .xlsx).")
    check_zip(path, kind="файл Excel .xlsx")
    try:
        from app.services.files.xlsx_stream import check_workbook_bounds
        check_workbook_bounds(path)   # bounded before openpyxl builds every cell
        return load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    except UserError:
        raise
    except Exception:  # openpyxl raises many kinds for a broken file; the user needs one message
        raise UserError(f"Форма «{path.name}» не читается как файл Excel .xlsx.") from None


def fingerprint(wb) -> str:
    """The form's structure: sheet names and the texts of its cells, digits blurred, values left out
    (so next year's copy of the same form, with «2025/2026» in a header, has the same fingerprint)."""
    h = hashlib.sha256()
    for ws in wb.worksheets:
        h.update(b"\x00" + fold(ws.title).encode())
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and not cell.value.startswith("="):
                    text = re.sub(r"\d+", "#", squeeze(fold(cell.value)))
                    h.update(f"|{cell.coordinate}:{text}".encode())
    return h.hexdigest()


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def _is_value_header(text: str, year: int) -> bool:
    n = _norm(text)
    if not n:
        return False
    if _is_year_title(text, year):
        return True
    if any(n.startswith(bad) for bad in _NOT_VALUE):
        return False
    return n in _VALUE_HEADERS or (n.split()[0] in ("значение", "факт", "фактическое", "количество")
                                   and len(n.split()) <= 4)


def _is_year_title(text: str, year: int) -> bool:
    n = fold(text)
    a, b = str(year), str(year + 1)
    return bool(re.search(rf"{a}\s*[/\-–—]\s*({b}|{b[2:]})\b", n)) or n.strip() in (a + " год", b + " год")


def _text_of(value) -> str:
    return squeeze(value) if isinstance(value, str) and not value.startswith("=") else ""


def _top_left(ws, coordinate: str) -> str:
    """A cell inside a merged range is written through the range's top-left cell."""
    cell = ws[coordinate]
    if isinstance(cell, MergedCell):
        for rng in ws.merged_cells.ranges:
            if coordinate in rng:
                return rng.start_cell.coordinate
    return coordinate


def _right_of(ws, cell) -> str:
    """The first cell to the right of a (possibly merged) label cell."""
    col = cell.column
    for rng in ws.merged_cells.ranges:
        if cell.coordinate in rng:
            col = rng.max_col
    return f"{get_column_letter(col + 1)}{cell.row}"


def _is_empty(ws, coordinate: str) -> bool:
    value = ws[_top_left(ws, coordinate)].value
    return value is None or (isinstance(value, str) and not value.strip())


def scan_candidates(wb, year: int) -> list[RowCandidate]:
    """Rows under a value header («Значение», «Факт», the year…) with their text and value cell."""
    out: list[RowCandidate] = []
    for ws in wb.worksheets:
        header_row, value_col = None, None
        for row in ws.iter_rows(max_row=min(ws.max_row, 200)):
            for cell in row:
                if isinstance(cell.value, str) and _is_value_header(cell.value, year):
                    # The column of our year wins over a generic «Значение» of the same row.
                    if value_col is None or header_row != cell.row or _is_year_title(cell.value, year):
                        header_row, value_col = cell.row, cell.column
            if header_row is not None:
                break
        if header_row is None:
            continue
        for r in range(header_row + 1, ws.max_row + 1):
            parts = []
            for c in range(1, ws.max_column + 1):
                if c == value_col:
                    continue
                text = _text_of(ws.cell(r, c).value)
                if text and not re.fullmatch(r"[\d.,\s]+", text):
                    parts.append(text)
            if parts:
                out.append(RowCandidate(ws.title, r, " ".join(parts), f"{get_column_letter(value_col)}{r}"))
    return out


def _scan_labels(wb) -> dict[str, str]:
    found: dict[str, str] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows(max_row=min(ws.max_row, 300)):
            for cell in row:
                if not isinstance(cell.value, str) or len(cell.value) > 60:
                    continue
                n = _norm(cell.value)
                for key, words in LABELS.items():
                    if key in found or n not in words:
                        continue
                    # A label names a field only when it asks for a value: a colon, or an empty cell beside it.
                    target = _right_of(ws, cell)
                    if _is_empty(ws, target):
                        found[key] = f"{ws.title}!{target}"
    return found


def _placeholders(wb) -> list[tuple[str, str, list[str]]]:
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and "{{" in cell.value:
                    keys = PLACEHOLDER.findall(cell.value)
                    if keys:
                        found.append((ws.title, cell.coordinate, keys))
    return found


def propose_mapping(wb, data: ReportData, *, form_name: str, remembered: str | None = None) -> FormMapping:
    """Where each figure goes: placeholders if the form has them, else rows found by meaning."""
    fp = fingerprint(wb)
    if _placeholders(wb):
        return FormMapping(fp, form_name, "placeholders")
    candidates = scan_candidates(wb, data.result.year)
    mapping = FormMapping(fp, form_name, "rows", candidates=candidates)
    if remembered:
        saved = json.loads(remembered)
        mapping.cells = {k: v for k, v in saved.get("cells", {}).items() if _ref_exists(wb, v)}
        mapping.remembered = True
        return mapping
    matcher = Matcher({i.code: i.name for i in data.result.indicators})
    for code, (index, score) in matcher.assign([c.text for c in candidates], threshold=MATCH_THRESHOLD).items():
        c = candidates[index]
        mapping.cells[f"ind:{code}"] = f"{c.sheet}!{c.value_cell}"
        mapping.scores[f"ind:{code}"] = score
    mapping.cells.update(_scan_labels(wb))
    return mapping


def _ref_exists(wb, ref: str) -> bool:
    sheet, _, coord = ref.rpartition("!")
    return sheet in wb.sheetnames and bool(re.fullmatch(r"[A-Z]{1,3}\d{1,6}", coord))


def _value_for(key: str, data: ReportData, set_code: str):
    """The value of a placeholder/mapping key; None if the key is unknown."""
    if key.startswith("ind:"):
        parts = key.split(":")
        if len(parts) == 3 and parts[1] != set_code:
            return None  # another set's indicator: not in this report
        ind = data.result.get(parts[-1])
        return None if ind is None else cell_value(ind.value)
    return data.field(key)


def _names(data: ReportData) -> dict[str, str]:
    return {f"ind:{i.code}": f"{i.code}. {i.name}" for i in data.result.indicators}


def fill_workbook(wb, mapping: FormMapping, data: ReportData, result: FillResult) -> None:
    if mapping.mode == "placeholders":
        fill_placeholders(wb, data, result)
    else:
        fill_mapped_cells(wb, mapping, data, result)


def fill_placeholders(wb, data: ReportData, result: FillResult) -> None:
    """Replace every {{…}} of the workbook; a cell that is one indicator's placeholder gets a number."""
    set_code, names = data.result.set_code, _names(data)
    found = _placeholders(wb)
    for sheet, coord, keys in found:
        cell = wb[sheet][coord]
        text = cell.value
        whole = PLACEHOLDER.fullmatch(text.strip())
        if whole:
            value = _value_for(whole.group(1), data, set_code)
            if value is None:
                result.skipped.append(f"{sheet}!{coord}: неизвестная метка «{{{{{whole.group(1)}}}}}»")
                continue
            write_text_cell(cell, value)
            result.written.append(f"{sheet}!{coord} ← {whole.group(1)}: {value}")
            continue
        for key in keys:
            value = _value_for(key, data, set_code)
            if value is None:
                result.skipped.append(f"{sheet}!{coord}: неизвестная метка «{{{{{key}}}}}»")
                continue
            text = re.sub(r"\{\{\s*" + re.escape(key) + r"\s*\}\}", str(value).replace("\\", r"\\"), text)
            result.written.append(f"{sheet}!{coord} ← {key}: {value}")
        write_text_cell(cell, text)
    placed = {k for _s, _c, keys in found for k in keys}
    result.not_found = [names[k] for k in names if k not in placed and f"ind:{set_code}:{k[4:]}" not in placed]


def fill_mapped_cells(wb, mapping: FormMapping, data: ReportData, result: FillResult) -> None:
    """Write each mapped value into its cell, never over a cell that is not empty."""
    set_code, names = data.result.set_code, _names(data)
    for key, ref in mapping.cells.items():
        sheet, _, coord = ref.rpartition("!")
        ws = wb[sheet]
        coord = _top_left(ws, coord)
        value = _value_for(key, data, set_code)
        if value is None:
            continue
        label = names.get(key, key)
        if not _is_empty(ws, coord):
            result.skipped.append(f"{ref}: ячейка не пуста — «{label}» не записан")
            continue
        cell = ws[coord]
        write_text_cell(cell, value)
        result.written.append(f"{ref} ← {label}: {value}")
    result.not_found = [names[k] for k in names if k not in mapping.cells]


def load_remembered(uow: UnitOfWork, fp: str) -> str | None:
    with uow:
        row = uow.session.scalar(select(ReportFormMapping).where(ReportFormMapping.fingerprint == fp))
        return None if row is None else row.mapping_json


def remember_mapping(uow: UnitOfWork, mapping: FormMapping) -> None:
    """Keep the confirmed mapping of this form for next year."""
    with uow:
        uow.require(Permission.EDIT_INDICATORS)
        row = uow.session.scalar(select(ReportFormMapping).where(ReportFormMapping.fingerprint == mapping.fingerprint))
        if row is None:
            uow.session.add(ReportFormMapping(fingerprint=mapping.fingerprint, form_name=mapping.form_name,
                                              mapping_json=mapping.to_json()))
        else:
            row.mapping_json, row.form_name = mapping.to_json(), mapping.form_name
        uow.audit("report.form_mapping", entity="report_form_mapping", details=mapping.form_name)
        uow.commit()


def prepare_form(uow: UnitOfWork, *, form: Path, set_code: str, year: int, use_remembered: bool = True
                 ) -> tuple[FormMapping, ReportData]:
    """Read a form and propose its mapping (the remembered one if this form was mapped before)."""
    data = report_data(uow, set_code=set_code, year=year)
    wb = open_form(form)
    remembered = load_remembered(uow, fingerprint(wb)) if use_remembered else None
    return propose_mapping(wb, data, form_name=Path(form).name, remembered=remembered), data


def fill_form(uow: UnitOfWork, *, form: Path, out: Path, set_code: str, year: int,
              mapping: FormMapping | None = None, remember: bool = False) -> FillResult:
    """Fill `form` with the set's values for the year into `out` (the form itself is never changed)."""
    form, out = Path(form), Path(out)
    if form.resolve() == out.resolve():
        raise UserError("Сохраните заполненную форму в другой файл: бланк министерства не изменяется.")
    data = report_data(uow, set_code=set_code, year=year)
    wb = open_form(form)
    if mapping is None:
        remembered = load_remembered(uow, fingerprint(wb))
        mapping = propose_mapping(wb, data, form_name=form.name, remembered=remembered)
    result = FillResult(out)
    fill_workbook(wb, mapping, data, result)
    if getattr(wb, "_images", None) or any(getattr(ws, "_images", None) or getattr(ws, "_charts", None)
                                            for ws in wb.worksheets):
        result.warnings.append("Рисунки и диаграммы формы в заполненный файл не переносятся.")
    try:
        wb.save(out)
    except PermissionError:
        raise UserError(f"Не удалось записать «{out.name}»: файл открыт в другой программе или папка "
                        f"недоступна для записи.") from None
    if remember and mapping.mode == "rows":
        remember_mapping(uow, mapping)
    with uow:
        uow.audit("report.fill_form", entity="report", details=f"{set_code} {year_title(year)} → {out.name}")
        uow.commit()
    return result
