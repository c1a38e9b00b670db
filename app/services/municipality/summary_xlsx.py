"""The district's summary in Excel, ready for the region: one row per school, one column per indicator, the
district's total row, the targets, the schools without a report and the «Исполнитель» block; a second sheet
names every indicator in full."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from app.services.errors import UserError
from app.services.files.export_safety import write_text_cell
from app.services.municipality.summary import DistrictSummary, Figure, IndicatorHead, district_summary
from app.services.uow import UnitOfWork

TOTAL_TITLE = "Итого по муниципалитету"
TARGET_TITLE = "Целевое значение"
MISSED = PatternFill("solid", fgColor="F8D7DA")


def export_summary(uow: UnitOfWork, *, year: int, set_code: str, out: Path) -> DistrictSummary:
    from app.services.access import Permission

    with uow:
        uow.require(Permission.EXPORT)
    summary = district_summary(uow, year=year, set_code=set_code)
    wb = write_summary_workbook(summary)
    try:
        wb.save(out)
    except PermissionError:
        raise UserError(f"Не удалось записать «{Path(out).name}»: файл открыт в другой программе.") from None
    with uow:
        uow.audit("municipality.summary_export", entity="school_report",
                  details=f"{set_code} {summary.year_title} → {Path(out).name}")
        uow.commit()
    return summary


def _cell_value(figure: Figure | None):
    return "—" if figure is None or figure.value is None else figure.value


def write_summary_workbook(summary: DistrictSummary, *, today: dt.date | None = None) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = "Сводка"
    bold = Font(name="Times New Roman", size=12, bold=True)
    plain = Font(name="Times New Roman", size=12)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    heads = summary.indicators
    last_col = 2 + len(heads)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=last_col)
    write_text_cell(ws.cell(1, 1), "Сводный отчёт о значениях показателей профориентационной работы")
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=last_col)
    write_text_cell(ws.cell(2, 1), summary.set_title)
    for ref in ("A1", "A2"):
        ws[ref].font = bold
        ws[ref].alignment = Alignment(horizontal="center", wrap_text=True)
    for row, (label, value) in enumerate((("Муниципалитет:", summary.municipality),
                                          ("Учебный год:", summary.year_title),
                                          ("Представили отчёт:", f"{len(summary.schools)} ОО из "
                                                                 f"{len(summary.schools) + len(summary.missing)}")),
                                         start=4):
        ws.cell(row, 1, label).font = bold
        write_text_cell(ws.cell(row, 3), value)
        ws.cell(row, 3).font = plain
    header = 8
    for col, title in enumerate(("№ п/п", "Наименование ОО", *(h.code for h in heads)), start=1):
        cell = ws.cell(header, col)
        write_text_cell(cell, title)
        cell.font, cell.border = bold, box
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    r = header
    for n, school in enumerate(summary.schools, start=1):
        r += 1
        ws.cell(r, 1, n)
        write_text_cell(ws.cell(r, 2), school.name + (" (форма заполнена вручную)" if school.source == "hand" else ""))
        for col, h in enumerate(heads, start=3):
            _value_cell(ws.cell(r, col), h, school.figures.get(h.code))
        for col in range(1, last_col + 1):
            ws.cell(r, col).border, ws.cell(r, col).font = box, plain
    r += 1
    write_text_cell(ws.cell(r, 2), TOTAL_TITLE)
    for col, h in enumerate(heads, start=3):
        _value_cell(ws.cell(r, col), h, summary.total.get(h.code))
    for col in range(1, last_col + 1):
        ws.cell(r, col).border, ws.cell(r, col).font = box, bold
    r += 1
    write_text_cell(ws.cell(r, 2), TARGET_TITLE)
    for col, h in enumerate(heads, start=3):
        write_text_cell(ws.cell(r, col), h.target or "—")
    for col in range(1, last_col + 1):
        ws.cell(r, col).border, ws.cell(r, col).font = box, plain
        ws.cell(r, col).alignment = Alignment(horizontal="center", wrap_text=True)
    r += 2
    if summary.roadmaps_approved is not None:
        write_text_cell(ws.cell(r, 1), "Количество ОО, в которых разработаны и утверждены дорожные карты:")
        ws.cell(r, 1).font = bold
        ws.cell(r, last_col if last_col > 3 else 3, summary.roadmaps_approved)
        r += 1
    write_text_cell(ws.cell(r, 1), "Не представили отчёт:")
    ws.cell(r, 1).font = bold
    write_text_cell(ws.cell(r, 3), ", ".join(summary.missing) or "все ОО представили отчёт")
    r += 2
    signature, phone, email = summary.executor
    for label, value in (("Исполнитель:", signature), ("Телефон:", phone), ("E-mail:", email),
                         ("Дата:", (today or dt.date.today()).strftime("%d.%m.%Y"))):
        ws.cell(r, 1, label).font = bold
        write_text_cell(ws.cell(r, 3), value)
        r += 1
    ws.column_dimensions["A"].width = 7
    ws.column_dimensions["B"].width = 44
    for col in range(3, last_col + 1):
        ws.column_dimensions[get_column_letter(col)].width = 10
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.freeze_panes = ws.cell(header + 1, 3)
    names = wb.create_sheet("Показатели")
    for col, title in enumerate(("Код", "Наименование цели", "Наименование показателя", "Единица измерения",
                                 "Целевое значение"), start=1):
        names.cell(1, col, title).font = bold
    for row, h in enumerate(heads, start=2):
        for col, value in enumerate((h.code, h.goal, h.name, h.unit, h.target or "—"), start=1):
            write_text_cell(names.cell(row, col), value)
            names.cell(row, col).alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDE", (8, 40, 70, 12, 16)):
        names.column_dimensions[col].width = width
    return wb


def _value_cell(cell, head: IndicatorHead, figure: Figure | None) -> None:
    value = _cell_value(figure)
    write_text_cell(cell, value)
    cell.alignment = Alignment(horizontal="center")
    if not isinstance(value, str):
        cell.number_format = "0" if head.measure == "count" and float(value).is_integer() else "0.0"
    if figure is not None and figure.met is False:
        cell.fill = MISSED
