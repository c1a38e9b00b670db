"""Files of a few kilobytes that claim to be huge — a row numbered three billion, a cell at column ZZZZZZZ or
XFD, a Word cell spanning a billion and a half columns, a malformed span — are read by the real importers in a
child process under a 512 MB address-space limit: each ends within 10 s with a Russian message that names the
limit, and a far-away *empty* cell is skipped rather than padded to."""
from __future__ import annotations

import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

REPO = Path(__file__).resolve().parents[3]
SHEET = "xl/worksheets/sheet1.xml"


def _run(reader: str, path: Path, *, megabytes: int = 512, seconds: float = 10) -> str:
    t0 = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tests.integration.files.limited_worker", reader, str(path),
                           str(megabytes)], cwd=REPO, capture_output=True, text=True, timeout=60,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    elapsed = time.perf_counter() - t0
    assert done.returncode == 0, done.stderr[-3000:]
    assert elapsed < seconds, elapsed
    return done.stdout.strip()


def _rewrite(path: Path, part: str, transform, name: str) -> Path:
    out = path.with_name(name)
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info.filename, transform(data.decode("utf-8")).encode("utf-8") if info.filename == part
                         else data)
    return out


def _roster(tmp_path: Path) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Фамилия", "Имя", "Отчество", "Дата рождения", "Класс"])
    ws.append(["Иванов", "Иван", "Иванович", "01.02.2012", "7А"])
    ws.append(["Петрова", "Анна", "Сергеевна", "03.04.2012", "7А"])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    return path


def _append_row(xml: str, row: str) -> str:
    return xml.replace("</sheetData>", row + "</sheetData>")


def test_the_roster_itself_reads_under_the_limit(tmp_path):
    assert _run("roster", _roster(tmp_path)) == "READ 2"


def test_a_row_numbered_three_billion_is_refused_naming_the_limit(tmp_path):
    hostile = _rewrite(_roster(tmp_path), SHEET, lambda x: _append_row(
        x, '<row r="3000000000"><c r="A3000000000" t="inlineStr"><is><t>Сидоров</t></is></c></row>'),
        "far-row.xlsx")
    out = _run("roster", hostile)
    assert out.startswith("REFUSED"), out
    assert "far-row.xlsx" in out and "3 000 000 000" in out and "100 000 строк" in out


def test_a_cell_at_column_zzzzzzz_is_refused_naming_the_limit(tmp_path):
    hostile = _rewrite(_roster(tmp_path), SHEET, lambda x: x.replace(
        '<c r="A2"', '<c r="ZZZZZZZ2" t="inlineStr"><is><t>x</t></is></c><c r="A2"', 1), "far-column.xlsx")
    out = _run("roster", hostile)
    assert out.startswith("REFUSED"), out
    assert "far-column.xlsx" in out and "1 024 столбцов" in out and "строка" not in out.split("ячейка")[0][-5:]


def test_far_away_empty_cells_and_rows_are_skipped_not_padded_to(tmp_path):
    def sparse(xml: str) -> str:
        xml = xml.replace('<c r="A2"', '<c r="XFD2"/><c r="ZZZZZZZ2" s="0"/><c r="A2"', 1)
        return _append_row(xml, '<row r="3000000000"><c r="XFD3000000000"/></row>')
    assert _run("roster", _rewrite(_roster(tmp_path), SHEET, sparse, "sparse.xlsx")) == "READ 2"


def test_too_many_cells_in_a_row_are_refused(tmp_path):
    cells = "<c/>" * 20_000
    hostile = _rewrite(_roster(tmp_path), SHEET, lambda x: _append_row(x, f'<row r="4">{cells}</row>'),
                       "wide.xlsx")
    out = _run("roster", hostile)
    assert out.startswith("REFUSED") and "16 384 ячеек" in out and "строка 4" in out, out


def _roadmap_xlsx(tmp_path: Path, items: int) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Дорожная карта по профориентации"])
    ws.append(["№ п/п", "Наименование мероприятия", "Ответственный исполнитель", "Срок реализации",
               "Ожидаемый результат"])
    for i in range(1, items + 1):
        ws.append([str(i), f"Мероприятие номер {i} для обучающихся {i % 11 + 1} классов, этап {i * 7919 % 10007}",
                   f"Педагог-навигатор {i * 31 % 997}", "В течение года", f"Охват {i * 13 % 101} обучающихся"])
    path = tmp_path / "roadmap.xlsx"
    book.save(path)
    return path


def test_a_one_megabyte_roadmap_with_one_cell_at_xfd1(tmp_path):
    plain = _roadmap_xlsx(tmp_path, 24_000)
    assert plain.stat().st_size > 900_000
    assert _run("roadmap", plain, seconds=60) == "READ 24000"  # the control: read in full, not timed
    hostile = _rewrite(plain, SHEET, lambda x: x.replace(
        '<c r="A1"', '<c r="XFD1" t="inlineStr"><is><t>x</t></is></c><c r="A1"', 1), "xfd1.xlsx")
    out = _run("roadmap", hostile)
    assert out.startswith("REFUSED"), out
    assert "xfd1.xlsx" in out and "XFD1" in out and "1 024 столбцов" in out


def _roadmap_docx(tmp_path: Path) -> Path:
    import docx

    document = docx.Document()
    document.add_paragraph("Дорожная карта")
    table = document.add_table(rows=3, cols=5)
    for row, values in zip(table.rows, (
            ["№ п/п", "Наименование мероприятия", "Ответственный исполнитель", "Срок реализации",
             "Ожидаемый результат"],
            ["1", "Классный час", "Классные руководители", "Сентябрь", "Охват"],
            ["2", "Экскурсия", "Педагог-навигатор", "Октябрь", "Охват"])):
        for cell, value in zip(row.cells, values):
            cell.text = value
    path = tmp_path / "plan.docx"
    document.save(path)
    return path


def _span_first_item_cell(value: str):
    def transform(xml: str) -> str:
        cells = [m.start() for m in re.finditer(r"<w:tcPr>", xml)]
        at = cells[5] + len("<w:tcPr>")  # the first cell of the first item row
        return xml[:at] + f'<w:gridSpan w:val="{value}"/>' + xml[at:]
    return transform


def test_the_docx_roadmap_itself_reads_under_the_limit(tmp_path):
    assert _run("roadmap", _roadmap_docx(tmp_path)) == "READ 2"


def test_a_docx_cell_spanning_a_billion_and_a_half_columns_is_refused(tmp_path):
    hostile = _rewrite(_roadmap_docx(tmp_path), "word/document.xml", _span_first_item_cell("1500000000"),
                       "span.docx")
    assert hostile.stat().st_size < 40_000
    out = _run("roadmap", hostile)
    assert out.startswith("REFUSED"), out
    assert "span.docx" in out and "таблица 1, строка 2" in out and "не больше 64" in out


@pytest.mark.parametrize("value", ["abc", "-3", "0", "1e9", ""])
def test_a_malformed_grid_span_is_a_damaged_document(tmp_path, value):
    hostile = _rewrite(_roadmap_docx(tmp_path), "word/document.xml", _span_first_item_cell(value), "bad.docx")
    out = _run("roadmap", hostile)
    assert out.startswith("REFUSED"), out
    assert "bad.docx" in out and "gridSpan" in out and "повреждён" in out


def test_a_participation_log_with_a_far_row_is_refused(tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["ФИО", "Класс", "Мероприятие", "Дата", "Статус"])
    ws.append(["Иванов Иван Иванович", "7А", "Экскурсия", "01.10.2025", "участвовал"])
    path = tmp_path / "log.xlsx"
    book.save(path)
    hostile = _rewrite(path, SHEET, lambda x: _append_row(
        x, '<row r="2000000000"><c r="B2000000000"><v>1</v></c></row>'), "far-log.xlsx")
    out = _run("participation", hostile)
    assert out.startswith("REFUSED") and "far-log.xlsx" in out and "100 000 строк" in out, out


def _whole_sheet_merged(xml: str) -> str:
    # openpyxl (full load) makes one object per cell a merged range covers: 17 billion here.
    return xml.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A1:XFD1048576"/>'
                                       "</mergeCells>")


@pytest.mark.parametrize("reader", ["class-sheet", "form"])
def test_a_workbook_merged_over_the_whole_sheet_is_refused_before_openpyxl(tmp_path, reader):
    book = openpyxl.Workbook()
    book.active.append(["Лист отметки", "7А"])
    path = tmp_path / "sheet.xlsx"
    book.save(path)
    if reader == "form":
        assert _run("form", path) == "READ 1"     # the control: a plain form opens
    hostile = _rewrite(path, SHEET, _whole_sheet_merged, "merged.xlsx")
    out = _run(reader, hostile)
    assert out.startswith("REFUSED"), out
    assert "merged.xlsx" in out and ("100 000 строк" in out or "1 024 столбцов" in out), out
