"""Filling a form the ministry sends, keeping everything in it that is not ours.

Two ways to find where our figures go:
(a) placeholders in cells — {{school.name}}, {{school.short_name}}, {{year}}, {{coordinator.name}},
    {{ind:CODE}}, {{ind:SET:CODE}} (and the other fields of ReportData.field);
(b) no placeholders: the table of each sheet and its value columns are found by the table's own header
    (form_table.py: the reporting year, «Значение»/«Факт», a column per grade or level and «Всего», last
    year's column), and its rows are paired with the set's indicators and the plain counts by meaning
    (form_matching.py); labelled cells («Наименование ОО:», «Учебный год:», «Исполнитель:») get the value
    in the empty cell beside them.
A cell that is not empty is never overwritten (and is reported, never counted as filled); a form that got
no value at all is not saved. The proposed mapping can be corrected by the user and is remembered per
form (ReportFormMapping, by a fingerprint of the form's structure) for next year, or saved to a file.

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
from app.services.indicators.counts import PLAIN_COUNTS
from app.services.reports.data import ReportData, report_data, year_of
from app.services.reports.form_matching import Matcher
from app.services.reports.form_table import SUB_ROW, Slot, find_table, parse_key, slot_key, slots_of_row
from app.services.files.safe_files import check_zip
from app.services.text import fold, squeeze
from app.services.uow import UnitOfWork

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
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
    """A row of the form's table that may hold a figure: what it says and the cells our figures go into
    (one for a plain value column; one per grade, level and «Всего» for a breakdown; last year's)."""
    sheet: str
    row: int
    text: str
    slots: list[Slot] = field(default_factory=list)

    @property
    def value_cell(self) -> str:
        """The cell of the reporting year's whole-school value (else the first of ours)."""
        ours = [s for s in self.slots if not s.previous]
        whole = [s for s in ours if s.grades is None]
        return (whole or ours or self.slots)[0].coordinate

    @property
    def refs(self) -> set[str]:
        return {f"{self.sheet}!{s.coordinate}" for s in self.slots}

    @property
    def label(self) -> str:
        return f"лист «{self.sheet}», строка {self.row}: {self.text[:120]}"


@dataclass
class FormMapping:
    fingerprint: str
    form_name: str
    mode: str                                   # "placeholders" | "rows"
    # "ind:CODE" / "ind:CODE@6" / "prev:ind:CODE" / "count:enrolled" / "school.name"… → "Лист!E12"
    cells: dict[str, str] = field(default_factory=dict)
    scores: dict[str, float] = field(default_factory=dict)     # base key → how sure the match is
    candidates: list[RowCandidate] = field(default_factory=list)
    remembered: bool = False                    # taken from a mapping saved for this form earlier

    def to_json(self) -> str:
        return json.dumps({"mode": self.mode, "cells": self.cells}, ensure_ascii=False)

    def row_choice(self, candidate: RowCandidate) -> str | None:
        """The figure («ind:3», «count:enrolled») a row of the form is mapped to, None if none."""
        refs = candidate.refs
        for key, ref in self.cells.items():
            if ref in refs:
                return parse_key(key)[1]
        return None

    def set_row(self, candidate: RowCandidate, base: str | None) -> None:
        """Point a row of the form to a figure (or, with None, to «не заполнять»); a figure sits in one row."""
        refs = candidate.refs
        self.cells = {k: v for k, v in self.cells.items()
                      if v not in refs and (base is None or parse_key(k)[1] != base)}
        if base is not None:
            for slot in candidate.slots:
                self.cells[slot_key(base, slot)] = f"{candidate.sheet}!{slot.coordinate}"


@dataclass
class FillResult:
    out_path: Path
    written: list[str] = field(default_factory=list)      # human-readable lines: what went where
    not_found: list[str] = field(default_factory=list)    # indicators (or fields) with no place in the form
    skipped: list[str] = field(default_factory=list)      # places that were not empty, unknown placeholders
    warnings: list[str] = field(default_factory=list)
    values_written: int = 0                               # figures of the reporting year written
    form_rows: int = 0                                    # rows of the form's tables
    unfilled_rows: list[str] = field(default_factory=list)  # rows of the form that got no figure

    @property
    def filled_rows(self) -> int:
        return self.form_rows - len(self.unfilled_rows)

    def summary(self) -> str:
        """One plain line: how many of the form's rows got a value."""
        if self.form_rows:
            return (f"Заполнено строк формы: {self.filled_rows} из {self.form_rows} "
                    f"(записано значений: {self.values_written}).")
        return f"Записано значений: {self.values_written}."


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


def _is_label_row(text: str) -> bool:
    n = _norm(text.split(":")[0])
    return any(n in words for words in LABELS.values())


def scan_candidates(wb, year: int) -> list[RowCandidate]:
    """The rows of every sheet's table (form_table) with their text and the cells our figures go into.
    A row «из них с ОВЗ» / «в том числе …» is read with the row above it («Численность обучающихся …»)."""
    out: list[RowCandidate] = []
    for ws in wb.worksheets:
        table = find_table(ws, year)
        if table is None:
            continue
        value_cols = {c.column for c in table.columns}
        parent, empty_run = "", 0
        for r in range(table.header_bottom + 1, ws.max_row + 1):
            parts = []
            for c in range(1, ws.max_column + 1):
                if c in value_cols:
                    continue
                text = _text_of(ws.cell(r, c).value)
                if text and not re.fullmatch(r"[\d.,\s]+", text):
                    parts.append(text)
            if not parts:
                empty_run += 1
                if empty_run >= 3 and out:
                    break
                continue
            empty_run = 0
            text = " ".join(parts)
            if _is_label_row(text):
                continue  # «Исполнитель:» under the table: a label, not a row of the table
            sub = SUB_ROW.match(text)
            if sub and parent:
                text = f"{parent} {text[sub.end():]}"
            else:
                parent = text
            out.append(RowCandidate(ws.title, r, text, slots_of_row(table, r)))
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


def figure_names(data: ReportData) -> dict[str, str]:
    """Every figure a row of the form may be mapped to: the set's indicators, then the plain counts."""
    names = {f"ind:{i.code}": f"{i.code}. {i.name}" for i in data.result.indicators}
    names.update({f"count:{code}": wording for code, (wording, _unit) in PLAIN_COUNTS.items()})
    return names


def propose_mapping(wb, data: ReportData, *, form_name: str, remembered: str | None = None) -> FormMapping:
    """Where each figure goes: placeholders if the form has them, else rows found by meaning."""
    fp = fingerprint(wb)
    if _placeholders(wb):
        return FormMapping(fp, form_name, "placeholders")
    candidates = scan_candidates(wb, data.result.year)
    mapping = FormMapping(fp, form_name, "rows", candidates=candidates)
    if remembered:
        mapping.cells = {k: v for k, v in parse_mapping_json(remembered).items() if _ref_exists(wb, v)}
        mapping.remembered = True
        return mapping
    wordings = {f"ind:{i.code}": i.name for i in data.result.indicators}
    wordings.update({f"count:{code}": wording for code, (wording, _unit) in PLAIN_COUNTS.items()})
    matcher = Matcher(wordings)
    for base, (index, score) in matcher.assign([c.text for c in candidates], threshold=MATCH_THRESHOLD).items():
        mapping.set_row(candidates[index], base)
        mapping.scores[base] = score
    mapping.cells.update(_scan_labels(wb))
    return mapping


def parse_mapping_json(text: str, *, source: str = "сохранённое соответствие") -> dict[str, str]:
    """The cells of a saved mapping (the JSON `--save-mapping` writes and the program remembers)."""
    try:
        saved = json.loads(text)
        cells = saved.get("cells", {})
        if not isinstance(cells, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                  for k, v in cells.items()):
            raise ValueError
    except (ValueError, AttributeError):
        raise UserError(f"Файл соответствия «{source}» не читается: нужен JSON вида "
                        f"{{\"cells\": {{\"ind:2\": \"Лист1!D8\"}}}}, как его сохраняет --save-mapping.") from None
    return cells


def _ref_exists(wb, ref: str) -> bool:
    sheet, _, coord = ref.rpartition("!")
    return sheet in wb.sheetnames and bool(re.fullmatch(r"[A-Z]{1,3}\d{1,6}", coord))


def _value_for(key: str, data: ReportData, set_code: str):
    """The value of a placeholder/mapping key; None if the key is unknown."""
    value, _reason = data.figure(key)
    return value if value is not None or _reason else data.field(key)


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
            result.values_written += _is_figure(whole.group(1))
            continue
        for key in keys:
            value = _value_for(key, data, set_code)
            if value is None:
                result.skipped.append(f"{sheet}!{coord}: неизвестная метка «{{{{{key}}}}}»")
                continue
            text = re.sub(r"\{\{\s*" + re.escape(key) + r"\s*\}\}", str(value).replace("\\", r"\\"), text)
            result.written.append(f"{sheet}!{coord} ← {key}: {value}")
            result.values_written += _is_figure(key)
        write_text_cell(cell, text)
    placed = {k for _s, _c, keys in found for k in keys}
    result.not_found = [names[k] for k in names if k not in placed and f"ind:{set_code}:{k[4:]}" not in placed]


def _is_figure(key: str) -> bool:
    previous, base, _grades = parse_key(key)
    return not previous and base.startswith(("ind:", "count:"))


def _slot_title(key: str, data: ReportData) -> str:
    previous, _base, grades = parse_key(key)
    parts = []
    if grades:
        parts.append(f"{grades[0]}–{grades[-1]} классы" if len(grades) > 1 else f"{grades[0]} класс")
    if previous:
        parts.append(year_of(data, True))
    return f" ({', '.join(parts)})" if parts else ""


def fill_mapped_cells(wb, mapping: FormMapping, data: ReportData, result: FillResult) -> None:
    """Write each mapped value into its cell, never over a cell that is not empty; last year's figures
    only into empty cells of last year's column (the ministry may have filled it in already)."""
    names = figure_names(data)
    previous_written = 0
    filled_refs: set[str] = set()
    for key, ref in mapping.cells.items():
        sheet, _, coord = ref.rpartition("!")
        if sheet not in wb.sheetnames:
            result.skipped.append(f"{ref}: в форме нет листа «{sheet}»")
            continue
        ws = wb[sheet]
        coord = _top_left(ws, coord)
        previous, base, _grades = parse_key(key)
        value, reason = data.figure(key)
        if value is None and reason is None:
            value = data.field(key)
        label = names.get(base, base) + _slot_title(key, data)
        if value is None:
            if reason and not previous:
                result.skipped.append(f"{ref}: «{label}» не записан — {reason}")
            continue
        if not _is_empty(ws, coord):
            if not previous:  # last year's column filled in by the ministry: theirs, as it should be
                result.skipped.append(f"{ref}: ячейка не пуста — «{label}» не записан")
            continue
        write_text_cell(ws[coord], value)
        result.written.append(f"{ref} ← {label}: {value}")
        if previous:
            previous_written += 1
        elif _is_figure(key):
            result.values_written += 1
            filled_refs.add(ref)
    split = sorted({parse_key(k)[1] for k in mapping.cells if parse_key(k)[2] and not parse_key(k)[0]})
    for base in split:
        ind = data.result.get(base[4:]) if base.startswith("ind:") else None
        if ind is not None and ind.is_manual:
            result.warnings.append(f"Показатель {ind.code} введён вручную: в итоговом столбце — введённое "
                                   f"значение, по классам — подсчитанное программой.")
    if previous_written:
        result.warnings.append(f"Столбец прошлого года ({year_of(data, True)}) дополнен значениями из базы "
                               f"там, где был пуст: {previous_written}.")
    mapped = {parse_key(k)[1] for k in mapping.cells}
    result.not_found = [names[k] for k in _names(data) if k not in mapped]
    result.form_rows = len(mapping.candidates)
    result.unfilled_rows = [c.label for c in mapping.candidates
                            if not any(f"{c.sheet}!{_top_left(wb[c.sheet], s.coordinate)}" in filled_refs
                                       or f"{c.sheet}!{s.coordinate}" in filled_refs for s in c.slots)]


def figure_keys(mapping: FormMapping) -> list[str]:
    """The mapping's keys that are figures (what report_data has to compute beyond the set)."""
    return [k for k in mapping.cells if parse_key(k)[1].startswith(("ind:", "count:"))]


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


def prepare_form(uow: UnitOfWork, *, form: Path, set_code: str, year: int, use_remembered: bool = True,
                 saved: str | None = None) -> tuple[FormMapping, ReportData]:
    """Read a form and propose its mapping: `saved` (a mapping's JSON, e.g. from --mapping) if given,
    else the remembered one if this form was mapped before, else one found by meaning."""
    data = report_data(uow, set_code=set_code, year=year)
    wb = open_form(form)
    remembered = saved if saved is not None else (load_remembered(uow, fingerprint(wb)) if use_remembered else None)
    return propose_mapping(wb, data, form_name=Path(form).name, remembered=remembered), data


def fill_form(uow: UnitOfWork, *, form: Path, out: Path, set_code: str, year: int,
              mapping: FormMapping | None = None, remember: bool = False) -> FillResult:
    """Fill `form` with the set's values for the year into `out` (the form itself is never changed).

    A form that gets no figure at all is not saved: a UserError lists every row the program could not
    fill, so that an empty form is never sent to the ministry as a report."""
    form, out = Path(form), Path(out)
    if form.resolve() == out.resolve():
        raise UserError("Сохраните заполненную форму в другой файл: бланк министерства не изменяется.")
    wb = open_form(form)
    if mapping is None:
        data = report_data(uow, set_code=set_code, year=year)
        remembered = load_remembered(uow, fingerprint(wb))
        mapping = propose_mapping(wb, data, form_name=form.name, remembered=remembered)
    data = report_data(uow, set_code=set_code, year=year, keys=figure_keys(mapping))
    result = FillResult(out)
    fill_workbook(wb, mapping, data, result)
    if not result.values_written:
        raise UserError(nothing_filled_message(form.name, result))
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


def nothing_filled_message(form_name: str, result: FillResult) -> str:
    lines = [f"Форма «{form_name}» не заполнена: ни одно значение показателя не записано, файл не сохранён."]
    if not result.form_rows and not result.skipped:
        lines.append("В форме не найдена таблица показателей: нет строки заголовка со словами «Показатель» / "
                     "«Наименование показателя» и столбца «Значение», «Факт» или учебного года.")
    if result.unfilled_rows:
        lines.append("Строки формы, которые не удалось заполнить:")
        lines += [f"  {row}" for row in result.unfilled_rows]
    if result.skipped:
        lines.append("Не записано:")
        lines += [f"  {line}" for line in result.skipped]
    lines.append("Укажите строки вручную в окне «Показатели и отчёты» или файлом соответствия (--mapping).")
    return "\n".join(lines)
