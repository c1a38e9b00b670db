"""Tables read row by row, never whole: for files too long to hold in memory (a participation log of a
million rows). The same files as `tabular.read_table_file` — XLSX, or CSV in UTF-8, Windows-1251 or UTF-16
with a BOM, separated by `;`, `,` or a tab — checked the same way before any parser sees them.

`head_sheets` gives the first rows of every sheet (to find the header by wording, `tabular.find_header`);
`stream_sheets` then yields every sheet's rows lazily. Each call reads the file again from the start."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from app.services.errors import UserError
from app.services.files.safe_files import OLE2_MAGIC, ZIP_MAGIC, check_size, read_magic
from app.services.files.tabular import HEADER_SCAN_ROWS, Sheet, check_xlsx_package

SAMPLE_BYTES = 1 << 16


def head_sheets(path: Path, *, max_bytes: int, rows: int = HEADER_SCAN_ROWS) -> list[Sheet]:
    """The first `rows` rows of every sheet, with the file's checks done."""
    return [Sheet(name, _take(values, rows)) for name, values in stream_sheets(path, max_bytes=max_bytes)]


def _take(values: Iterator[list[object]], n: int) -> list[list[object]]:
    out = []
    for row in values:
        out.append(list(row))
        if len(out) >= n:
            break
    return out


def stream_sheets(path: Path, *, max_bytes: int) -> Iterator[tuple[str, Iterator[list[object]]]]:
    """(sheet name, rows) of an XLSX in workbook order, or the one table of a CSV (named after the file).
    A sheet's rows must be read before the next sheet is asked for."""
    path = Path(path)
    check_size(path, max_bytes=max_bytes)
    magic = read_magic(path)
    if magic.startswith(OLE2_MAGIC):
        raise UserError(f"Файл «{path.name}» защищён паролем или сохранён в старом формате Excel (.xls). "
                        "Снимите пароль или сохраните его как «Книга Excel (.xlsx)».")
    if magic.startswith(ZIP_MAGIC):
        yield from _xlsx(path)
    else:
        yield path.stem, _csv_rows(path)


def _xlsx(path: Path) -> Iterator[tuple[str, Iterator[list[object]]]]:
    check_xlsx_package(path)
    from app.services.files.xlsx_stream import XlsxFormatError, read_xlsx_values

    try:
        sheets = read_xlsx_values(path)
        first = next(sheets, None)
    except XlsxFormatError:
        yield from _openpyxl(path)
        return
    except Exception as exc:  # noqa: BLE001 - a broken package
        raise UserError(f"Файл «{path.name}» повреждён и не может быть прочитан ({type(exc).__name__}).") from None
    if first is None:
        return
    for name, values in _chain(first, sheets):
        yield name, _guarded(path, values)


def _chain(first, rest):
    yield first
    yield from rest


def _guarded(path: Path, values: Iterator[list[object]]) -> Iterator[list[object]]:
    try:
        yield from values
    except UserError:
        raise
    except Exception as exc:  # noqa: BLE001 - the reader meets a broken sheet part
        raise UserError(f"Файл «{path.name}» повреждён и не может быть прочитан ({type(exc).__name__}).") from None


def _openpyxl(path: Path) -> Iterator[tuple[str, Iterator[list[object]]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise UserError(f"Файл «{path.name}» повреждён и не может быть прочитан ({type(exc).__name__}).") from None
    try:
        for ws in book.worksheets:
            yield ws.title, _guarded(path, (list(r) for r in ws.iter_rows(values_only=True)))
    finally:
        book.close()


def detect_encoding(sample: bytes, name: str) -> str:
    """The encoding of a text table from its first bytes: a BOM (UTF-8, UTF-16), else UTF-8 if it decodes,
    else Windows-1251."""
    if sample.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if b"\x00" in sample[:4096]:
        raise UserError(f"Файл «{name}» не является таблицей: это не текст и не файл Excel.")
    for cut in range(4):   # the sample may end inside a multi-byte letter
        try:
            sample[:len(sample) - cut].decode("utf-8")
            return "utf-8"
        except UnicodeDecodeError:
            continue
    return "cp1251"


def _csv_rows(path: Path) -> Iterator[list[object]]:
    with path.open("rb") as raw:
        sample = raw.read(SAMPLE_BYTES)
        raw.seek(0)
        encoding = detect_encoding(sample, path.name)
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        head = sample.decode(encoding, errors="ignore")
        lines = "\n".join(head.splitlines()[:20])
        counts = {d: lines.count(d) for d in (";", "\t", ",")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ";"
        number = 0
        try:
            for number, row in enumerate(csv.reader(text, delimiter=delimiter), start=1):
                yield row
        except UnicodeDecodeError:
            raise UserError(f"Файл «{path.name}», строка {number + 1}: текст не читается в кодировке "
                            f"{'UTF-8' if encoding.startswith('utf-8') else encoding}. Сохраните файл в одной "
                            "кодировке (UTF-8 или Windows-1251).") from None
        except csv.Error as exc:
            raise UserError(f"Файл «{path.name}» не читается как таблица CSV: {exc}.") from None
