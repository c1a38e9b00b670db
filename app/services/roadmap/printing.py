"""The roadmap printed for signature (DOMAIN.md «The roadmap, printed»): a PDF on A4 landscape and the same
document as DOCX for the deputy director who wants to edit it in Word.

Approval block top right («УТВЕРЖДАЮ», position, signature line with the name, date, order), the title, the goal
and tasks, the table (№ п/п | Наименование мероприятия | Ответственный исполнитель | Срок реализации | Ожидаемый
результат [| Форма представления результата] [| Отметка о выполнении]) with its header on every page, section
rows bold across the width, the indicators table when the roadmap has one, and the «Исполнитель» block."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.services.access import Permission
from app.services.calendar import year_title
from app.services.labels import ROADMAP_ITEM_STATUS_LABELS
from app.services.roadmap.operations import ItemProgress, RoadmapView, get_roadmap, year_progress
from app.services.school.details import SchoolDetails, get_school
from app.services.uow import UnitOfWork

_MONTHS_GENITIVE = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
                    "октября", "ноября", "декабря")

ITEM_HEADERS = ("№ п/п", "Наименование мероприятия", "Ответственный исполнитель", "Срок реализации",
                "Ожидаемый результат")
RESULT_FORM_HEADER = "Форма представления результата"
STATUS_HEADER = "Отметка о выполнении"
INDICATORS_TITLE = "Показатели развития системы профессиональной ориентации обучающихся"
INDICATOR_HEADERS = ("№ п/п", "Наименование цели", "Наименование показателя", "Единицы измерения")
APPROVAL_WIDTH_MM = 95     # the «УТВЕРЖДАЮ» block at the top right, in the PDF and in Word alike


@dataclass
class PrintOptions:
    status_year: int | None = None      # add «Отметка о выполнении» for this academic year


@dataclass
class PrintData:
    """Everything the printed roadmap shows, read once from the database."""

    roadmap: RoadmapView
    executor: str
    progress: dict[int, ItemProgress] | None = None
    status_year: int | None = None


def approval_lines(view: RoadmapView) -> list[str]:
    """The «УТВЕРЖДАЮ» block as printed, line by line (the first is «УТВЕРЖДАЮ»)."""
    lines = ["УТВЕРЖДАЮ"]
    lines.append(view.approved_by_position or "______________________________")
    lines.append(f"____________ {view.approved_by_name}".rstrip())
    if view.approved_on:
        d = view.approved_on
        lines.append(f"«{d.day:02d}» {_MONTHS_GENITIVE[d.month - 1]} {d.year} г.")
    else:
        lines.append("«__» ____________ 20__ г.")
    order = view.approval_order.strip()
    if order:
        lines.append(order if "приказ" in order.lower() else f"Приказ {order}")
    return lines


def executor_text(view: RoadmapView, school: SchoolDetails) -> str:
    """The roadmap's own «Исполнитель» block, else the school's career-guidance coordinator."""
    if view.executor_block.strip():
        return view.executor_block.strip()
    if not school.coordinator_name.strip():
        return ""
    lines = [f"Исполнитель: {school.coordinator_name.strip()}"
             + (f", {school.coordinator_position.strip()}" if school.coordinator_position.strip() else "")]
    if school.coordinator_phone.strip():
        lines.append(f"Тел.: {school.coordinator_phone.strip()}")
    if school.coordinator_email.strip():
        lines.append(f"E-mail: {school.coordinator_email.strip()}")
    return "\n".join(lines)


def status_text(progress: ItemProgress | None) -> str:
    if progress is None:
        return ""
    parts = [ROADMAP_ITEM_STATUS_LABELS.get(progress.status, progress.status)]
    if progress.overdue:
        parts[0] += " (срок прошёл)"
    if progress.note:
        parts.append(progress.note)
    if progress.events:
        people = sum(e.participants for e in progress.events)
        parts.append(f"Проведено мероприятий: {len(progress.events)}, участников: {people}")
    return "\n".join(parts)


def load_print_data(uow: UnitOfWork, roadmap_id: int, options: PrintOptions | None = None) -> PrintData:
    options = options or PrintOptions()
    with uow:
        uow.require(Permission.VIEW_ROADMAP)
        uow.require(Permission.EXPORT)
        view = get_roadmap(uow, roadmap_id)
        executor = executor_text(view, get_school(uow))
        progress = (year_progress(uow, roadmap_id, year=options.status_year)
                    if options.status_year is not None else None)
        return PrintData(view, executor, progress, options.status_year)


def _columns(data: PrintData) -> list[str]:
    headers = list(ITEM_HEADERS)
    if any(i.result_form for i in data.roadmap.all_items()):
        headers.append(RESULT_FORM_HEADER)
    if data.progress is not None:
        headers.append(STATUS_HEADER + (f" ({year_title(data.status_year)})" if data.status_year else ""))
    return headers


def _row_cells(item, headers: list[str], data: PrintData) -> list[str]:
    cells = [item.number, item.title, item.responsible, item.deadline, item.expected_result]
    if RESULT_FORM_HEADER in headers:
        cells.append(item.result_form)
    if data.progress is not None:
        cells.append(status_text(data.progress.get(item.id)))
    return cells


def _table_rows(data: PrintData, headers: list[str]) -> list[tuple[str, object]]:
    """("section", heading) and ("item", cells) rows in document order."""
    rows: list[tuple[str, object]] = []
    for section in data.roadmap.all_sections():
        if section.heading:
            rows.append(("section", section.heading))
        for item in section.items:
            rows.append(("item", _row_cells(item, headers, data)))
    return rows


# --- PDF -----------------------------------------------------------------------------------------

def write_roadmap_pdf(data: PrintData, path: Path | str) -> None:
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import KeepTogether, Spacer, Table, TableStyle

    from app.services.files.pdf_style import GRID, build_pdf, para, styles
    from app.services.files.pdf_tables import PageTable

    st = styles()
    view = data.roadmap
    story: list = []
    approval = Table([[para(line, st.bold if i == 0 else st.body)] for i, line in enumerate(approval_lines(view))],
                     colWidths=[APPROVAL_WIDTH_MM * mm], hAlign="RIGHT")
    approval.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                  ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    story += [approval, Spacer(1, 6 * mm), para(view.title or "Дорожная карта", st.title)]
    if view.goal:
        story.append(para(view.goal if view.goal.lower().startswith("цел") else f"Цель: {view.goal}", st.body))
    if view.tasks:
        story.append(para(view.tasks if view.tasks.lower().startswith("задач") else f"Задачи: {view.tasks}",
                          st.body))
    story.append(Spacer(1, 4 * mm))

    headers = _columns(data)
    width = 262 * mm  # A4 landscape less the margins of pdf_style.build_pdf
    base = {"№ п/п": 14, "Наименование мероприятия": 82, "Ответственный исполнитель": 52,
            "Срок реализации": 34, "Ожидаемый результат": 80}
    if RESULT_FORM_HEADER in headers:
        base.update({"Наименование мероприятия": 70, "Ответственный исполнитель": 44, "Ожидаемый результат": 60,
                     RESULT_FORM_HEADER: 40})
    if data.progress is not None:
        base.update({"Наименование мероприятия": 64, "Ответственный исполнитель": 42, "Срок реализации": 28,
                     "Ожидаемый результат": 58 if RESULT_FORM_HEADER not in headers else 48})
        if RESULT_FORM_HEADER in headers:
            base[RESULT_FORM_HEADER] = 32
    fixed = [base.get(h, 0) for h in headers]
    rest = width / mm - sum(fixed)
    widths = [(w or rest) * mm for w in fixed]
    scale = width / sum(widths)
    widths = _fit_longest_words([w * scale for w in widths], headers, _table_rows(data, headers), st.cell)

    table_data: list[list] = [[para(h, st.header_cell) for h in headers]]
    style = list(GRID) + [("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92))]
    for kind, value in _table_rows(data, headers):
        r = len(table_data)
        if kind == "section":
            table_data.append([para(str(value), st.cell_bold)] + [""] * (len(headers) - 1))
            style += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), colors.Color(0.96, 0.96, 0.96))]
        else:
            table_data.append([para(str(c), st.cell) for c in value])  # type: ignore[union-attr]
    table = PageTable(table_data, colWidths=widths, repeatRows=1, splitInRow=1)
    table.setStyle(TableStyle(style))
    story.append(table)

    if view.indicators:
        ind_headers = list(INDICATOR_HEADERS)
        has_target = any(i.target for i in view.indicators)
        if has_target:
            ind_headers.append("Целевое значение")
        ind_rows: list[list] = [[para(h, st.header_cell) for h in ind_headers]]
        for ind in view.indicators:
            cells = [ind.number, ind.goal, ind.name, ind.unit] + ([ind.target] if has_target else [])
            ind_rows.append([para(c, st.cell) for c in cells])
        ind_widths = [14 * mm, 80 * mm, 0, 32 * mm] + ([36 * mm] if has_target else [])
        ind_widths[2] = width - sum(ind_widths)
        ind_table = PageTable(ind_rows, colWidths=ind_widths, repeatRows=1, splitInRow=1)
        ind_table.setStyle(TableStyle(list(GRID) + [
            ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92))] + _goal_spans(view.indicators)))
        story += [Spacer(1, 8 * mm), KeepTogether([para(INDICATORS_TITLE, st.title)]), ind_table]

    if data.executor:
        story += [Spacer(1, 8 * mm), KeepTogether([para(data.executor, st.small)])]
    build_pdf(path, story, landscape_pages=True, title=view.title[:200] or "Дорожная карта")


def _goal_spans(indicators) -> list[tuple]:
    """№ and goal merged down over the indicators that follow a goal without their own (as Word documents
    have them), so that the table never splits a goal from its indicators."""
    spans: list[tuple] = []
    start = None
    for row, ind in enumerate(indicators, start=1):
        continues = not ind.number.strip() and not ind.goal.strip()
        if not continues:
            if start is not None and row - 1 > start:
                spans += [("SPAN", (0, start), (0, row - 1)), ("SPAN", (1, start), (1, row - 1))]
            start = row
    if start is not None and len(indicators) > start:
        spans += [("SPAN", (0, start), (0, len(indicators))), ("SPAN", (1, start), (1, len(indicators)))]
    return spans


def _fit_longest_words(widths: list[float], headers: list[str], rows, style) -> list[float]:
    """Widen a column that a word cannot fit in («торгово-промышленной» in «Срок реализации»), taking the
    room from the widest columns, so that no word is ever cut in the middle."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    padding = 8.0
    need = [0.0] * len(widths)
    for kind, value in rows:
        if kind != "item":
            continue
        for i, text in enumerate(value):
            for word in str(text).split():
                need[i] = max(need[i], stringWidth(word, style.fontName, style.fontSize) + padding)
    for i, header in enumerate(headers):
        for word in header.split():
            need[i] = max(need[i], stringWidth(word, style.fontName + "-bold", style.fontSize) + padding)
    out = list(widths)
    for i in range(len(out)):
        short = need[i] - out[i]
        if short <= 0:
            continue
        donors = sorted(range(len(out)), key=lambda j: out[j] - need[j], reverse=True)
        for j in donors:
            spare = out[j] - max(need[j], 30.0)
            if j == i or spare <= 0:
                continue
            take = min(spare, short)
            out[j] -= take
            out[i] += take
            short -= take
            if short <= 0:
                break
    return out


# --- DOCX ----------------------------------------------------------------------------------------

def write_roadmap_docx(data: PrintData, path: Path | str) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    view = data.roadmap
    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(0)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    section.top_margin, section.bottom_margin = Mm(15), Mm(18)

    # As in the PDF: a block of left-aligned lines standing at the right edge, not each line pushed right.
    block_indent = section.page_width - section.left_margin - section.right_margin - Mm(APPROVAL_WIDTH_MM)
    for i, line in enumerate(approval_lines(view)):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        p.paragraph_format.left_indent = block_indent
        run = p.add_run(line)
        run.bold = i == 0
    _page_numbers(section.footer, OxmlElement, qn, WD_ALIGN_PARAGRAPH.CENTER)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(12)
    title.paragraph_format.space_after = Pt(8)
    title.add_run(view.title or "Дорожная карта").bold = True
    if view.goal:
        document.add_paragraph(view.goal if view.goal.lower().startswith("цел") else f"Цель: {view.goal}")
    if view.tasks:
        document.add_paragraph(view.tasks if view.tasks.lower().startswith("задач") else f"Задачи: {view.tasks}")

    headers = _columns(data)
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    # The header row repeats at the top of every page Word breaks the table onto.
    header._tr.get_or_add_trPr().append(_repeat_header(OxmlElement, qn))
    for cell, text in zip(header.cells, headers, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    for kind, value in _table_rows(data, headers):
        row = table.add_row()
        if kind == "section":
            merged = row.cells[0].merge(row.cells[-1])
            merged.text = ""
            merged.paragraphs[0].add_run(str(value)).bold = True
        else:
            for cell, text in zip(row.cells, value, strict=True):  # type: ignore[arg-type]
                cell.text = str(text)
    widths = {"№ п/п": 14, "Наименование мероприятия": 80, "Ответственный исполнитель": 50, "Срок реализации": 32}
    for col, text in zip(table.columns, headers, strict=True):
        for cell in col.cells:
            cell.width = Mm(widths.get(text, 55))

    if view.indicators:
        heading = document.add_paragraph()
        heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
        heading.paragraph_format.space_before = Pt(12)
        heading.add_run(INDICATORS_TITLE).bold = True
        ind_headers = list(INDICATOR_HEADERS)
        has_target = any(i.target for i in view.indicators)
        if has_target:
            ind_headers.append("Целевое значение")
        ind = document.add_table(rows=1, cols=len(ind_headers))
        ind.style = "Table Grid"
        ind.rows[0]._tr.get_or_add_trPr().append(_repeat_header(OxmlElement, qn))
        for cell, text in zip(ind.rows[0].cells, ind_headers, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for indicator in view.indicators:
            values = [indicator.number, indicator.goal, indicator.name, indicator.unit]
            if has_target:
                values.append(indicator.target)
            for cell, text in zip(ind.add_row().cells, values, strict=True):
                cell.text = text
    if data.executor:
        p = document.add_paragraph()
        p.paragraph_format.space_before = Pt(12)
        lines = data.executor.split("\n")
        for i, line in enumerate(lines):
            run = p.add_run(line)
            run.font.size = Pt(10)
            if i < len(lines) - 1:
                run.add_break()
    document.core_properties.title = view.title[:200]
    document.save(str(path))


def _page_numbers(footer, OxmlElement, qn, centre) -> None:  # noqa: N803 - python-docx's own names
    """«Страница N» at the foot of every page, N a PAGE field that Word fills in."""
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = centre
    paragraph.add_run("Страница ")
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _repeat_header(OxmlElement, qn):  # noqa: N803 - python-docx's own names
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    return element


# --- Entry point for the page and the CLI ----------------------------------------------------------

def export_roadmap(uow: UnitOfWork, roadmap_id: int, path: Path | str, *,
                   options: PrintOptions | None = None, audit_as: str | None = "roadmap.export") -> Path:
    """Write the roadmap to `path` as PDF or DOCX (by its extension). The audit log records it as `audit_as`;
    None for the print preview's own temporary file, which leaves the program only if the user saves or
    prints it (`record_roadmap_output`)."""
    from app.services.errors import UserError

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".pdf", ".docx"):
        raise UserError(f"Файл «{path.name}»: дорожную карту можно сохранить как PDF (.pdf) или Word (.docx).")
    data = load_print_data(uow, roadmap_id, options)
    try:
        if suffix == ".pdf":
            write_roadmap_pdf(data, path)
        else:
            write_roadmap_docx(data, path)
    except PermissionError:
        raise UserError(f"Файл «{path}» не удалось записать: он открыт в другой программе или папка "
                        "недоступна для записи.") from None
    if audit_as:
        record_roadmap_output(uow, roadmap_id, audit_as, path.name)
    return path


def record_roadmap_output(uow: UnitOfWork, roadmap_id: int, action: str, what: str) -> None:
    """Log that the printed roadmap left the program: saved as a file («roadmap.export») or printed
    («roadmap.print»)."""
    with uow:
        uow.audit(action, entity="roadmap", entity_id=roadmap_id, details=what[:200])
        uow.commit()

