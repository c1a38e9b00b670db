"""Reading the tables people keep — XLSX and CSV (UTF-8 or Windows-1251; `;`, `,` or tab) — and finding
their header row and columns by wording. Every importer reads files through here."""
from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from app.services.errors import UserError
from app.services.files.safe_files import OLE2_MAGIC, ZIP_MAGIC, check_office_xml, check_size, check_zip, read_magic
from app.services.text import fold, squeeze

MAX_ROWS = 100_000
HEADER_SCAN_ROWS = 25


@dataclass
class Sheet:
    """The cells of one sheet; `rows[i]` is the file's row `i + 1`."""

    name: str
    rows: list[list[object]]


def read_table_file(path: Path | str, *, max_rows: int = MAX_ROWS) -> list[Sheet]:
    """Every sheet of an XLSX, or the one table of a CSV. Bad files raise UserError naming the file."""
    path = Path(path)
    check_size(path)
    magic = read_magic(path)
    if magic.startswith(OLE2_MAGIC):
        raise UserError(f"Файл «{path.name}» защищён паролем или сохранён в старом формате Excel (.xls). "
                        "Снимите пароль или сохраните его как «Книга Excel (.xlsx)».")
    if magic.startswith(ZIP_MAGIC):
        return _read_xlsx(path, max_rows=max_rows)
    return [_read_csv(path, max_rows=max_rows)]


def check_xlsx_package(path: Path) -> None:
    """Before an XLSX is read: a sound, bounded archive that is a workbook (not a Word document or another zip)."""
    import zipfile

    check_zip(path, kind="файл Excel")
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        kind = "документ Word" if "word/document.xml" in names else "архив"
        raise UserError(f"Файл «{path.name}» — это {kind}, а не таблица Excel.")
    check_office_xml(path, kind="файл Excel")


def _read_xlsx(path: Path, *, max_rows: int) -> list[Sheet]:
    check_xlsx_package(path)
    from app.services.files.xlsx_stream import XlsxFormatError, read_xlsx_values

    try:
        # The streaming reader is several times faster than openpyxl on long logs; a package laid out
        # in a way it does not know (e.g. Strict OOXML) goes to openpyxl instead.
        sheets = _collect_sheets(path, read_xlsx_values(path), max_rows=max_rows)
    except XlsxFormatError:
        sheets = _read_xlsx_openpyxl(path, max_rows=max_rows)
    if not any(s.rows for s in sheets):
        raise UserError(f"В файле «{path.name}» нет ни одной заполненной строки.")
    return sheets


def _collect_sheets(path: Path, source, *, max_rows: int) -> list[Sheet]:
    """Sheets from (name, rows) pairs, with the row limit and trailing empty rows dropped."""
    sheets: list[Sheet] = []
    total = 0
    try:
        for title, values_iter in source:
            rows: list[list[object]] = []
            for values in values_iter:
                total += 1
                if total > max_rows:
                    raise UserError(f"В файле «{path.name}» больше {max_rows:,} строк: это слишком много "
                                    "для одного файла.".replace(",", " "))
                rows.append(list(values))
            while rows and all(_blank(v) for v in rows[-1]):
                rows.pop()
            sheets.append(Sheet(title, rows))
    except UserError:
        raise
    except Exception as exc:
        from app.services.files.xlsx_stream import XlsxFormatError
        if isinstance(exc, XlsxFormatError):
            raise
        raise UserError(f"Файл «{path.name}» повреждён и не может быть прочитан ({type(exc).__name__}).") from None
    return sheets


def _read_xlsx_openpyxl(path: Path, *, max_rows: int) -> list[Sheet]:
    import openpyxl  # imported here: it is slow to import and only importers need it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise UserError(f"Файл «{path.name}» повреждён и не может быть прочитан ({type(exc).__name__}).") from None
    try:
        return _collect_sheets(path, ((ws.title, ws.iter_rows(values_only=True)) for ws in book.worksheets),
                               max_rows=max_rows)
    finally:
        book.close()


def decode_text(data: bytes, name: str) -> str:
    # Excel's «Текст Юникод» and many exports are UTF-16 (with a byte-order mark, or without one: then every
    # other byte of Cyrillic or Latin text is zero on one side).
    utf16 = _utf16_kind(data)
    if utf16:
        try:
            return data.decode(utf16).lstrip("\ufeff")
        except UnicodeDecodeError:
            raise UserError(f"Файл «{name}»: текст в кодировке UTF-16 повреждён и не читается.") from None
    if b"\x00" in data[:4096]:
        raise UserError(f"Файл «{name}» не является таблицей: это не текст и не файл Excel.")
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UserError(f"Файл «{name}»: не удалось определить кодировку (ожидается UTF-8 или Windows-1251).")


def _utf16_kind(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4096]
    if len(head) >= 4 and len(head) % 2 == 0:
        even, odd = head[0::2], head[1::2]
        if odd.count(0) > len(odd) * 0.05 and even.count(0) == 0:
            return "utf-16-le"
        if even.count(0) > len(even) * 0.05 and odd.count(0) == 0:
            return "utf-16-be"
    return None


def _read_csv(path: Path, *, max_rows: int) -> Sheet:
    text = decode_text(path.read_bytes(), path.name)
    sample = "\n".join(text.splitlines()[:20])
    counts = {d: sample.count(d) for d in (";", "\t", ",")}
    delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"
    rows: list[list[object]] = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if len(rows) >= max_rows:
                raise UserError(f"В файле «{path.name}» больше {max_rows} строк: это слишком много для одного файла.")
            rows.append(list(row))
    except csv.Error as exc:
        raise UserError(f"Файл «{path.name}» не читается как таблица CSV: {exc}.") from None
    while rows and all(_blank(v) for v in rows[-1]):
        rows.pop()
    if not rows:
        raise UserError(f"В файле «{path.name}» нет ни одной заполненной строки.")
    return Sheet(path.stem, rows)


# --- Columns recognised by wording ---------------------------------------------------------------

def header_key(text: object) -> str:
    """A header cell reduced to lowercase words: «Дата рождения:» → «дата рождения»."""
    return " ".join(re.findall(r"[0-9a-zа-я]+", fold(cell_text(text))))


@functools.lru_cache(maxsize=1024)
def _wording_keys(wordings: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """(exact keys, prefixes a header may begin with). Every row of a long table is matched against every
    wording (a repeated header is dropped), so the wordings' keys are worked out once, not per row."""
    keys = [header_key(w) for w in wordings]
    prefixes = tuple(k if len(k) > 6 else k + " " for k in keys)
    return frozenset(keys), prefixes


@dataclass(frozen=True)
class ColumnSpec:
    """A column an importer understands: its key, its label for messages, and the wordings it has."""

    key: str
    label: str
    wordings: tuple[str, ...]
    required: bool = False

    def score(self, header: str) -> int:
        """2 for an exact wording, 1 for a header that begins with one, else 0."""
        exact, prefixes = _wording_keys(self.wordings)
        if header in exact:
            return 2
        return 1 if header.startswith(prefixes) else 0


@dataclass
class HeaderMatch:
    sheet: Sheet
    row_index: int                  # 0-based index into sheet.rows
    columns: dict[str, int]         # spec key -> 0-based column index
    unknown: list[str] = field(default_factory=list)

    @property
    def row_number(self) -> int:
        return self.row_index + 1

    def data_rows(self) -> Iterable[tuple[int, list[object]]]:
        """(file row number, cells) of every non-empty row under the header."""
        for i in range(self.row_index + 1, len(self.sheet.rows)):
            cells = self.sheet.rows[i]
            if any(not _blank(v) for v in cells):
                yield i + 1, cells

    def get(self, cells: Sequence[object], key: str) -> object:
        idx = self.columns.get(key)
        if idx is None or idx >= len(cells):
            return None
        return cells[idx]


def match_header(cells: Sequence[object], specs: Sequence[ColumnSpec]) -> tuple[dict[str, int], list[str]]:
    found: dict[str, tuple[int, int]] = {}
    unknown: list[str] = []
    for idx, cell in enumerate(cells):
        header = header_key(cell)
        if not header:
            continue
        best: tuple[int, ColumnSpec] | None = None
        for spec in specs:
            score = spec.score(header)
            if score and (best is None or score > best[0]):
                best = (score, spec)
        if best is None:
            unknown.append(cell_text(cell))
            continue
        score, spec = best
        if spec.key not in found or found[spec.key][1] < score:
            found[spec.key] = (idx, score)
    return {k: v[0] for k, v in found.items()}, unknown


def find_header(sheets: Sequence[Sheet], specs: Sequence[ColumnSpec], *, file_name: str,
                required_any: Sequence[Sequence[str]] = ()) -> HeaderMatch:
    """The row (in the first rows of any sheet) that names the most known columns.

    `required_any` lists alternatives that must be present, e.g. [["full_name"], ["last_name", "first_name"]]
    means either one ФИО column or both surname and name.
    """
    best: HeaderMatch | None = None
    best_score = 0
    for sheet in sheets:
        for i, cells in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
            columns, unknown = match_header(cells, specs)
            if len(columns) > best_score:
                best, best_score = HeaderMatch(sheet, i, columns, unknown), len(columns)
    required = [s for s in specs if s.required]
    wanted = ", ".join(f"«{s.label}»" for s in required) or ", ".join(f"«{s.label}»" for s in specs[:4])
    if best is None or best_score < 2:
        raise UserError(f"В файле «{file_name}» не найдена строка заголовков таблицы. Ожидаются столбцы: {wanted}.")
    missing = [s.label for s in required if s.key not in best.columns]
    if required_any and not any(all(k in best.columns for k in option) for option in required_any):
        missing.append(" или ".join("+".join(_label(specs, k) for k in option) for option in required_any))
    if missing:
        raise UserError(f"Файл «{file_name}», строка {best.row_number}: нет столбцов "
                        + ", ".join(f"«{m}»" for m in missing) + ".")
    return best


def _label(specs: Sequence[ColumnSpec], key: str) -> str:
    return next((s.label for s in specs if s.key == key), key)


# --- Cell values -------------------------------------------------------------------------------

def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: object) -> str:
    """The text of a cell as a person reads it: numbers without «.0», dates as дд.мм.гггг."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y") if value.time() == dt.time() else value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return squeeze(str(value))


_DATE_TEXT = re.compile(r"^\s*(\d{1,2})[./\-](\d{1,2})[./\-](\d{2}|\d{4})\s*(?:г\.?)?\s*$")
_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?$")


def parse_date(value: object) -> dt.date | None:
    """A date cell or text «дд.мм.гггг» (also ISO); empty → None; anything else raises ValueError (Russian)."""
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    m = _DATE_TEXT.match(text)
    if m:
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if year < 100:
            year += 2000 if year < 50 else 1900
    else:
        m = _ISO_DATE.match(text)
        if not m:
            raise ValueError("дата не распознана: нужно дд.мм.гггг")
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError("такой даты не существует") from None


_TRUE = {"да", "+", "1", "есть", "yes", "true", "истина", "v", "✓", "х", "x"}
_FALSE = {"нет", "-", "0", "no", "false", "ложь", "–", "—"}


def parse_flag(value: object) -> bool:
    """да/нет/+/-/1/0/empty → bool (empty = нет); anything else raises ValueError (Russian)."""
    if _blank(value):
        return False
    if isinstance(value, bool):
        return value
    text = fold(cell_text(value))
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError("ожидается «да» или «нет»")


def parse_optional_flag(value: object) -> bool | None:
    """Like parse_flag, but empty stays unknown (None)."""
    return None if _blank(value) else parse_flag(value)


def parse_number(value: object) -> float | None:
    if _blank(value):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    try:
        return float(cell_text(value).replace(",", ".").replace(" ", ""))
    except ValueError:
        raise ValueError("ожидается число") from None
