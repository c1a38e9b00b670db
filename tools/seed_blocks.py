"""Dev tool: read a seed roadmap (a text rendering of a Word document: tab-separated table rows, `<b>`
section rows, headers repeated at page breaks) into the same blocks the DOCX/XLSX importer produces.

Used by `tools/build_roadmap_templates.py` and by the tests that build DOCX/XLSX versions of the seeds.
The program itself never reads the seeds."""
from __future__ import annotations

import re
from pathlib import Path

from app.services.roadmap.parse import Block, Paragraph, Table, TableRow

SEEDS = {
    "school-kaliningrad-38": "roadmap-school-kaliningrad-38.txt",
    "district-targets-shares": "roadmap-district-targets-shares.txt",
    "region-kaliningrad-2020-2022": "roadmap-region-kaliningrad-2020-2022.txt",
}

_TAGS = re.compile(r"</?(?:b|i|u|strong|em)>")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")


def plain(text: str) -> str:
    """The markdown of the rendering taken off: what the Word document shows."""
    text = _TAGS.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = text.replace("**", "").replace("\\*", "*")
    text = re.sub(r"^#+\s*", "", text)
    return text.strip()


def seed_blocks(path: Path) -> list[Block]:
    """Paragraphs and tables in document order. A table runs on across blank lines (page breaks) and
    ends at the first line of ordinary text."""
    blocks: list[Block] = []
    table: Table | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        if "\t" in raw:
            if table is None:
                table = Table([], f"таблица {sum(isinstance(b, Table) for b in blocks) + 1}")
                blocks.append(table)
            bold = raw.startswith("<b>")
            cells = [plain(c) for c in raw.split("\t")]
            table.rows.append(TableRow(cells, merged=bold and not any(cells[1:])))
            continue
        if not raw.strip():
            if table is None:
                blocks.append(Paragraph(""))
            continue
        table = None
        blocks.append(Paragraph(plain(raw)))
    return blocks


def tables_of(blocks: list[Block]) -> list[Table]:
    return [b for b in blocks if isinstance(b, Table)]
