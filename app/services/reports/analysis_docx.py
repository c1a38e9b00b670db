"""The analytic report (аналитическая справка) as a Word document (python-docx), editable afterwards:
Times New Roman 14 pt for the text and 12 pt in tables, the margins of Russian office papers (left 3 cm),
numbered sections, tables with a repeated header row, the charts as pictures with captions, page numbers,
and the «Исполнитель» and signature block."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from app.services.access import Permission
from app.services.calendar import year_bounds
from app.services.errors import UserError
from app.services.indicators import format_value
from app.services.labels import target_state
from app.services.reports.analysis import PICTURES, Analysis, analysis_data
from app.services.reports.charts import render_png
from app.services.uow import UnitOfWork

FONT = "Times New Roman"
TEXT_PT, TABLE_PT, HEADER_PT = 14, 12, 11
PICTURE_WIDTH = Cm(16)
CAPTIONS = {"month": "Участие обучающихся в профориентационных мероприятиях по месяцам",
            "grade": "Обучающиеся, принявшие участие в мероприятиях, по параллелям",
            "hours": "Обучающиеся 6–11 классов по часам профминимума за учебный год"}


@dataclass
class AnalysisResult:
    out_path: Path
    pictures: int
    indicators: int


def _set_font(style_or_run, size: int, *, bold: bool | None = None) -> None:
    font = style_or_run.font
    font.name = FONT
    font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    element = style_or_run.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    # Word's heading styles name the theme's font (Calibri Light), which wins over the named one.
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attr), None)


def _styles(doc) -> None:
    normal = doc.styles["Normal"]
    _set_font(normal, TEXT_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.15
    for name in ("Heading 1", "Heading 2"):
        style = doc.styles[name]
        _set_font(style, TEXT_PT, bold=True)
        style.font.color.rgb = None
        style.font.italic = False
        style.paragraph_format.space_before = Pt(12)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.keep_with_next = True
    caption = doc.styles["Caption"]
    _set_font(caption, TABLE_PT, bold=False)
    caption.font.italic = False
    caption.font.color.rgb = None


def _margins(doc) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = footer.add_run()
    _set_font(run, TABLE_PT)
    for kind, value in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = value
        run._r.append(el)


def _para(doc, text: str = "", *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent: bool = True,
          size: int = TEXT_PT, space_after: int = 0):
    p = doc.add_paragraph()
    p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Cm(1.25)
    p.paragraph_format.space_after = Pt(space_after)
    if text:
        run = p.add_run(text)
        _set_font(run, size, bold=bold)
    return p


def _labelled(doc, label: str, text: str):
    p = _para(doc)
    _set_font(p.add_run(f"{label} "), TEXT_PT, bold=True)
    _set_font(p.add_run(text), TEXT_PT)
    return p


def _bullet(doc, text: str):
    p = _para(doc, f"– {text}")
    return p


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _table(doc, header: list[str], rows: list[list[str]], widths: list[float], *, numbers_from: int = 99):
    """A grid table, 12 pt, the header bold and repeated on every page; columns from `numbers_from` on
    are figures, centred."""
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, title in enumerate(header):
        cell = table.rows[0].cells[i]
        cell.text = ""
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _set_font(p.add_run(title), HEADER_PT, bold=True)
    _repeat_header(table.rows[0])
    for values in rows:
        cells = table.add_row().cells
        for i, value in enumerate(values):
            p = cells[i].paragraphs[0]
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if i >= numbers_from else WD_ALIGN_PARAGRAPH.LEFT
            _set_font(p.add_run(value), TABLE_PT)
    # Word reads the cells' widths, LibreOffice the table grid: both are set, and the layout fixed.
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for i, width in enumerate(widths):
        table.columns[i].width = Cm(width)
    for row in table.rows:
        for i, width in enumerate(widths):
            row.cells[i].width = Cm(width)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)
    return table


def _picture(doc, analysis: Analysis, key: str, number: int) -> None:
    series = analysis.charts[key]
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    p.add_run().add_picture(io.BytesIO(render_png(series)), width=PICTURE_WIDTH)
    caption = doc.add_paragraph(style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(caption.add_run(f"Рисунок {number}. {CAPTIONS[key]}"), TABLE_PT)
    caption.paragraph_format.space_after = Pt(10)


def _share(n: int, of: int) -> str:
    return "—" if not of else format_value(round(100 * n / of, 1), share=True) + "%"


def _title(doc, a: Analysis) -> None:
    s = a.school
    if s.full_name or s.short_name:
        _para(doc, s.full_name or s.short_name, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, size=TABLE_PT)
    if s.municipality:
        _para(doc, s.municipality, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, size=TABLE_PT)
    _para(doc, "", indent=False)
    _para(doc, "АНАЛИТИЧЕСКАЯ СПРАВКА", bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, f"по итогам профориентационной работы за {a.year_title} учебный год", bold=True,
          align=WD_ALIGN_PARAGRAPH.CENTER, indent=False, space_after=12)
    start, end = year_bounds(a.year)
    _labelled(doc, "Цель анализа:", "оценить результативность профориентационной работы школы за учебный год, "
                                   "выполнение дорожной карты и достижение целевых значений показателей.")
    _labelled(doc, "Сроки:", f"{start:%d.%m.%Y} – {end:%d.%m.%Y}.")
    basis = f"показатели набора «{a.set_title}»"
    if a.roadmap_title:
        basis += f"; дорожная карта «{a.roadmap_title}»"
    _labelled(doc, "Основание:", basis + "; данные учёта ПрофТрек на " + f"{a.made_on:%d.%m.%Y}.")


def _general(doc, a: Analysis) -> None:
    doc.add_heading("1. Общие сведения", level=1)
    text = (f"В {a.year_title} учебном году в школе обучалось {a.enrolled} обучающихся, из них с ОВЗ и "
            f"инвалидностью — {a.enrolled_ovz}. В профориентационных мероприятиях приняли участие "
            f"{a.took_part} обучающихся ({_share(a.took_part, a.enrolled)} от числа обучающихся).")
    _para(doc, text)
    _para(doc, f"Уровень профминимума, выбранный школой: не менее {a.profminimum_level_hours:g} часов "
               f"профориентационной деятельности в год на обучающегося 6–11 классов.")


def _indicators(doc, a: Analysis) -> None:
    doc.add_heading("2. Показатели профориентационной работы", level=1)
    with_target = [line for line in a.indicators if line.met is not None]
    met = sum(1 for line in with_target if line.met)
    intro = f"Значения показателей набора «{a.set_title}» за {a.year_title} учебный год"
    intro += (f" в сравнении с {a.previous_year}/{a.previous_year + 1} учебным годом." if a.previous_year is not None
              else " (прошлого учебного года в базе нет: сравнение не приводится).")
    _para(doc, intro)
    if with_target:
        _para(doc, f"Целевые значения достигнуты по {met} из {len(with_target)} показателей с целевым значением.")
    rows = [[line.code, line.name, with_unit(line.value, line.unit),
             line.target if line.met is None else f"{line.target}\n({target_state(line.met)})",
             with_unit(line.previous, line.unit), line.change] for line in a.indicators]
    _table(doc, ["№", "Показатель", "Значение", "Целевое значение", "Прошлый год", "Изменение"], rows,
           [1.2, 5.2, 2.3, 2.8, 2.4, 2.6], numbers_from=2)


def with_unit(value: str, unit: str) -> str:
    """«73,3 %», «8 ед.»; «—» stays bare."""
    return value if value == "—" else f"{value} {_short_unit(unit)}"


def _short_unit(unit: str) -> str:
    return {"единиц": "ед.", "человек": "чел.", "часов": "ч"}.get(unit, unit)


def _participation(doc, a: Analysis, pictures: list[str]) -> int:
    doc.add_heading("3. Участие обучающихся в профориентационных мероприятиях", level=1)
    number = 0
    if "month" in pictures:
        number += 1
        _para(doc, f"Распределение участия по месяцам учебного года показано на рисунке {number}.")
        _picture(doc, a, "month", number)
    if "grade" in pictures:
        number += 1
        _para(doc, f"Охват обучающихся по параллелям — на рисунке {number} и в таблице.")
        _picture(doc, a, "grade", number)
    _table(doc, ["Параллель", "Обучающихся", "Приняли участие", "Охват"],
           [[g.label, str(g.enrolled), str(g.took_part), _share(g.took_part, g.enrolled)] for g in a.grades],
           [4.2, 4.0, 4.6, 3.7], numbers_from=1)
    if a.categories:
        _para(doc, "Наибольшее число обучающихся охватили мероприятия категорий:")
        for label, n in a.categories:
            _bullet(doc, f"{label} — {n} обучающихся;")
    if a.partners:
        _para(doc, "Наиболее активные партнёры школы (по числу обучающихся на проведённых ими мероприятиях):")
        _table(doc, ["Партнёр", "Тип", "Мероприятий", "Обучающихся"],
               [[p.name, p.kind, str(p.events), str(p.students)] for p in a.partners], [5.2, 3.8, 3.6, 3.9],
               numbers_from=2)
    else:
        _para(doc, "Мероприятий, проведённых партнёрами школы, в учебном году не отмечено.")
    return number


def _profminimum(doc, a: Analysis, number: int, pictures: list[str]) -> int:
    doc.add_heading("4. Реализация профминимума", level=1)
    bands = a.charts["hours"].points
    reached = bands[-1][1] if bands else 0
    total = sum(n for _l, n in bands)
    _para(doc, f"Уровень профминимума ({a.profminimum_level_hours:g} ч) достигли {reached} из {total} "
               f"обучающихся 6–11 классов ({_share(reached, total)}).")
    if "hours" in pictures:
        number += 1
        _para(doc, f"Распределение обучающихся 6–11 классов по часам профориентационной деятельности — на "
                   f"рисунке {number}.")
        _picture(doc, a, "hours", number)
    return number


def _roadmap(doc, a: Analysis) -> None:
    doc.add_heading("5. Выполнение дорожной карты", level=1)
    if not a.roadmap_items:
        _para(doc, "Дорожная карта на учебный год в программе не ведётся." if not a.roadmap_title else
                   f"В дорожной карте «{a.roadmap_title}» нет пунктов.")
        return
    c = a.roadmap_counts
    _para(doc, f"Дорожная карта «{a.roadmap_title}»: пунктов — {len(a.roadmap_items)}; выполнено — "
               f"{c.get('выполнено', 0)}, выполняется — {c.get('выполняется', 0)}, запланировано — "
               f"{c.get('запланировано', 0)}, отменено — {c.get('отменено', 0)}; просрочено — "
               f"{c.get('просрочено', 0)}.")
    rows = []
    for item in a.roadmap_items:
        status = item.status + (" (просрочено)" if item.overdue else "")
        held = "\n".join(item.events) if item.events else "—"
        rows.append([item.number, item.title, item.deadline or "—", status, held])
    _table(doc, ["№", "Мероприятие", "Срок", "Исполнение", "Проведённые мероприятия"], rows,
           [1.0, 5.0, 2.7, 3.1, 4.7])


def _shortfalls(doc, a: Analysis) -> None:
    doc.add_heading("6. Проблемы и отстающие направления", level=1)
    if a.shortfalls:
        _para(doc, "Не достигнуты целевые значения показателей:")
        for line in a.shortfalls:
            _bullet(doc, f"{line.code}. {line.name}: {line.value}{'%' if line.unit == '%' else ' ' + line.unit} "
                         f"при целевом значении «{line.target}»;")
    else:
        _para(doc, "Все показатели с целевыми значениями достигнуты.")
    lagging = [c for c in a.lagging_classes if c.enrolled]
    if lagging:
        _para(doc, "Наименьший охват профориентационными мероприятиями — в классах:")
        for c in lagging:
            _bullet(doc, f"{c.label}: приняли участие {c.took_part} из {c.enrolled} ({_share(c.took_part, c.enrolled)});")
    low_grades = sorted((g for g in a.grades if g.enrolled), key=lambda g: (g.share, g.label))[:3]
    if low_grades:
        _para(doc, "Параллели с наименьшим охватом: " + ", ".join(
            f"{g.label} ({_share(g.took_part, g.enrolled)})" for g in low_grades) + ".")


def _conclusions(doc, a: Analysis) -> None:
    doc.add_heading("7. Выводы и задачи на следующий учебный год", level=1)
    with_target = [line for line in a.indicators if line.met is not None]
    _para(doc, f"Профориентационная работа в {a.year_title} учебном году охватила "
               f"{_share(a.took_part, a.enrolled)} обучающихся; целевые значения достигнуты по "
               f"{sum(1 for line in with_target if line.met)} из {len(with_target)} показателей.")
    _para(doc, "Задачи на следующий учебный год:")
    tasks = [f"довести до целевого значения показатель «{line.name}»;" for line in a.shortfalls]
    lagging = [c.label for c in a.lagging_classes if c.enrolled][:3]
    if lagging:
        tasks.append(f"повысить охват мероприятиями обучающихся {', '.join(lagging)} классов;")
    tasks.append("продолжить реализацию профминимума и работу с партнёрами школы.")
    for task in tasks:
        _bullet(doc, task)


def _signature(doc, a: Analysis) -> None:
    s = a.school
    _para(doc, "", indent=False, space_after=12)
    executor = ", ".join(part for part in (s.coordinator_position, s.coordinator_name) if part) or "________________"
    _labelled(doc, "Исполнитель:", executor).paragraph_format.first_line_indent = Cm(0)
    contacts = ", ".join(part for part in (f"тел. {s.coordinator_phone}" if s.coordinator_phone else "",
                                           s.coordinator_email) if part)
    if contacts:
        _para(doc, contacts, indent=False)
    _para(doc, "", indent=False)
    p = _para(doc, f"Заместитель директора по УВР\t________________ {signature_name(s.deputy_director_name)}",
              indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)
    p.paragraph_format.tab_stops.add_tab_stop(Cm(9))
    p.paragraph_format.space_before = Pt(12)
    _para(doc, "«___» ______________ 20___ г.", indent=False, align=WD_ALIGN_PARAGRAPH.LEFT)


def signature_name(full: str) -> str:
    """«Ефремова Юлия Романовна» → «Ю. Р. Ефремова», as under a signature; anything else as it is."""
    words = full.split()
    if len(words) == 3 and all(len(w) > 2 and w[0].isupper() and "." not in w for w in words):
        return f"{words[1][0]}. {words[2][0]}. {words[0]}"
    return full or "____________"


def write_analysis_docx(a: Analysis, out: Path) -> int:
    """Write the справка; returns how many pictures it holds."""
    doc = Document()
    _styles(doc)
    _margins(doc)
    doc.core_properties.title = f"Аналитическая справка по итогам профориентационной работы за {a.year_title} учебный год"
    doc.core_properties.author = a.school.coordinator_name or "ПрофТрек"
    pictures = [key for key in PICTURES if key in a.charts]
    _title(doc, a)
    _general(doc, a)
    _indicators(doc, a)
    number = _participation(doc, a, pictures)
    number = _profminimum(doc, a, number, pictures)
    _roadmap(doc, a)
    _shortfalls(doc, a)
    _conclusions(doc, a)
    _signature(doc, a)
    try:
        doc.save(out)
    except PermissionError:
        raise UserError(f"Не удалось записать «{out.name}»: файл открыт в другой программе или папка "
                        f"недоступна для записи.") from None
    return number


def export_analysis(uow: UnitOfWork, *, set_code: str, year: int, out: Path, today=None) -> AnalysisResult:
    """«Аналитическая справка по итогам профориентационной работы за учебный год» into `out` (.docx)."""
    out = Path(out)
    if out.suffix.lower() != ".docx":
        raise UserError(f"Справка сохраняется в документ Word .docx, а не «{out.name}».")
    a = analysis_data(uow, set_code=set_code, year=year, today=today)
    pictures = write_analysis_docx(a, out)
    with uow:
        uow.require(Permission.EXPORT)
        uow.audit("report.analysis", entity="report", details=f"{set_code} {a.year_title} → {out.name}")
        uow.commit()
    return AnalysisResult(out, pictures, len(a.indicators))
