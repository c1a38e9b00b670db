"""Building DOCX and XLSX versions of the seed roadmaps for the importer's tests: the same paragraphs and
table rows (headers repeated at page breaks, continuation rows), with section rows merged across the table
and the goal/№ cells of the indicators table merged down where the document leaves them empty."""
from __future__ import annotations

from pathlib import Path

from app.services.roadmap.parse import Block, Paragraph, Table, TableRow


def _is_section(row: TableRow) -> bool:
    filled = [i for i, c in enumerate(row.cells) if c.strip()]
    return filled == [0] and len(row.cells) > 1 and not row.cells[0][:1].islower()


def write_docx(blocks: list[Block], path: Path, *, merge_sections: bool = True, merge_down: bool = True) -> Path:
    import docx

    document = docx.Document()
    for block in blocks:
        if isinstance(block, Paragraph):
            document.add_paragraph(block.text)
            continue
        width = max(len(r.cells) for r in block.rows)
        table = document.add_table(rows=0, cols=width)
        table.style = "Table Grid"
        is_indicators = "цели" in " ".join(block.rows[0].cells).lower()
        for row in block.rows:
            cells = row.cells + [""] * (width - len(row.cells))
            added = table.add_row()
            if merge_sections and _is_section(row) and not is_indicators:
                merged = added.cells[0].merge(added.cells[-1])
                merged.text = cells[0]
                continue
            for cell, text in zip(added.cells, cells, strict=True):
                # A cell of several lines, as Word keeps responsible lists
                cell.text = text
        if merge_down and is_indicators:
            # № and goal of the rows under one goal: one cell merged down (vMerge), as Word documents have it.
            for r in range(1, len(table.rows)):
                for c in (0, 1):
                    if not block.rows[r].cells[c].strip() and block.rows[r - 1].cells[c].strip() != \
                            block.rows[0].cells[c].strip():
                        top = table.cell(r - 1, c)
                        top.merge(table.cell(r, c))
    document.save(str(path))
    return path


def write_xlsx(blocks: list[Block], path: Path, *, merge_sections: bool = True) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Дорожная карта"
    r = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.text.strip():
                r += 1
                ws.cell(row=r, column=1, value=block.text)
            continue
        for row in block.rows:
            r += 1
            for c, text in enumerate(row.cells, start=1):
                if text:
                    ws.cell(row=r, column=c, value=text)
            if merge_sections and _is_section(row):
                ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=len(row.cells))
        r += 1  # an empty row after each table
    book.save(str(path))
    return path


def headed_tables(blocks: list[Block]) -> list[Block]:
    """The same plan as several tables, each under a heading paragraph «Направление N. …», with no
    section rows inside: the other shape schools keep their roadmap in."""
    out: list[Block] = []
    table = next(b for b in blocks if isinstance(b, Table))
    out += [b for b in blocks[:blocks.index(table)] if isinstance(b, Paragraph)]
    header = table.rows[0]
    current: Table | None = None
    n = 0
    for row in table.rows[1:]:
        if row.cells == header.cells:
            continue
        if _is_section(row):
            n += 1
            out.append(Paragraph(f"Направление {n}. {row.cells[0]}"))
            current = Table([TableRow(list(header.cells))])
            out.append(current)
            continue
        assert current is not None
        current.rows.append(row)
    return out
