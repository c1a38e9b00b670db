"""The yearly indicator report as a PDF, in the style of the printed roadmap (pdf_style): title,
school and year, the table № п/п | Наименование цели | Наименование показателя | Единица измерения |
Значение | Целевое значение (header repeated on every page), then the «Исполнитель» block."""
from __future__ import annotations

from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Spacer

from app.services.calendar import year_title
from app.services.labels import target_state
from app.services.files.pdf_style import GRID, build_pdf, para, styles
from app.services.reports.data import director_signature, report_data
from app.services.uow import UnitOfWork

HEADERS = ("№ п/п", "Наименование цели", "Наименование показателя", "Единица измерения", "Значение",
           "Целевое значение")
WIDTHS_MM = (14, 62, 104, 25, 22, 30)


def export_indicator_pdf(uow: UnitOfWork, *, set_code: str, year: int, out: Path) -> None:
    data = report_data(uow, set_code=set_code, year=year)
    st = styles()
    school, result = data.school, data.result
    story = [para(f"Отчёт о значениях показателей профориентационной работы\n{result.set_title}", st.title),
             para(f"Наименование ОО: {school.full_name or school.short_name}", st.body)]
    if school.municipality:
        story.append(para(f"Муниципалитет: {school.municipality}", st.body))
    story += [para(f"Учебный год: {result.year_title}", st.body), Spacer(1, 4 * mm)]
    rows = [[para(h, st.header_cell) for h in HEADERS]]
    spans = []
    previous_goal, goal_start = None, 1
    for n, ind in enumerate(result.indicators, start=1):
        value = ind.display + (" (вручную)" if ind.is_manual else "")
        if ind.goal != previous_goal:
            if n - 1 > goal_start:
                spans.append(("SPAN", (1, goal_start), (1, n - 1)))
            previous_goal, goal_start = ind.goal, n
            goal = para(ind.goal, st.cell)
        else:
            goal = ""
        mark = "" if ind.met is None else f" — {target_state(ind.met)}"
        rows.append([para(ind.code, st.cell), goal, para(ind.name, st.cell), para(ind.unit, st.cell),
                     para(value, st.cell_bold), para((ind.target or "—") + mark, st.cell)])
    if len(rows) - 1 > goal_start:
        spans.append(("SPAN", (1, goal_start), (1, len(rows) - 1)))
    story.append(LongTable(rows, repeatRows=1, colWidths=[w * mm for w in WIDTHS_MM], style=GRID + spans))
    story.append(Spacer(1, 8 * mm))
    story.append(para(f"Директор {school.short_name or school.full_name}".rstrip() + "   "
                      + director_signature(school), st.body))
    story.append(Spacer(1, 6 * mm))
    executor = [f"Исполнитель: {school.coordinator_name}" + (f", {school.coordinator_position}"
                                                            if school.coordinator_position else "")]
    if school.coordinator_phone:
        executor.append(f"Тел.: {school.coordinator_phone}")
    if school.coordinator_email:
        executor.append(f"E-mail: {school.coordinator_email}")
    executor.append(f"Дата: {data.made_on.strftime('%d.%m.%Y')}")
    story.append(para("\n".join(executor), st.body))
    build_pdf(out, story, landscape_pages=True, title=f"Показатели {year_title(year)}")
    with uow:
        uow.audit("report.pdf", entity="report", details=f"{set_code} {year_title(year)} → {Path(out).name}")
        uow.commit()
