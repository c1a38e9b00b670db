"""Finding the table of a ministry form and the columns our figures go into.

The table is found by its own header row — the row with «Показатель» / «Наименование показателя» and
its neighbours — never by a cell elsewhere on the sheet that happens to hold the year («Учебный год:
2024/2025» in a line above the table is a label, not a column). The header may take several rows
(a merged «Параллель» over «6 класс» … «11 класс», «Всего»). Each column of the header is read top to
bottom and becomes one of:
- the reporting year's value («Значение», «Факт», «Количество», «2024/2025», «за 2024/2025 учебный год»);
- a part of it: a grade («6 класс», «6 кл.», «6» under «Параллель»/«Классы»), grades («5–9 классы»),
  a level (НОО/ООО/СОО), or the whole school («Всего», «Итого»);
- last year's value (the previous academic year in its title): filled only where it is empty;
- anything else (the wording, the unit, a target, a plan, another year): never written."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from openpyxl.cell.cell import MergedCell
from openpyxl.utils import get_column_letter

from app.services.text import fold, squeeze

_VALUE_WORDS = ("значение", "факт", "фактическое", "фактически", "количество", "кол во", "число", "численность",
                "показатель значение", "итого значение", "результат", "данные", "выполнено", "достигнуто")
_NOT_VALUE = ("п п", "ед", "единиц", "целев", "план", "примечан", "наименование", "код", "ожидаем", "источник",
              "ответствен", "срок", "комментар", "пояснен", "цель", "задач", "направлен", "прогноз", "норматив",
              "требуем", "отклонен", "динамик", "изменен", "процент выполнения")
_TOTAL_WORDS = ("всего", "итого", "всего по оо", "по оо", "всего по школе", "в целом", "в целом по оо")
_LEVELS = {"ноо": tuple(range(1, 5)), "ооо": tuple(range(5, 10)), "соо": tuple(range(10, 12))}
_GRADE_PARENTS = ("параллел", "класс", "по класс", "в том числе по")
HEADER_SCAN_ROWS = 200
SUB_ROW = re.compile(r"^\s*(из них|в том числе|в т\.\s*ч\.?|втч|из числа)\b[\s:,–—-]*", re.IGNORECASE)


@dataclass(frozen=True)
class Slot:
    """A cell of a row our figure may go into, and which figure: for some grades or the whole school,
    the reporting year or the one before."""
    coordinate: str
    grades: tuple[int, ...] | None = None
    previous: bool = False
    title: str = ""


@dataclass(frozen=True)
class ValueColumn:
    column: int
    title: str
    grades: tuple[int, ...] | None = None
    previous: bool = False


@dataclass
class FormTable:
    sheet: str
    header_top: int
    header_bottom: int
    name_column: int | None
    columns: list[ValueColumn] = field(default_factory=list)


def norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def academic_year_in(text: str) -> int | None:
    """The first year of an academic year the text names: «2024/2025», «2024-2025 уч. г.», «2024/25»."""
    for match in re.finditer(r"(?<!\d)(20\d\d)\s*(?:/|-|–|—|\\)\s*(20\d\d|\d\d)(?!\d)", fold(text)):
        first, second = int(match.group(1)), match.group(2)
        if int(second) == first + 1 or (len(second) == 2 and int(second) == (first + 1) % 100):
            return first
    return None


def _text(value) -> str:
    return squeeze(value) if isinstance(value, str) and not value.startswith("=") else ""


def _header_text(value) -> str:
    """A header cell's text; a bare number 1–11 (a grade under «Параллель») counts as text there."""
    if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 11:
        return str(value)
    return _text(value)


def _merged_top_left(ws, row: int, col: int):
    cell = ws.cell(row, col)
    if isinstance(cell, MergedCell):
        for rng in ws.merged_cells.ranges:
            if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
                return ws.cell(rng.min_row, rng.min_col)
    return cell


def is_name_header(text: str) -> bool:
    n = norm(text)
    if not n or ":" in text or len(n.split()) > 6:
        return False
    return n.startswith(("показател", "наименование показател", "наименование индикатор", "индикатор")) or \
        n in ("наименование", "содержание", "наименование критерия", "критерий")


def _is_plain_value(n: str) -> bool:
    return n in _VALUE_WORDS or (bool(n) and n.split()[0] in ("значение", "факт", "фактическое", "количество")
                                 and len(n.split()) <= 5)


def _grades_of(texts: list[str]) -> tuple[int, ...] | None | str:
    """The grades a column is about, "all" for the whole school, None when it names none."""
    last = norm(texts[-1])
    parents = " ".join(norm(t) for t in texts[:-1])
    if last in _TOTAL_WORDS or last.startswith(("всего", "итого")):
        return "all"
    for word, grades in _LEVELS.items():
        if re.search(rf"\b{word}\b", last):
            return grades
    span = re.fullmatch(r"(\d{1,2})\s*(?:е|х|ые|ых)?\s+(\d{1,2})\s*(?:е|х|ые|ых)?\s*(?:класс\w*|кл)?", last)
    if span and 1 <= int(span.group(1)) < int(span.group(2)) <= 11:
        if "класс" in last or "кл" in last.split() or any(p in parents for p in _GRADE_PARENTS):
            return tuple(range(int(span.group(1)), int(span.group(2)) + 1))
    one = re.fullmatch(r"(\d{1,2})\s*(?:е|х|ые|ых|й)?\s*(класс\w*|кл|параллель)?", last)
    if one and 1 <= int(one.group(1)) <= 11 and (one.group(2) or any(p in parents for p in _GRADE_PARENTS)):
        return (int(one.group(1)),)
    return None


def classify_column(texts: list[str], year: int) -> ValueColumn | None | str:
    """What a header column holds, from its texts top to bottom; None if it is not ours to write."""
    if not texts:
        return None
    joined = " ".join(texts)
    named_year = academic_year_in(joined)
    if named_year is not None and named_year not in (year, year - 1):
        return None
    previous = named_year == year - 1
    for t in texts:
        n = norm(re.sub(r"(20\d\d)\s*[/\-–—]\s*(20\d\d|\d\d)", " ", t))
        if any(n.startswith(bad) for bad in _NOT_VALUE):
            return None
    grades = _grades_of(texts)
    if grades == "all":
        return ValueColumn(0, joined, None, previous)
    if isinstance(grades, tuple):
        return ValueColumn(0, joined, grades, previous)
    last = norm(re.sub(r"(20\d\d)\s*[/\-–—]\s*(20\d\d|\d\d)", " ", texts[-1]))
    if named_year is not None and (not last or last in ("уч г", "учебный год", "за учебный год", "год", "за",
                                                        "за уч г") or _is_plain_value(last)):
        return ValueColumn(0, joined, None, previous)
    if _is_plain_value(last) and named_year is None:
        return ValueColumn(0, joined, None, False)
    return None


def _header_bottom(ws, top: int, name_col: int | None) -> int:
    bottom = top
    for rng in ws.merged_cells.ranges:
        if rng.min_row == top and rng.max_row > bottom and rng.max_row - top < 4:
            bottom = rng.max_row
    # A second header row under a merged group («Параллель» → «6 класс» …) with nothing in the name column.
    while bottom - top < 3:
        below = bottom + 1
        if name_col is not None and _text(_merged_top_left(ws, below, name_col).value) and \
                not isinstance(ws.cell(below, name_col), MergedCell):
            break
        found = False
        for c in range(1, ws.max_column + 1):
            t = _header_text(ws.cell(below, c).value)
            if not t:
                continue
            parent = _header_text(_merged_top_left(ws, bottom, c).value)
            if _grades_of([parent, t] if parent else [t]) is not None or academic_year_in(t) \
                    or (_is_plain_value(norm(t)) and not re.fullmatch(r"\d+", t)):
                found = True
                break
        if not found:
            break
        bottom = below
    return bottom


def _header_rows(ws, year: int):
    """Rows that may head the sheet's table, in order: (row, name column) of each row with «Показатель»,
    then of the first row of value headers when no «Показатель» row makes a table."""
    fallback = None
    for row in ws.iter_rows(max_row=min(ws.max_row, HEADER_SCAN_ROWS)):
        texts = [(c.column, _text(c.value)) for c in row if _text(c.value)]
        if len(texts) < 2:
            continue
        named = next((col for col, t in texts if is_name_header(t)), None)
        if named is not None:
            yield row[0].row, named
        elif fallback is None and any(":" not in t and len(t) <= 40 and classify_column([t], year) is not None
                                      for _c, t in texts):
            fallback = (row[0].row, None)
    if fallback is not None:
        yield fallback


def find_table(ws, year: int) -> FormTable | None:
    """The first table of the sheet whose header has a column of ours (a title row «Показатели …» above
    the table is passed over: it heads no column)."""
    for top, name_col in _header_rows(ws, year):
        table = _table_at(ws, top, name_col, year)
        if table is not None:
            return table
    return None


def _table_at(ws, top: int, name_col: int | None, year: int) -> FormTable | None:
    bottom = _header_bottom(ws, top, name_col)
    table = FormTable(ws.title, top, bottom, name_col)
    for c in range(1, ws.max_column + 1):
        if c == name_col:
            continue
        texts: list[str] = []
        for r in range(top, bottom + 1):
            t = _header_text(_merged_top_left(ws, r, c).value)
            if t and (not texts or texts[-1] != t):
                texts.append(t)
        kind = classify_column(texts, year)
        if isinstance(kind, ValueColumn):
            table.columns.append(ValueColumn(c, kind.title, kind.grades, kind.previous))
    return table if table.columns else None


def slots_of_row(table: FormTable, row: int) -> list[Slot]:
    return [Slot(f"{get_column_letter(col.column)}{row}", col.grades, col.previous, col.title)
            for col in table.columns]


def slot_key(base: str, slot: Slot) -> str:
    """The mapping key of a figure in a slot: «ind:3», «ind:3@6», «prev:count:enrolled@10,11»."""
    key = ("prev:" if slot.previous else "") + base
    return key + ("@" + ",".join(str(g) for g in slot.grades) if slot.grades else "")


def parse_key(key: str) -> tuple[bool, str, tuple[int, ...] | None]:
    """(previous year, base key, grades) of a mapping key."""
    previous = key.startswith("prev:")
    if previous:
        key = key[5:]
    base, _, grades = key.partition("@")
    if not grades:
        return previous, base, None
    try:
        return previous, base, tuple(int(g) for g in grades.split(","))
    except ValueError:
        return previous, key, None
