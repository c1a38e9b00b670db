"""The streaming XLSX reader gives the same values as openpyxl's read-only mode."""
from __future__ import annotations

import datetime as dt

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from app.services.files.tabular import read_table_file
from app.services.files.xlsx_stream import read_xlsx_values


def _openpyxl_rows(path):
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in book.worksheets]
    finally:
        book.close()


def _trim(row):
    row = list(row)
    while row and row[-1] is None:
        row.pop()
    return row


def test_same_values_as_openpyxl(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Журнал"
    ws.append(["Дата", "ФИО", "Часы", "Флаг", "Формула", "Время"])
    ws.append([dt.datetime(2026, 10, 1), "Ёлкин Олег", 1.5, True, "=1+2", dt.time(9, 30)])
    ws.append([dt.date(2026, 11, 3), "  пробелы  ", 2, False, None, None])
    ws["B5"] = CellRichText([TextBlock(InlineFont(b=True), "Жирный"), " и обычный"])
    ws["F5"] = 45000
    ws["F5"].number_format = "dd.mm.yyyy"
    ws["H7"] = "далеко"
    ws["C8"] = 1e20
    ws["C9"] = -7
    second = book.create_sheet("Второй")
    second["C3"] = "только C3"
    hidden = book.create_sheet("Скрытый")
    hidden.sheet_state = "hidden"
    hidden["A1"] = 1
    path = tmp_path / "mixed.xlsx"
    book.save(path)
    ours = [(name, [list(r) for r in rows]) for name, rows in read_xlsx_values(path)]
    theirs = _openpyxl_rows(path)
    assert [n for n, _ in ours] == [n for n, _ in theirs] == ["Журнал", "Второй", "Скрытый"]
    for (_, a), (_, b) in zip(ours, theirs):
        b = [_trim(r) for r in b]
        while b and not b[-1]:
            b.pop()
        assert [_trim(r) for r in a] == b
    assert ours[0][1][1][0] == dt.datetime(2026, 10, 1) and ours[0][1][4][1] == "Жирный и обычный"


def test_tabular_reads_through_it(tmp_path):
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("Лист")
    ws.append(["Дата", "ФИО"])
    for i in range(300):
        ws.append([dt.date(2026, 9, 1) + dt.timedelta(days=i % 30), f"Ученик {i}"])
    path = tmp_path / "long.xlsx"
    book.save(path)
    [sheet] = read_table_file(path)
    assert len(sheet.rows) == 301 and sheet.rows[300] == [dt.datetime(2026, 9, 30), "Ученик 299"]


def test_entity_declarations_are_refused(tmp_path):
    import zipfile

    import pytest

    from app.services.errors import UserError
    book = openpyxl.Workbook()
    book.active["A1"] = "ФИО"
    book.active["A2"] = "Иванов"
    source = tmp_path / "ok.xlsx"
    book.save(source)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(bomb, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                head, rest = text.split("?>", 1) if "?>" in text else ("", text)
                doctype = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
                data = ((head + "?>" if head else "") + doctype + rest.replace("Иванов", "&b;")).encode()
            dst.writestr(item, data)
    with pytest.raises(UserError, match="повреждён|недопустимые конструкции XML"):
        read_table_file(bomb)
