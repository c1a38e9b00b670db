"""Hypothesis strategies for hostile and sloppy table files, shared by every importer's fuzz test.

A fuzzed importer must either import or raise UserError (ImportRejected is one); anything else is a
defect. `table_file(...)` writes a random XLSX or CSV (random headers, cell types, dates, encodings),
sometimes cut short, and returns its path."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# A few hundred cases per importer in CI, each file small, the whole fuzz part well under a minute.
FUZZ_SETTINGS = settings(max_examples=200, deadline=None, derandomize=True,
                         suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                                HealthCheck.function_scoped_fixture])

# Text that may sit in an XLSX cell (XML forbids most control characters) and text for CSV (anything).
XLSX_TEXT = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)
CSV_TEXT = st.text(max_size=30)

DATE_TEXTS = st.one_of(
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)).map(lambda d: d.strftime("%d.%m.%Y")),
    st.builds(lambda d, m, y: f"{d}.{m}.{y}", st.integers(-5, 40), st.integers(-2, 14), st.integers(0, 3000)),
    st.sampled_from(["31.02.2020", "2020-13-01", "00.00.0000", "1.1.20 г.", "завтра", "12/05/2011"]),
)


# Words real files hold, so that some random rows are valid and get imported, not only refused.
DOMAIN_WORDS = st.sampled_from([
    "7А", "5 б", "11-В", "9а", "10 А", "12Я", "Иванов Иван Иванович", "Петрова Анна", "Ёлкин Пётр Сергеевич",
    "Иванов", "Иван", "Иванович", "Петрова", "Анна", "да", "нет", "+", "-", "м", "ж", "участвовал",
    "не явился", "записан", "призёр", "победитель", "ПОО", "ВО", "школа", "колледж", "10 класс", "работа",
    "экскурсия", "Экскурсия на предприятие", "01.09.2026", "15.10.2026", "2026-11-20", "2", "1,5", "34",
])


def cell_values(text=XLSX_TEXT):
    return st.one_of(
        st.none(), text, DOMAIN_WORDS, DOMAIN_WORDS, DATE_TEXTS, st.booleans(),
        st.integers(-10**12, 10**12), st.floats(allow_nan=False, allow_infinity=False, width=32),
        st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
        # Excel keeps times to the millisecond at best: whole seconds, as people type them.
        st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 12, 31)).map(lambda d: d.replace(microsecond=0)),
    )


def headers(wordings: list[str]):
    """A header row: known wordings (in random case and spacing) mixed with junk and blanks."""
    known = st.sampled_from(wordings).flatmap(
        lambda w: st.sampled_from([w, w.upper(), w.lower(), f" {w}: ", w.replace(" ", "  "), w[:-1]]))
    return st.lists(st.one_of(known, XLSX_TEXT, st.none()), min_size=0, max_size=10)


def rows_strategy(wordings: list[str], text=XLSX_TEXT):
    return st.tuples(
        st.lists(st.lists(cell_values(text), max_size=4), max_size=3),   # title lines above the header
        headers(wordings),
        st.lists(st.lists(cell_values(text), max_size=10), max_size=12),
    ).map(lambda t: t[0] + [t[1]] + t[2])


def cut_point(draw, size: int) -> int:
    """Where to cut a file short, as a share of its size: files with a timestamp inside (XLSX, DOCX)
    differ in length from run to run, and Hypothesis needs the same draws on a replay."""
    return size * draw(st.integers(0, 999)) // 1000


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    import openpyxl
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _csv_text(rows: list[list[object]], delimiter: str) -> str:
    import csv
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


@st.composite
def table_file(draw, folder: Path, wordings: list[str]) -> Path:
    """A random XLSX or CSV file in `folder`, sometimes truncated or with garbage appended."""
    kind = draw(st.sampled_from(["xlsx", "csv"]))
    rows = draw(rows_strategy(wordings, XLSX_TEXT if kind == "xlsx" else CSV_TEXT))
    path = folder / f"fuzz.{kind}"
    if kind == "xlsx":
        write_xlsx(path, rows)
    else:
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16", "koi8-r", "latin-1"]))
        text = _csv_text(rows, draw(st.sampled_from([";", ",", "\t"])))
        path.write_bytes(text.encode(encoding, errors="replace"))
    damage = draw(st.sampled_from(["none", "none", "truncate", "append"]))
    data = path.read_bytes()
    if damage == "truncate" and data:
        path.write_bytes(data[: cut_point(draw, len(data))])
    elif damage == "append":
        path.write_bytes(data + draw(st.binary(max_size=64)))
    return path


def _save(draw, folder: Path, rows: list[list[object]], *, damage_weight: int = 5) -> Path:
    kind = draw(st.sampled_from(["xlsx", "xlsx", "csv"]))
    path = folder / f"fuzz.{kind}"
    if kind == "xlsx":
        write_xlsx(path, rows)
    else:
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1251", "utf-16", "koi8-r"]))
        text = _csv_text(rows, draw(st.sampled_from([";", ",", "\t"])))
        path.write_bytes(text.encode(encoding, errors="replace"))
    if draw(st.integers(0, damage_weight)) == 0:
        data = path.read_bytes()
        path.write_bytes(data[: cut_point(draw, len(data))])
    return path


@st.composite
def structured_file(draw, folder: Path, columns: dict[str, st.SearchStrategy]) -> Path:
    """A file shaped like the real thing — a header naming the importer's columns (in any order, case,
    some missing), title lines above, rows of plausible values — with random cells of any type mixed
    in, other encodings, and sometimes cut short. Gets deeper into an importer than pure noise."""
    labels = list(columns)
    kept = draw(st.lists(st.sampled_from(labels), min_size=1, max_size=len(labels), unique=True))
    if draw(st.integers(0, 3)):  # mostly every column, in the order of the real form
        kept = labels
    header = [draw(st.sampled_from([label, label.upper(), label.lower(), f"{label}:"])) for label in kept]
    titles = draw(st.lists(st.lists(cell_values(), max_size=3), max_size=2))
    noise = cell_values()
    # Half the files are clean (every cell plausible), the others have about one cell in eight at random.
    noisy = draw(st.booleans())
    body = []
    for _ in range(draw(st.integers(0, 12))):
        body.append([draw(noise) if noisy and not draw(st.integers(0, 7)) else draw(columns[label])
                     for label in kept])
    return _save(draw, folder, titles + [header] + body)
