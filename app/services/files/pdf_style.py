"""The look of every PDF the program prints (roadmap, indicator report, sign-in sheets, a student's
record): a serif font with Cyrillic at 12 pt, A4, page numbers.

Times New Roman is used where the system has it (every Windows PC); otherwise the bundled Liberation
Serif, which has the same metrics, so a document breaks into pages the same way everywhere."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape, portrait
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph
from reportlab.platypus.flowables import Flowable

from app.services.resources import resource_path

FONT = "DocSerif"
FONT_SIZE = 12
_VARIANTS = ("regular", "bold", "italic", "bolditalic")
_TIMES_FILES = {"regular": "times.ttf", "bold": "timesbd.ttf", "italic": "timesi.ttf", "bolditalic": "timesbi.ttf"}
_TIMES_LINUX = {"regular": "Times_New_Roman.ttf", "bold": "Times_New_Roman_Bold.ttf",
                "italic": "Times_New_Roman_Italic.ttf", "bolditalic": "Times_New_Roman_Bold_Italic.ttf"}
_LIBERATION = {"regular": "LiberationSerif-Regular.ttf", "bold": "LiberationSerif-Bold.ttf",
               "italic": "LiberationSerif-Italic.ttf", "bolditalic": "LiberationSerif-BoldItalic.ttf"}

_registered: str | None = None


def _times_new_roman() -> dict[str, Path] | None:
    candidates: list[tuple[Path, dict[str, str]]] = []
    if sys.platform.startswith("win"):
        candidates.append((Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts", _TIMES_FILES))
    candidates += [(Path("/usr/share/fonts/truetype/msttcorefonts"), _TIMES_LINUX),
                   (Path("/Library/Fonts"), {k: v.replace("_", " ") for k, v in _TIMES_LINUX.items()})]
    for folder, names in candidates:
        files = {variant: folder / name for variant, name in names.items()}
        if all(f.is_file() for f in files.values()):
            return files
    return None


def register_fonts() -> str:
    """Register the document font family once; returns the name of the font used («Times New Roman»...)."""
    global _registered
    if _registered:
        return _registered
    files = None if os.environ.get("PROFTRACK_BUNDLED_FONT") else _times_new_roman()
    used = "Times New Roman"
    if files is None:
        files = {v: resource_path("fonts", name) for v, name in _LIBERATION.items()}
        used = "Liberation Serif"
    for variant in _VARIANTS:
        pdfmetrics.registerFont(TTFont(_font_name(variant), str(files[variant])))
    pdfmetrics.registerFontFamily(FONT, normal=_font_name("regular"), bold=_font_name("bold"),
                                  italic=_font_name("italic"), boldItalic=_font_name("bolditalic"))
    _registered = used
    return used


def _font_name(variant: str) -> str:
    return FONT if variant == "regular" else f"{FONT}-{variant}"


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    bold: ParagraphStyle
    title: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    header_cell: ParagraphStyle
    right: ParagraphStyle
    small: ParagraphStyle


def styles(size: float = FONT_SIZE) -> Styles:
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=size, leading=size * 1.2)
    return Styles(
        body=body,
        bold=ParagraphStyle("bold", parent=body, fontName=_font_name("bold")),
        title=ParagraphStyle("title", parent=body, fontName=_font_name("bold"), alignment=TA_CENTER,
                             spaceBefore=6, spaceAfter=8),
        cell=ParagraphStyle("cell", parent=body, fontSize=size - 1, leading=(size - 1) * 1.18),
        cell_bold=ParagraphStyle("cell_bold", parent=body, fontName=_font_name("bold"), fontSize=size - 1,
                                 leading=(size - 1) * 1.18),
        header_cell=ParagraphStyle("header_cell", parent=body, fontName=_font_name("bold"), fontSize=size - 1,
                                   leading=(size - 1) * 1.18, alignment=TA_CENTER),
        right=ParagraphStyle("right", parent=body, alignment=TA_RIGHT),
        small=ParagraphStyle("small", parent=body, fontSize=size - 2, leading=(size - 2) * 1.2),
    )


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: markup characters escaped, line breaks kept."""
    from xml.sax.saxutils import escape
    return Paragraph(escape(text or "").replace("\n", "<br/>"), style)


GRID = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]


def build_pdf(path: Path | str, story: list[Flowable], *, landscape_pages: bool = False, title: str = "",
              footer: str = "") -> None:
    """Write `story` to A4 pages with margins of 20/15 mm and «Страница N» centred at the foot."""
    register_fonts()
    size = landscape(A4) if landscape_pages else portrait(A4)
    doc = BaseDocTemplate(str(path), pagesize=size, leftMargin=20 * mm, rightMargin=15 * mm, topMargin=15 * mm,
                          bottomMargin=18 * mm, title=title, author="ПрофТрек", creator="ПрофТрек")
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)

    def on_page(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(size[0] / 2, 9 * mm, f"Страница {document.page}")
        if footer:
            canvas.drawString(doc.leftMargin, 9 * mm, footer)
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="pages", frames=[frame], onPage=on_page)])
    doc.build(story)
