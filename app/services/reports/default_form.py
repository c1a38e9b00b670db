"""The program's own form of the yearly indicator report (resources/templates/indicator_report.xlsx):
school details, year, one row per indicator (№ п/п | Наименование цели | Наименование показателя |
Единица измерения | Значение | Целевое значение), the «Исполнитель» block; printable (print area,
fit to width, the header row repeated on every page).

The template is a real file made by `tools/make_report_template.py` (build_template below) so that a
school may restyle it in Excel; the rows are written where the template says {{rows}}."""
from __future__ import annotations

from copy import copy
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.properties import PageSetupProperties

from app.services.calendar import year_title
from app.services.errors import UserError
from app.services.files.export_safety import write_text_cell
from app.services.reports.data import ReportData, cell_value, report_data
from app.services.reports.data_sheet import write_data_sheet
from app.services.reports.data_payload import payload_of
from app.services.reports.form_fill import FillResult, fill_placeholders
from app.services.resources import resource_path
from app.services.uow import UnitOfWork

TEMPLATE_NAME = "indicator_report.xlsx"
ROWS_MARK = "{{rows}}"
HEADERS = ("№ п/п", "Наименование цели", "Наименование показателя", "Единица измерения", "Значение",
           "Целевое значение")
# Column A also holds the labels of the header and signature blocks («Наименование ОО:»): wide enough for them.
WIDTHS = (17, 32, 50, 12, 11, 15)
# Excel and LibreOffice do not grow a row to its wrapped text when they open a file, so each row is given
# its height: lines of Times New Roman 12 pt at about this many characters per unit of column width.
LINE_HEIGHT = 15.75
CHARS_PER_WIDTH = 1.15


def template_path() -> Path:
    return resource_path("templates", TEMPLATE_NAME)


def build_template(path: Path) -> None:
    """Write the default form (run by tools/make_report_template.py; the result is kept in resources)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Показатели"
    bold = Font(name="Times New Roman", size=12, bold=True)
    plain = Font(name="Times New Roman", size=12)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions["ABCDEF"[i]].width = width
    ws.merge_cells("A1:F1")
    ws["A1"] = "Отчёт о значениях показателей профориентационной работы"
    ws.merge_cells("A2:F2")
    ws["A2"] = "{{set.title}}"
    for ref in ("A1", "A2"):
        ws[ref].font = bold
        ws[ref].alignment = Alignment(horizontal="center", wrap_text=True)
    ws.row_dimensions[2].height = 32
    for row, (label, value) in enumerate((("Наименование ОО:", "{{school.name}}"),
                                          ("Муниципалитет:", "{{school.municipality}}"),
                                          ("Учебный год:", "{{year}}")), start=4):
        ws.cell(row, 1, label).font = bold
        ws.cell(row, 1).alignment = Alignment(vertical="top")
        ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        ws.cell(row, 2, value).font = plain
        ws.cell(row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[4].height = 32
    for col, title in enumerate(HEADERS, start=1):
        cell = ws.cell(8, col, title)
        cell.font = bold
        cell.border = box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[8].height = 2 * LINE_HEIGHT + 2   # «Единица измерения» on two lines
    for col in range(1, 7):
        cell = ws.cell(9, col)
        cell.font = plain
        cell.border = box
        cell.alignment = Alignment(horizontal="center", vertical="top", wrap_text=True) if col in (1, 4, 5, 6) else wrap
    ws["A9"] = ROWS_MARK
    ws["E9"].number_format = "0.0"
    # The director signs the report the school sends; the coordinator who made it is named below.
    ws.cell(11, 1, "Директор:").font = bold
    ws.cell(11, 2, "{{director.signature}}").font = plain
    for row, (label, value) in enumerate((("Исполнитель:", "{{coordinator.signature}}"),
                                          ("Телефон:", "{{coordinator.phone}}"),
                                          ("E-mail:", "{{coordinator.email}}"),
                                          ("Дата:", "{{date}}")), start=13):
        ws.cell(row, 1, label).font = bold
        ws.cell(row, 2, value).font = plain
    ws.print_title_rows = "8:8"
    ws.print_area = "A1:F16"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    wb.save(path)


def export_default_report(uow: UnitOfWork, *, set_code: str, year: int, out: Path) -> FillResult:
    """The set's values for the year in the program's own form."""
    data = report_data(uow, set_code=set_code, year=year)
    path = template_path()
    if not path.is_file():
        raise UserError(f"Не найден шаблон отчёта «{path}». Переустановите программу.")
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    mark = next((c for row in ws.iter_rows() for c in row if c.value == ROWS_MARK), None)
    if mark is None:
        raise UserError(f"В шаблоне «{path.name}» нет строки {ROWS_MARK}.")
    result = FillResult(Path(out))
    _write_rows(ws, mark.row, data)
    fill_placeholders(wb, data, result)
    result.not_found = []
    # Last: the checksum covers the visible sheet exactly as it is saved.
    write_data_sheet(wb, payload_of(data, visible_sheet=ws.title))
    try:
        wb.save(out)
    except PermissionError:
        raise UserError(f"Не удалось записать «{Path(out).name}»: файл открыт в другой программе.") from None
    with uow:
        uow.audit("report.export", entity="report", details=f"{set_code} {year_title(year)} → {Path(out).name}")
        uow.commit()
    return result


def _write_rows(ws, first: int, data: ReportData) -> None:
    indicators = data.result.indicators
    extra = len(indicators) - 1
    styles = [copy(ws.cell(first, c)._style) for c in range(1, 7)]
    height = ws.row_dimensions[first].height
    if extra > 0:
        # Shift what is below (the «Исполнитель» block) down; merged ranges below move with it.
        below = [r for r in ws.merged_cells.ranges if r.min_row > first]
        for rng in below:
            ws.merged_cells.remove(rng)
        ws.insert_rows(first + 1, extra)
        for rng in below:
            rng.shift(0, extra)
            ws.merged_cells.add(rng)
        max_row = ws.max_row
        ws.print_area = f"A1:F{max_row}"
    previous_goal = None
    goal_start = first
    for n, ind in enumerate(indicators):
        r = first + n
        for c in range(1, 7):
            ws.cell(r, c)._style = copy(styles[c - 1])
        ws.row_dimensions[r].height = height
        write_text_cell(ws.cell(r, 1), ind.code)
        if ind.goal != previous_goal:
            if r - 1 > goal_start and previous_goal:
                ws.merge_cells(start_row=goal_start, start_column=2, end_row=r - 1, end_column=2)
            write_text_cell(ws.cell(r, 2), ind.goal)
            previous_goal, goal_start = ind.goal, r
        else:
            ws.cell(r, 2).value = None
        write_text_cell(ws.cell(r, 3), ind.name)
        write_text_cell(ws.cell(r, 4), ind.unit)
        ws.row_dimensions[r].height = max(height or 0, _row_height(ws, ind.name, "C"),
                                          _row_height(ws, ind.goal if ind.goal != _goal_before(indicators, n) else "", "B"))
        value = cell_value(ind.value)
        ws.cell(r, 5).value = value
        ws.cell(r, 5).number_format = "0.0" if ind.is_share or ind.unit == "часов" else "0"
        write_text_cell(ws.cell(r, 6), ind.target or "—")
    last = first + len(indicators) - 1
    if last > goal_start and previous_goal:
        ws.merge_cells(start_row=goal_start, start_column=2, end_row=last, end_column=2)


def _goal_before(indicators, n: int) -> str | None:
    return indicators[n - 1].goal if n > 0 else None


def _row_height(ws, text: str | None, column: str) -> float:
    """Points a row needs for `text` wrapped in `column` (a goal shared by several rows counts on its first)."""
    if not text:
        return LINE_HEIGHT
    per_line = max(1, int((ws.column_dimensions[column].width or 10) * CHARS_PER_WIDTH))
    lines = 0
    for part in str(text).split("\n"):
        words, line = part.split(), 0
        lines += 1
        for word in words:
            if line and line + 1 + len(word) > per_line:
                lines, line = lines + 1, len(word)
            else:
                line += (1 if line else 0) + len(word)
    return lines * LINE_HEIGHT + 2
