"""A report form filled by hand by a school that does not use ПрофТрек: the program's own form (or one laid
out like it) read by its visible values. Counts are taken as they are; a share needs a numerator and a
denominator to enter the district's total, which a hand-filled form does not have — said in the notes."""
from __future__ import annotations

import re

from app.services.calendar import parse_year_title
from app.services.errors import UserError
from app.services.indicators import IndicatorSet, list_sets
from app.services.municipality.report_file import IncomingReport
from app.services.reports.data_sheet import SheetIndicator
from app.services.text import fold, squeeze

_NO_VALUE = ("", "—", "–", "-", "нет данных", "н/д")
_LABELS = {"school": ("наименование оо", "наименование образовательной организации", "образовательная организация"),
           "municipality": ("муниципалитет", "муниципальное образование"),
           "year": ("учебный год", "отчетный период")}


def _key(value) -> str:
    return " ".join(re.sub(r"[^\w№]+", " ", fold(squeeze(str(value)))).split()) if value is not None else ""


def read_hand_form(wb, *, file_name: str) -> IncomingReport:
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        header = _find_header(ws)
        if header is not None:
            return _read_sheet(ws, header, file_name)
    raise UserError(f"Файл «{file_name}» не является отчётом о показателях: не найдена таблица показателей "
                    "(«№ п/п», «Наименование показателя», «Значение»).")


def _find_header(ws) -> tuple[int, dict[str, int]] | None:
    for row in ws.iter_rows(max_row=min(ws.max_row, 60)):
        columns: dict[str, int] = {}
        for cell in row:
            text = _key(cell.value)
            if text.startswith("№") and "code" not in columns:
                columns["code"] = cell.column
            elif text == "наименование показателя":
                columns["name"] = cell.column
            elif text.startswith("единица"):
                columns["unit"] = cell.column
            elif text in ("значение", "значение показателя", "фактическое значение"):
                columns["value"] = cell.column
        if {"code", "name", "value"} <= columns.keys():
            return row[0].row, columns
    return None


def _labelled(ws, header_row: int) -> dict[str, str]:
    found: dict[str, str] = {}
    for row in ws.iter_rows(max_row=header_row):
        for i, cell in enumerate(row):
            text = _key(cell.value)
            for key, labels in _LABELS.items():
                if key not in found and text in labels:
                    right = next((c.value for c in row[i + 1:] if c.value not in (None, "")), None)
                    if right is not None:
                        found[key] = squeeze(str(right))
    return found


def _read_sheet(ws, header: tuple[int, dict[str, int]], file_name: str) -> IncomingReport:
    header_row, columns = header
    labels = _labelled(ws, header_row)
    school = labels.get("school", "")
    if not school:
        raise UserError(f"Файл «{file_name}»: не указано наименование ОО (строка «Наименование ОО:»).")
    if "year" not in labels:
        raise UserError(f"Файл «{file_name}»: не указан учебный год (строка «Учебный год:»).")
    try:
        year = parse_year_title(labels["year"])
    except UserError as exc:
        raise UserError(f"Файл «{file_name}»: {exc}") from None
    rows: list[tuple[int, str, str, object]] = []
    for r in range(header_row + 1, ws.max_row + 1):
        code = squeeze(str(ws.cell(r, columns["code"]).value or ""))
        if not code:
            if rows:
                break
            continue
        rows.append((r, code.rstrip("."), squeeze(str(ws.cell(r, columns["name"]).value or "")),
                     ws.cell(r, columns["value"]).value))
    if not rows:
        raise UserError(f"Файл «{file_name}»: в таблице показателей нет ни одной строки.")
    title = " ".join(squeeze(str(c.value)) for row in ws.iter_rows(max_row=header_row) for c in row
                     if isinstance(c.value, str))
    ind_set = _which_set([code for _r, code, _n, _v in rows], title, file_name)
    indicators: list[SheetIndicator] = []
    shares: list[str] = []
    for r, code, name, raw in rows:
        definition = ind_set.get(code)
        if definition is None:
            raise UserError(f"Файл «{file_name}», строка {r}: показателя «{code}» нет в наборе «{ind_set.title}».")
        value = _value(raw, file_name=file_name, row=r)
        measure = ("share" if definition.rule.is_share else
                   "average" if definition.rule.kind == "average_hours" else "count")
        if measure != "count" and value is not None:
            shares.append(code)
        indicators.append(SheetIndicator(code=code, name=definition.name, unit=definition.unit, measure=measure,
                                         value=value, numerator=value if measure == "count" else None,
                                         denominator=None))
    notes = ()
    if shares:
        notes = (f"Форма «{file_name}» заполнена вручную: показатели {', '.join(shares)} указаны без числителя "
                 "и знаменателя и в итог района не входят (доля района считается по числу обучающихся).",)
    return IncomingReport(
        file_name=file_name, source="hand", school_full_name=school, school_short_name="", oo_code="", inn="",
        municipality=labels.get("municipality", ""), start_year=year, set_code=ind_set.code,
        set_title=ind_set.title, made_on=None, coordinator="", indicators=tuple(indicators), notes=notes)


def _which_set(codes: list[str], title: str, file_name: str) -> IndicatorSet:
    sets = list_sets()
    folded = fold(title)
    by_title = [s for s in sets if fold(s.title) in folded]
    if len(by_title) == 1:
        return by_title[0]
    fitting = [s for s in sets if all(s.get(c) is not None for c in codes)]
    if len(fitting) == 1:
        return fitting[0]
    raise UserError(f"Файл «{file_name}»: не удалось понять, какой это набор показателей (коды "
                    f"{', '.join(codes[:5])}…). Укажите его название во второй строке формы, как в форме ПрофТрека.")


def _value(raw, *, file_name: str, row: int) -> float | None:
    if isinstance(raw, bool):
        raise UserError(f"Файл «{file_name}», строка {row}: значение «{raw}» — не число.")
    if isinstance(raw, (int, float)):
        value = float(raw)
    else:
        text = squeeze(str(raw or "")).replace("%", "").replace(" ", "").replace("\u00a0", "")
        if fold(text) in _NO_VALUE:
            return None
        try:
            value = float(text.replace(",", "."))
        except ValueError:
            raise UserError(f"Файл «{file_name}», строка {row}: значение «{raw}» — не число.") from None
    if value < 0:
        raise UserError(f"Файл «{file_name}», строка {row}: значение «{raw}» не может быть отрицательным.")
    return value
