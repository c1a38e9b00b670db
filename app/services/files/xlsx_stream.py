"""A streaming reader of XLSX cell values, several times faster than openpyxl's read-only mode on
large sheets (a 50 000-row participation log): it reads the sheet XML with expat through defusedxml
(no DTDs, no entity expansion) and converts only what a table import needs — shared and inline
strings, numbers, booleans, cached formula results, and dates by their number format.

Values match openpyxl's `load_workbook(read_only=True, data_only=True)`: str, int, float, bool,
datetime (or time/timedelta for time formats), None for empty cells."""
from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterator
from pathlib import Path

from defusedxml.ElementTree import iterparse

from app.services.files import limits

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WORKSHEET_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


class XlsxFormatError(Exception):
    """The package does not look like a workbook this reader understands."""


def _column_index(ref: str) -> int:
    """«C12» → 2 (0-based). Letters past four are not read further: the index is already beyond any limit."""
    n = 0
    for i, ch in enumerate(ref):
        if i >= 4 and ("A" <= ch <= "Z" or "a" <= ch <= "z"):
            return 26 ** 4
        if "A" <= ch <= "Z":
            n = n * 26 + (ord(ch) - 64)
        elif "a" <= ch <= "z":
            n = n * 26 + (ord(ch) - 96)
        else:
            break
    return n - 1


def _row_number(ref: str) -> int:
    digits = "".join(ch for ch in ref[:20] if ch.isdigit())
    return int(digits) if digits else 0


def _ref_row(ref: str) -> int:
    """The row number of a cell reference «C12» → 12 (0 when it has none)."""
    i = 0
    while i < len(ref) and ref[i].isalpha():
        i += 1
    digits = ref[i:i + 12]
    return int(digits) if digits.isdigit() else 0


def _text_of(elem) -> str:
    """The text of <si> or <is>: plain <t> or rich-text runs; phonetic hints (<rPh>) left out."""
    parts = []
    for child in elem:
        if child.tag == MAIN + "t":
            parts.append(child.text or "")
        elif child.tag == MAIN + "r":
            for t in child.iter(MAIN + "t"):
                parts.append(t.text or "")
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile, name: str | None, file_name: str) -> list[str]:
    if not name or name not in archive.namelist():
        return []
    strings: list[str] = []
    chars = 0
    root = None
    with archive.open(name) as f:
        for event, elem in iterparse(f, events=("start", "end")):
            if root is None:
                root = elem
            if event == "end" and elem.tag == MAIN + "si":
                text = _text_of(elem)
                chars += len(text)
                strings.append(text)
                root.clear()  # cleared <si> would otherwise stay attached to <sst>, a million of them
                if len(strings) > limits.MAX_CELLS:
                    raise limits.too_many_cells(file_name)
                if chars > limits.MAX_TEXT_CHARS:
                    raise limits.too_much_text(file_name)
    return strings


def _date_styles(archive: zipfile.ZipFile, name: str | None) -> dict[int, str]:
    """Style index → "date" / "time" / "timedelta" for the styles whose number format is a date or time."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    if not name or name not in archive.namelist():
        return {}
    custom: dict[int, str] = {}
    kinds: dict[int, str] = {}
    with archive.open(name) as f:
        in_xfs = False
        index = 0
        for event, elem in iterparse(f, events=("start", "end")):
            if event == "start" and elem.tag == MAIN + "cellXfs":
                in_xfs = True
            elif event == "end" and elem.tag == MAIN + "cellXfs":
                in_xfs = False
            elif event == "end" and elem.tag == MAIN + "numFmt":
                custom[int(elem.get("numFmtId", "0"))] = elem.get("formatCode", "")
            elif event == "end" and in_xfs and elem.tag == MAIN + "xf":
                fmt_id = int(elem.get("numFmtId", "0"))
                code = custom.get(fmt_id, BUILTIN_FORMATS.get(fmt_id, ""))
                if code and is_date_format(code):
                    kinds[index] = "timedelta" if is_timedelta_format(code) else "date"
                index += 1
    return kinds


def _part(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _workbook(archive: zipfile.ZipFile) -> tuple[list[tuple[str, str]], str | None, str | None, bool]:
    """[(sheet name, part)], shared strings part, styles part, whether dates count from 1904."""
    rels: dict[str, tuple[str, str]] = {}
    with archive.open("xl/_rels/workbook.xml.rels") as f:
        for _e, elem in iterparse(f, events=("end",)):
            if elem.tag == PKG_REL + "Relationship":
                rels[elem.get("Id", "")] = (elem.get("Type", ""), _part("xl/workbook.xml", elem.get("Target", "")))
    sheets: list[tuple[str, str]] = []
    date1904 = False
    with archive.open("xl/workbook.xml") as f:
        for _e, elem in iterparse(f, events=("end",)):
            if elem.tag == MAIN + "sheet":
                rel = rels.get(elem.get(REL + "id", ""))
                if rel and rel[0] == WORKSHEET_TYPE:
                    sheets.append((elem.get("name", ""), rel[1]))
            elif elem.tag == MAIN + "workbookPr":
                date1904 = elem.get("date1904", "0") in ("1", "true")
    if not sheets:
        raise XlsxFormatError("no worksheets in a namespace this reader knows")
    shared = next((p for t, p in rels.values() if t.endswith("/sharedStrings")), None)
    styles = next((p for t, p in rels.values() if t.endswith("/styles")), None)
    return sheets, shared, styles, date1904


def _number(text: str) -> int | float:
    if "." in text or "E" in text or "e" in text:
        value = float(text)
        return value
    return int(text)


class _ForbiddenEntity(Exception):
    pass


def _forbid_entities(*_args) -> None:
    # As defusedxml does: a workbook never declares entities; one that does may be an XML bomb.
    raise _ForbiddenEntity()


def _safe_parser(separator: str):
    """An expat parser that refuses any entity declaration and never fetches an external one."""
    import pyexpat

    parser = pyexpat.ParserCreate(namespace_separator=separator)
    parser.SetParamEntityParsing(pyexpat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _forbid_entities
    parser.UnparsedEntityDeclHandler = _forbid_entities
    parser.ExternalEntityRefHandler = _forbid_entities
    return parser


def _rows(archive: zipfile.ZipFile, part: str, strings: list[str], dates: dict[int, str],
          epoch, *, file_name: str = "", sheet: str = "", budget: list[int] | None = None) -> Iterator[list[object]]:
    """Rows in order, each a list of values; missing rows come out empty, as in the file.

    Parsed with expat callbacks directly (not ElementTree): a sheet of 50 000 rows has a million
    elements, and building element objects for them costs more than the values themselves.

    Every bound of `limits` is checked before a row or a cell is padded to: an empty cell or row far
    away is skipped, a filled one beyond the limits is refused. `budget` ([cell elements, kept cells])
    is shared by the sheets of one file."""
    import datetime as dt

    from openpyxl.utils.datetime import from_excel

    sep = " "
    ROW, CELL, V, T, IS, RPH = (MAIN[1:-1] + sep + n for n in ("row", "c", "v", "t", "is", "rPh"))
    out: list[list[object]] = []
    st = {"expected": 1, "row_number": 0, "col": 0, "kind": "n", "style": None, "collect": False, "rph": 0,
          "cells_in_row": 0, "emitted": 0}
    totals = budget if budget is not None else [0, 0]
    row: list[object] = []
    buf: list[str] = []
    value_text: list[str | None] = [None]
    inline: list[str] = []

    def start(name: str, attrs: dict) -> None:
        nonlocal row
        if name == CELL:
            st["cells_in_row"] += 1
            totals[0] += 1
            if st["cells_in_row"] > limits.MAX_CELLS_PER_ROW:
                raise limits.too_many_cells_in_row(file_name, sheet, st["row_number"])
            if totals[0] > limits.MAX_CELLS:
                raise limits.too_many_cells(file_name)
            ref = attrs.get("r")
            if ref:
                st["col"] = _column_index(ref)
            st["kind"] = attrs.get("t", "n")
            st["style"] = attrs.get("s")
            value_text[0] = None
            inline.clear()
        elif name == V:
            st["collect"] = True
            buf.clear()
        elif name == T and st["kind"] == "inlineStr" and not st["rph"]:
            st["collect"] = True
            buf.clear()
        elif name == RPH:
            st["rph"] += 1
        elif name == ROW:
            r = attrs.get("r")
            number = _row_number(r) if r else st["expected"]
            st["row_number"] = number
            st["cells_in_row"] = 0
            row = []
            st["col"] = 0

    def end(name: str) -> None:
        if name == V:
            value_text[0] = "".join(buf) or None
            st["collect"] = False
        elif name == T and st["collect"]:
            inline.append("".join(buf))
            st["collect"] = False
        elif name == RPH:
            st["rph"] -= 1
        elif name == CELL:
            kind, text = st["kind"], value_text[0]
            value: object = None
            if kind == "s":
                value = strings[int(text)] if text is not None else None
            elif kind == "inlineStr":
                value = "".join(inline) if inline else None
            elif text is None:
                value = None
            elif kind == "b":
                value = text.strip() in ("1", "true")
            elif kind in ("str", "e"):
                value = text
            elif kind == "d":
                value = dt.datetime.fromisoformat(text)
            else:
                value = _number(text)
                style = dates.get(int(st["style"])) if st["style"] else dates.get(0)
                if style:
                    value = from_excel(value, epoch, timedelta=style == "timedelta")
            col = st["col"]
            if value is not None:
                if st["row_number"] > limits.MAX_ROW:
                    raise limits.too_far_row(file_name, sheet, st["row_number"])
                if col >= limits.MAX_COLUMN:
                    raise limits.too_far_column(file_name, sheet, st["row_number"], col)
                if len(row) <= col:
                    totals[1] += col + 1 - len(row)
                    if totals[1] > limits.MAX_CELLS:
                        raise limits.too_many_cells(file_name)
                    while len(row) < col:
                        row.append(None)
                    row.append(value)
                else:
                    row[col] = value
            st["col"] = col + 1
        elif name == ROW:
            if not row:
                # An empty row next to the last is kept as it is; one far away is skipped, not padded to
                # (the next filled row pads over it).
                if st["row_number"] == st["expected"]:
                    out.append(row)
                    st["expected"] += 1
                    st["emitted"] += 1
                    if st["emitted"] > limits.MAX_ROW:
                        raise limits.too_far_row(file_name, sheet, st["emitted"])
                return
            number = st["row_number"]
            # Rows come in ascending order in any file Excel writes; one out of order goes on after the last.
            while st["expected"] < number:
                out.append([])
                st["expected"] += 1
                st["emitted"] += 1
            out.append(row)
            st["emitted"] += 1
            st["expected"] = max(st["expected"], number) + 1
            if st["emitted"] > limits.MAX_ROW:
                raise limits.too_far_row(file_name, sheet, st["emitted"])

    def chardata(data: str) -> None:
        if st["collect"]:
            buf.append(data)

    parser = _safe_parser(sep)
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chardata
    parser.buffer_text = True
    try:
        with archive.open(part) as f:
            while True:
                chunk = f.read(1 << 16)
                parser.Parse(chunk, not chunk)
                yield from out
                out.clear()
                if not chunk:
                    break
    except _ForbiddenEntity:
        raise ValueError("entity declarations are not allowed in a worksheet") from None


def read_xlsx_values(path: Path) -> Iterator[tuple[str, Iterator[list[object]]]]:
    """(sheet name, rows) for every worksheet, in workbook order. The archive stays open while iterating."""
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
            raise XlsxFormatError("not a workbook")
        sheets, shared, styles, date1904 = _workbook(archive)
        strings = _shared_strings(archive, shared, Path(path).name)
        dates = _date_styles(archive, styles)
        epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
        budget = [0, 0]
        for name, part in sheets:
            if part not in names:
                raise XlsxFormatError(f"missing part {part}")
            yield name, _rows(archive, part, strings, dates, epoch, file_name=Path(path).name, sheet=name,
                              budget=budget)


def _parse_range(ref: str) -> tuple[int, int, int, int] | None:
    """«A3:E3» → (3, 0, 3, 4): first row, first column (0-based), last row, last column."""
    first, _, last = ref.partition(":")
    last = last or first
    r1, r2 = _ref_row(first), _ref_row(last)
    if not r1 or not r2:
        return None
    return r1, _column_index(first), r2, _column_index(last)


def merged_ranges(path: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """Sheet name → its merged ranges (first row, first column, last row, last column), read with expat
    callbacks only: no cells are made for a range, however large it claims to be."""
    out: dict[str, list[tuple[int, int, int, int]]] = {}
    name = Path(path).name
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        sheets, _shared, _styles, _1904 = _workbook(archive)
        count = 0
        for title, part in sheets:
            if part not in names:
                continue
            ranges: list[tuple[int, int, int, int]] = []
            tag = MAIN[1:-1] + " mergeCell"

            def start(element: str, attrs: dict, ranges=ranges) -> None:
                nonlocal count
                if element == tag:
                    count += 1
                    if count > limits.MAX_CELLS:
                        raise limits.too_many_cells(name)
                    parsed = _parse_range(attrs.get("ref", ""))
                    if parsed:
                        ranges.append(parsed)

            parser = _safe_parser(" ")
            parser.StartElementHandler = start
            try:
                with archive.open(part) as f:
                    while True:
                        chunk = f.read(1 << 16)
                        parser.Parse(chunk, not chunk)
                        if not chunk:
                            break
            except _ForbiddenEntity:
                raise ValueError("entity declarations are not allowed in a worksheet") from None
            out[title] = ranges
    return out


def check_workbook_bounds(path: Path) -> None:
    """Before openpyxl loads a whole workbook (a class's attendance sheet, a ministry's form): every cell and
    every merged range within `limits`, checked by streaming. openpyxl makes an object for each cell a merged
    range covers, so «A1:XFD1048576» alone would take it to tens of gigabytes. Raises UserError naming the
    limit; a package this reader does not know (Strict OOXML) is left to openpyxl."""
    name = Path(path).name
    try:
        for _sheet, rows in read_xlsx_values(path):
            for _row in rows:
                pass
        ranges = merged_ranges(path)
    except XlsxFormatError:
        return
    covered = 0
    for sheet, found in ranges.items():
        for r1, c1, r2, c2 in found:
            if max(r1, r2) > limits.MAX_ROW:
                raise limits.too_far_row(name, sheet, max(r1, r2))
            if max(c1, c2) >= limits.MAX_COLUMN:
                raise limits.too_far_column(name, sheet, r1, max(c1, c2))
            covered += (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
            if covered > limits.MAX_CELLS:
                raise limits.too_many_cells(name)
