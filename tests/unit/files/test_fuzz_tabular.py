"""Fuzzing the table reader every importer uses: any file raises only UserError or reads correctly."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.services.errors import UserError
from app.services.files.tabular import (ColumnSpec, cell_text, find_header, parse_date, parse_flag, parse_number,
                                  read_table_file)
from tests.fuzz import FUZZ_SETTINGS, cell_values, rows_strategy, table_file, write_xlsx

SPECS = [
    ColumnSpec("last_name", "Фамилия", ("Фамилия",), required=True),
    ColumnSpec("first_name", "Имя", ("Имя",)),
    ColumnSpec("birth_date", "Дата рождения", ("Дата рождения", "Д.р.")),
    ColumnSpec("ovz", "ОВЗ", ("ОВЗ", "Ограниченные возможности здоровья")),
    ColumnSpec("hours", "Часы", ("Часы", "Количество часов")),
]
WORDINGS = [w for s in SPECS for w in s.wordings]
_FOLDER = Path(tempfile.mkdtemp(prefix="fuzz-tabular-"))


def _read_everything(path: Path) -> None:
    try:
        sheets = read_table_file(path)
    except UserError as exc:
        assert path.name in str(exc)
        return
    assert sheets and all(isinstance(r, list) for s in sheets for r in s.rows)
    try:
        match = find_header(sheets, SPECS, file_name=path.name)
    except UserError as exc:
        assert path.name in str(exc)
        return
    assert "last_name" in match.columns
    for _row, cells in match.data_rows():
        cell_text(match.get(cells, "last_name"))
        for key, parse in (("birth_date", parse_date), ("ovz", parse_flag), ("hours", parse_number)):
            try:
                parse(match.get(cells, key))
            except ValueError as exc:  # the importer turns it into a Problem; the text is Russian
                assert any("а" <= ch <= "я" for ch in str(exc))


@FUZZ_SETTINGS
@given(st.data())
def test_random_table_files_raise_only_user_errors(data):
    _read_everything(data.draw(table_file(_FOLDER, WORDINGS)))


@FUZZ_SETTINGS
@given(st.binary(max_size=2048), st.sampled_from([b"", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
                                                  b"\xef\xbb\xbf"]))
def test_random_bytes_raise_only_user_errors(body, magic):
    path = _FOLDER / "garbage.xlsx"
    path.write_bytes(magic + body)
    _read_everything(path)


@FUZZ_SETTINGS
@given(rows_strategy(WORDINGS))
def test_xlsx_cells_read_back_as_written(rows):
    path = write_xlsx(_FOLDER / "roundtrip.xlsx", rows)
    try:
        sheets = read_table_file(path)
    except UserError as exc:
        assert "нет ни одной заполненной строки" in str(exc)
        assert all(v is None or v == "" for r in rows for v in r)
        return
    read = sheets[0].rows
    for i, row in enumerate(rows[: len(read)]):
        got = read[i]
        for j, value in enumerate(row):
            if value is None or value == "" or (isinstance(value, str) and value.startswith("=")):
                continue  # openpyxl writes "=…" as a formula, which has no cached value to read back
            assert cell_text(got[j]) == cell_text(value) or isinstance(value, float), (value, got[j])


@FUZZ_SETTINGS
@given(cell_values())
def test_cell_parsers_raise_only_value_errors(value):
    for parse in (parse_date, parse_flag, parse_number):
        try:
            parse(value)
        except ValueError:
            pass
