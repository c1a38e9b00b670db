"""The printed roadmap read back: every item's text, the header on every page of the table, the approval
block, indicators and «Исполнитель»; the DOCX export with its repeated header row and landscape page."""
from __future__ import annotations

import pytest

from app.cli.main import run as cli_run
from app.services.roadmap.operations import get_roadmap, set_item_status
from app.services.roadmap.draft import ItemDraft, RoadmapDraft, SectionDraft, save_draft
from app.services.roadmap.printing import INDICATOR_HEADERS, ITEM_HEADERS, PrintOptions, export_roadmap
from app.services.roadmap.templates import load_template
from app.services.school.details import SchoolDetails, save_school
from app.services.text import squeeze
from tests.pdf_text import pdf_pages


@pytest.fixture
def db_path(engine_target):
    """Every test here runs on SQLite and on PostgreSQL: `--db` and `database` get a file or a server URL."""
    return engine_target

CODES = ["school-kaliningrad-38", "district-targets-shares", "region-kaliningrad-2020-2022"]


def folded(text: str) -> str:
    return squeeze(text).replace("- ", "-")


def words_in_order(text: str, whole_words: list[str], start: int = 0) -> bool:
    """Every word of `text` appears in `whole_words` in order (a row split across pages has the page
    foot and the repeated header between its parts)."""
    i = start
    for word in squeeze(text).split():
        try:
            i = whole_words.index(word, i) + 1
        except ValueError:
            return False
    return True


@pytest.mark.parametrize("code", CODES)
def test_pdf_has_every_item_and_header_on_every_page(uow, tmp_path, code):
    rid = save_draft(uow, load_template(code))
    path = export_roadmap(uow, rid, tmp_path / "plan.pdf")
    pages = pdf_pages(path)
    assert len(pages) > 2
    whole = folded(" ".join(pages))
    whole_words = squeeze(" ".join(pages)).split(" ")
    view = get_roadmap(uow, rid)
    for item in view.all_items():
        for text in (item.title, item.responsible, item.deadline, item.expected_result):
            assert words_in_order(text, whole_words), (item.number, text[:60])
    for section in view.all_sections():
        assert folded(section.heading) in whole
    assert "УТВЕРЖДАЮ" in pages[0] and folded(view.title) in folded(pages[0])
    last_item_page = max(i for i, p in enumerate(pages) if folded(view.all_items()[-1].title[-30:]) in folded(p)
                         or folded(view.all_items()[-1].deadline) in folded(p))
    for number, page in enumerate(pages[:last_item_page + 1], start=1):
        flat = folded(page)
        assert "№ п/п" in flat and "Наименование мероприятия" in flat and "Ответственный исполнитель" in flat, number
        assert f"Страница {number}" in flat
    for indicator in view.indicators:
        assert folded(indicator.name) in whole


def header_at_top_only(pages: list[str], headers: tuple[str, ...], first_row_text: str) -> list[str]:
    """What is wrong with where a table's header row (`headers`, told by its second cell) stands on each page:
    it must occur exactly once on every page the table is on (none elsewhere), on the first page before the first
    row's text, on every other page before anything else."""
    header = headers[1]
    wrong: list[str] = []
    on = [i for i, p in enumerate(pages) if header in folded(p)]
    if not on:
        return [f"no «{header}» at all"]
    for i, page in enumerate(pages):
        flat = folded(page).replace(f"Страница {i + 1}", "", 1).strip()
        count = flat.count(header)
        if on[0] <= i <= on[-1] and count != 1:
            wrong.append(f"page {i + 1}: «{header}» {count} times")
        elif count == 0:
            continue
        before = flat[:flat.index(header)]
        for cell in headers:
            before = before.replace(cell, "")
        before = before.strip()
        if i == on[0]:
            if folded(first_row_text)[:40] in before:
                wrong.append(f"page {i + 1}: the first row before the header")
        elif before:
            wrong.append(f"page {i + 1}: «{before[:50]}» above the header")
    return wrong


@pytest.mark.parametrize("code", CODES)
def test_pdf_header_only_at_the_top_of_each_page(uow, tmp_path, code):
    rid = save_draft(uow, load_template(code))
    pages = pdf_pages(export_roadmap(uow, rid, tmp_path / "plan.pdf"))
    view = get_roadmap(uow, rid)
    assert header_at_top_only(pages, ITEM_HEADERS, view.all_items()[0].title) == []
    if view.indicators:
        assert header_at_top_only(pages, INDICATOR_HEADERS, view.indicators[0].name) == []


@pytest.mark.parametrize("code", CODES)
def test_pdf_section_heading_never_ends_a_page(uow, tmp_path, code):
    rid = save_draft(uow, load_template(code))
    pages = pdf_pages(export_roadmap(uow, rid, tmp_path / "plan.pdf"))
    headings = [folded(s.heading) for s in get_roadmap(uow, rid).all_sections() if s.heading]
    for number, page in enumerate(pages[:-1], start=1):
        assert not any(folded(page).endswith(h) for h in headings), number


def test_pdf_row_taller_than_a_page_is_split_and_kept_whole(uow, tmp_path):
    long_result = " ".join(f"результат{n}" for n in range(300))     # some three pages of one cell

    def item(n: int) -> ItemDraft:
        return ItemDraft(number=str(n), title=f"Мероприятие {n}", responsible="Администрация школы",
                         deadline="В течение года", expected_result=long_result if n == 3 else f"Итог {n}")

    draft = RoadmapDraft(title="Карта с длинной строкой", sections=[
        SectionDraft(number="1", title="Раздел первый", items=[item(1), item(2)]),
        SectionDraft(number="2", title="Раздел второй", items=[item(3), item(4), item(5)])])
    rid = save_draft(uow, draft)
    pages = pdf_pages(export_roadmap(uow, rid, tmp_path / "plan.pdf"))
    assert len(pages) >= 4
    # the tall row begins right under the rows before it, with its section heading
    assert "2. Раздел второй" in pages[0] and "Мероприятие 3" in pages[0]
    assert header_at_top_only(pages, ITEM_HEADERS, "Мероприятие 1") == []
    assert words_in_order(long_result, squeeze(" ".join(pages)).split(" "))
    whole = folded(" ".join(pages))
    assert all(f"Мероприятие {n}" in whole and f"Итог {n}" in whole for n in (1, 2, 4, 5))


def test_pdf_approval_and_executor(uow, tmp_path):
    rid = save_draft(uow, load_template("school-kaliningrad-38"))
    pages = pdf_pages(export_roadmap(uow, rid, tmp_path / "plan.pdf"))
    first = folded(pages[0])
    assert "Директор МАОУ СОШ № 38" in first and "В.В. Борзенков" in first and "«19» августа 2023 г." in first
    whole = folded(" ".join(pages))
    assert "Исполнитель: Прядухин Д.В.," in whole and "Показатели развития системы профессиональной" in whole


def test_executor_from_the_school_coordinator_and_status_column(uow, tmp_path):
    save_school(uow, SchoolDetails(full_name="МБОУ СОШ № 1", coordinator_name="Петрова А.И.",
                                   coordinator_position="педагог-навигатор", coordinator_phone="+7 900 000-00-00"))
    rid = save_draft(uow, load_template("district-targets-shares"))
    item = get_roadmap(uow, rid).all_items()[0]
    set_item_status(uow, item.id, year=2026, status="done", note="Назначен приказом")
    pages = pdf_pages(export_roadmap(uow, rid, tmp_path / "plan.pdf", options=PrintOptions(status_year=2026)))
    whole = folded(" ".join(pages))
    assert "Исполнитель: Петрова А.И., педагог-навигатор" in whole and "+7 900 000-00-00" in whole
    assert "Отметка о выполнении (2026/2027)" in whole and "выполнено" in whole and "Назначен приказом" in whole
    assert "«__» ____________ 20__ г." in whole


def test_docx_export(uow, tmp_path):
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn

    rid = save_draft(uow, load_template("region-kaliningrad-2020-2022"))
    path = export_roadmap(uow, rid, tmp_path / "plan.docx")
    document = docx.Document(str(path))
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE
    table = document.tables[0]
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells][:5] == ["№ п/п", "Наименование мероприятия", "Ответственный исполнитель",
                                                  "Срок реализации", "Ожидаемый результат"]
    section_row = table.rows[1]
    assert len(section_row._tr.tc_lst) == 1 and section_row.cells[0].text.startswith("1. Сопровождение")
    text = "\n".join(c.text for row in table.rows for c in row.cells)
    for item in get_roadmap(uow, rid).all_items():
        assert item.title in text
    assert len(document.tables) == 2  # the indicators table


def test_cli_export_current_roadmap(db_path, tmp_path, capsys, database, uow):
    save_draft(uow, load_template("school-kaliningrad-38"), make_current=True)
    out = tmp_path / "карта.pdf"
    assert cli_run(["export-roadmap", "--out", str(out), "--db", str(db_path)]) == 0
    assert out.stat().st_size > 10_000 and "Разработка и утверждение плана" in folded(" ".join(pdf_pages(out)))
    assert cli_run(["export-roadmap", "--out", str(tmp_path / "x.txt"), "--db", str(db_path)]) == 1
    assert "PDF" in capsys.readouterr().err
