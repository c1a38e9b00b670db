"""The printed roadmap's page layout: the Word document's approval block and page numbers, and a goal of the
indicators table never separated from its indicators by a page break."""
from __future__ import annotations

import dataclasses

from app.services.roadmap.draft import ItemDraft, save_draft
from app.services.roadmap.operations import get_roadmap
from app.services.roadmap.printing import APPROVAL_WIDTH_MM, export_roadmap
from app.services.roadmap.templates import load_template
from app.services.text import squeeze
from tests.pdf_text import pdf_pages


def test_docx_approval_block_stands_at_the_right_left_aligned_and_pages_are_numbered(uow, tmp_path):
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm

    rid = save_draft(uow, load_template("school-kaliningrad-38"))
    document = docx.Document(str(export_roadmap(uow, rid, tmp_path / "plan.docx")))
    section = document.sections[0]
    content = section.page_width - section.left_margin - section.right_margin
    approval = document.paragraphs[:4]
    assert approval[0].text == "УТВЕРЖДАЮ" and "Борзенков" in approval[2].text
    for paragraph in approval:
        assert paragraph.alignment in (None, WD_ALIGN_PARAGRAPH.LEFT)
        assert abs(paragraph.paragraph_format.left_indent - (content - Mm(APPROVAL_WIDTH_MM))) < Mm(1)
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("Страница")
    instructions = [e.text for e in footer._p.iter(qn("w:instrText"))]
    assert [t.strip() for t in instructions] == ["PAGE"]


def test_a_goal_is_never_left_on_the_page_before_its_indicators(uow, tmp_path):
    template = load_template("school-kaliningrad-38")
    groups = []   # (goal words, names of the indicators under it that have no goal of their own)
    for ind in template.indicators:
        if ind.goal.strip():
            groups.append((squeeze(ind.goal).split()[:4], []))
        elif groups:
            groups[-1][1].append(squeeze(ind.name).split()[:5])
    groups = [g for g in groups if g[1]]
    assert groups, "the template has goals over several indicators"
    checked = 0
    for extra in range(0, 24, 2):
        filler = [ItemDraft(number=f"99.{n}", title=f"Дополнительное мероприятие {n}", responsible="Школа",
                            deadline="В течение года", expected_result="Итог")
                  for n in range(extra)]
        sections = list(template.sections)
        sections[-1] = dataclasses.replace(sections[-1], items=list(sections[-1].items) + filler)
        rid = save_draft(uow, dataclasses.replace(template, sections=sections, title=f"Карта {extra}"))
        pages = [squeeze(p) for p in pdf_pages(export_roadmap(uow, rid, tmp_path / f"plan{extra}.pdf"))]
        for goal, names in groups:
            for name in names:
                for page in pages:
                    if " ".join(name) in page:
                        checked += 1
                        assert " ".join(goal) in page, (extra, goal, name)
        assert get_roadmap(uow, rid).indicators
    assert checked >= 12
