"""Import of the roadmap a school already keeps in Word (DOCX) or Excel (XLSX).

The file is read into plain blocks (paragraphs and table rows, in document order) and handed to
`roadmap_parse.parse_blocks`, which holds every rule about columns, sections and continued rows.
`read_roadmap_file` gives the draft for the preview; `import_roadmap` saves it in one transaction.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from app.services.errors import UserError
from app.services.files.importing import Importer, ImportPreview, PreviewTable
from app.services.roadmap.draft import RoadmapDraft, save_draft
from app.services.roadmap.parse import WHAT_WAS_LOOKED_FOR, Block, Paragraph, Table, TableRow, parse_blocks
from app.services.files.safe_files import OLE2_MAGIC, ZIP_MAGIC, check_office_xml, check_size, check_zip, read_magic
from app.services.files.tabular import cell_text, read_table_file
from app.services.uow import UnitOfWork

SUPPORTED = "документ Word (.docx) или таблица Excel (.xlsx)"


def read_roadmap_file(path: Path | str) -> RoadmapDraft:
    """The roadmap in a DOCX or XLSX file, for the preview. Nothing is written."""
    path = Path(path)
    blocks = read_blocks(path)
    draft, tables = parse_blocks(blocks)
    if tables == 0 or not draft.all_items():
        raise UserError(f"В файле «{path.name}» не найдена таблица дорожной карты. Искали: {WHAT_WAS_LOOKED_FOR}. "
                        "Ничего не записано.")
    if not draft.title:
        draft.title = f"Дорожная карта из файла «{path.stem}»"
    return draft


def read_blocks(path: Path) -> list[Block]:
    check_size(path)
    magic = read_magic(path)
    if magic.startswith(OLE2_MAGIC):
        raise UserError(f"Файл «{path.name}» сохранён в старом формате (.doc или .xls) или защищён паролем. "
                        f"Сохраните его как {SUPPORTED}.")
    if not magic.startswith(ZIP_MAGIC):
        raise UserError(f"Файл «{path.name}» не является документом: нужен {SUPPORTED}.")
    check_zip(path, kind=SUPPORTED)
    check_office_xml(path, kind=SUPPORTED)  # no DTD or entities reach python-docx / openpyxl
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
    if "word/document.xml" in names:
        return _docx_blocks(path)
    if "xl/workbook.xml" in names:
        return _xlsx_blocks(path)
    raise UserError(f"Файл «{path.name}» — архив, но не {SUPPORTED}.")


# --- DOCX ------------------------------------------------------------------------------------------

def _docx_blocks(path: Path) -> list[Block]:
    import docx  # imported here: only the importer needs it
    from docx.oxml.ns import qn

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises many kinds for a broken file
        raise UserError(f"Файл «{path.name}» повреждён и не может быть прочитан ({type(exc).__name__}).") from None
    blocks: list[Block] = []
    count = 0
    budget = [0]

    def paragraph_text(p) -> str:
        # w:t and w:br in order: a line break inside a paragraph stays a line break.
        parts: list[str] = []
        for node in p.iter(qn("w:t"), qn("w:br"), qn("w:tab"), qn("w:cr")):
            if node.tag == qn("w:t"):
                parts.append(node.text or "")
            elif node.tag == qn("w:tab"):
                parts.append(" ")
            else:
                parts.append("\n")
        return "".join(parts)

    def cell_text_of(tc) -> str:
        lines = [paragraph_text(p) for p in tc.findall(qn("w:p"))]
        return "\n".join(line for line in lines if line.strip())

    def walk(container) -> None:
        nonlocal count
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                blocks.append(Paragraph(paragraph_text(child)))
            elif child.tag == qn("w:tbl"):
                count += 1
                blocks.append(_docx_table(child, f"таблица {count}", cell_text_of, qn, file_name=path.name,
                                          budget=budget))
                # A table inside a cell (a layout table around the plan) is a table of the document too.
                for tr in child.findall(qn("w:tr")):
                    for tc in tr.findall(qn("w:tc")):
                        for nested in tc.findall(qn("w:tbl")):
                            walk_table(nested)
            elif child.tag in (qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")):
                walk(child.find(qn("w:sdtContent")) if child.tag == qn("w:sdt") else child)

    def walk_table(tbl) -> None:
        holder = tbl.makeelement(qn("w:body"), {})
        holder.append(_copy(tbl))
        walk(holder)

    walk(document.element.body)
    return blocks


def _copy(element):
    import copy
    return copy.deepcopy(element)


def _docx_table(tbl, name: str, cell_text_of, qn, *, file_name: str = "", budget: list[int] | None = None) -> Table:
    """The rows of a Word table, each padded to the table's grid. Spans and the grid are checked against
    `limits` before anything is padded: a span of a billion columns is refused, not expanded."""
    from app.services.files import limits

    totals = budget if budget is not None else [0]
    rows: list[TableRow] = []
    grid = len(tbl.findall(f"{qn('w:tblGrid')}/{qn('w:gridCol')}"))
    if grid > limits.MAX_TABLE_COLUMNS:
        raise _too_wide(file_name, name, 1, grid)
    for number, tr in enumerate(tbl.findall(qn("w:tr")), start=1):
        cells: list[str] = []
        tcs = tr.findall(qn("w:tc"))
        for tc in tcs:
            span_el = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            span = _span(span_el.get(qn("w:val"), "1"), file_name, name, number) if span_el is not None else 1
            if len(cells) + span > limits.MAX_TABLE_COLUMNS:
                raise _too_wide(file_name, name, number, len(cells) + span)
            vmerge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
            # The lower parts of a vertically merged cell are empty: the text belongs to the top one.
            continued = vmerge is not None and vmerge.get(qn("w:val"), "continue") == "continue"
            cells.append("" if continued else cell_text_of(tc))
            cells.extend([""] * (span - 1))
        width = max(grid, len(cells))
        totals[0] += width
        if totals[0] > limits.MAX_CELLS:
            raise limits.too_many_cells(file_name)
        merged = len(tcs) == 1 and width > 1
        rows.append(TableRow(cells + [""] * (width - len(cells)), merged=merged))
    return Table(rows, name)


def _span(text: str, file_name: str, table: str, row: int) -> int:
    """The w:gridSpan of a cell: a whole number from 1 up; anything else is a damaged document."""
    text = (text or "").strip()
    if not text.isdigit() or len(text) > 12 or int(text) < 1:
        raise UserError(f"Файл «{file_name}», {table}, строка {row}: неверное объединение ячеек "
                        f"(w:gridSpan = «{text[:20]}»). Документ повреждён; пересохраните его в Word.")
    return int(text)


def _too_wide(file_name: str, table: str, row: int, columns: int) -> UserError:
    from app.services.files import limits

    return UserError(f"Файл «{file_name}», {table}, строка {row}: {columns:_} столбцов — таблица Word может "
                     f"иметь не больше {limits.MAX_TABLE_COLUMNS}. Документ повреждён или составлен не для "
                     "импорта.".replace("_", " "))


# --- XLSX ------------------------------------------------------------------------------------------

def _xlsx_blocks(path: Path) -> list[Block]:
    from app.services.files import limits

    blocks: list[Block] = []
    merged = _xlsx_merged(path)
    for sheet in read_table_file(path):
        width = max((len(r) for r in sheet.rows), default=0)
        # The reader kept every row within MAX_COLUMN; the padding to a rectangle is bounded as well.
        if width * len(sheet.rows) > limits.MAX_CELLS:
            raise limits.too_many_cells(path.name)
        merged_rows = {r1 for r1, c1, r2, c2 in merged.get(sheet.name, ())
                       if r1 == r2 and c2 - c1 + 1 >= max(2, width - 1)}
        rows: list[TableRow] = []
        for i, values in enumerate(sheet.rows, start=1):
            cells = [cell_text(v) for v in values] + [""] * (width - len(values))
            rows.append(TableRow(cells, merged=i in merged_rows, number=i))
        # Rows above the table holding one text each (title, «УТВЕРЖДАЮ»…) read as paragraphs.
        first = 0
        while first < len(rows) and sum(1 for c in rows[first].cells if c) <= 1:
            blocks.append(Paragraph(next((c for c in rows[first].cells if c), "")))
            first += 1
        if first < len(rows):
            blocks.append(Table(rows[first:], f"лист «{sheet.name}»"))
    return blocks


def _xlsx_merged(path: Path) -> dict[str, list[tuple[int, int, int, int]]]:
    """Merged ranges by sheet, streamed (openpyxl would make a cell for every cell a range covers)."""
    from app.services.files.xlsx_stream import merged_ranges

    try:
        return merged_ranges(path)
    except UserError:
        raise
    except Exception:
        return {}  # read_table_file reports a broken file in its own words


# --- Saving ----------------------------------------------------------------------------------------

@dataclass
class ImportResult:
    roadmap_id: int
    title: str
    sections: int
    items: int

    def summary_lines(self) -> list[str]:
        return [f"Загружена дорожная карта «{self.title}»: разделов — {self.sections}, мероприятий — {self.items}."]


@dataclass
class RoadmapPlan:
    """A roadmap file read into a draft, before it is saved."""

    path: Path
    draft: RoadmapDraft

    def preview(self) -> ImportPreview:
        from app.services.roadmap.templates import period_text

        draft = self.draft
        rows: list[tuple[object, ...]] = []

        def walk(sections, depth: int) -> None:
            for section in sections:
                heading = (f"{section.number}. {section.title}" if section.number and section.title
                           else section.title or section.number or "(без раздела)")
                rows.append(("", "  " * depth + heading, "", "", ""))
                rows.extend((i.number, i.title, i.responsible, i.deadline, i.expected_result) for i in section.items)
                walk(section.children, depth + 1)

        walk(draft.sections, 0)
        period = period_text(draft.period_start, draft.period_end)
        notes = [f"«{draft.title}»" + (f", {period}" if period else "") + "."]
        counts = [("Разделов", count_sections(draft)), ("Мероприятий", len(draft.all_items()))]
        if draft.indicators:
            counts.append(("Показателей", len(draft.indicators)))
        return ImportPreview("Импорт дорожной карты", self.path.name, counts, [],
                             [PreviewTable("Разделы и мероприятия", PREVIEW_COLUMNS, rows, "import_preview")], notes)


PREVIEW_COLUMNS = ("№ п/п", "Наименование мероприятия", "Ответственный исполнитель", "Срок реализации",
                   "Ожидаемый результат")


def import_roadmap(uow: UnitOfWork, path: Path | str, *, draft: RoadmapDraft | None = None,
                   make_current: bool = False) -> ImportResult:
    """Read (or take the previewed draft of) a roadmap file and save it as a new roadmap, all or nothing."""
    path = Path(path)
    draft = draft or read_roadmap_file(path)
    with uow:
        roadmap_id = save_draft(uow, draft, make_current=make_current)
        uow.audit("roadmap.import", entity="roadmap", entity_id=roadmap_id, details=path.name[:200])
        uow.commit()
    return ImportResult(roadmap_id, draft.title, count_sections(draft), len(draft.all_items()))


def count_sections(draft: RoadmapDraft) -> int:
    def walk(sections) -> int:
        return sum(1 + walk(s.children) for s in sections)
    return walk(draft.sections)


# --- The importer shape ------------------------------------------------------------------------------

def _plan_file(uow: UnitOfWork, path: Path | str, *, progress=None, cancelled=None) -> RoadmapPlan:
    return RoadmapPlan(Path(path), read_roadmap_file(path))


def _apply_plan(uow: UnitOfWork, plan: RoadmapPlan, *, load_rest: bool = False, progress=None, cancelled=None,
           make_current: bool = False) -> ImportResult:
    from app.services.storage.backups import take_backup

    if uow.database.path is not None:
        take_backup(uow.database, reason="before-import")
    return import_roadmap(uow, plan.path, draft=plan.draft, make_current=make_current)


ROADMAP_IMPORT: Importer[RoadmapPlan, ImportResult] = Importer("Импорт дорожной карты", _plan_file, _apply_plan,
                                                               done="Дорожная карта сохранена.")
