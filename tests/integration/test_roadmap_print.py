"""The printed roadmap read back: every item's text, the header on every page of the table, the approval
block, indicators and «Исполнитель»; the DOCX export with its repeated header row and landscape page."""
from __future__ import annotations

import pytest

from app.cli.main import run as cli_run
from app.services.roadmap import get_roadmap, set_item_status
from app.services.roadmap_draft import save_draft
from app.services.roadmap_print import PrintOptions, export_roadmap
from app.services.roadmap_templates import load_template
from app.services.school import SchoolDetails, save_school
from app.services.text import squeeze
from tests.pdf_text import pdf_pages

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
