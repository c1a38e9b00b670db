"""The class teacher's sheet prints as it is: one page wide, A4 portrait, a serif font, titles on every page."""
from __future__ import annotations

import openpyxl

from app.services.events.class_sheets import FIRST_ROW, MARK_SHEET, SHEET_FONT, export_class_sheet
from app.services.events.events import EventData, create_event
from tests.events_data import DAY, make_roster


def test_the_sheet_is_set_up_to_print_on_one_page_width_in_a_serif_font(uow, tmp_path):
    names = [f"Ученик{i} Иван" for i in range(30)]
    roster = make_roster(uow, classes={"7А": names})
    event = create_event(uow, EventData(title="Занятие курса «Россия — мои горизонты»: " + "очень " * 20 + "длинное",
                                        category="horizons", starts_on=DAY, target_grades="7"))
    path = export_class_sheet(uow, event, roster.classes["7А"], tmp_path / "7А.xlsx")
    ws = openpyxl.load_workbook(path)[MARK_SHEET]
    setup = ws.page_setup
    assert (setup.orientation, setup.fitToWidth, setup.fitToHeight) == ("portrait", 1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert str(setup.paperSize) == str(ws.PAPERSIZE_A4)
    assert ws.print_title_rows in (f"{FIRST_ROW - 1}:{FIRST_ROW - 1}", f"${FIRST_ROW - 1}:${FIRST_ROW - 1}")
    assert ws.print_area.endswith(f"$D${FIRST_ROW + 29}")
    used = {ws[f"{c}{r}"].font.name for r in range(2, FIRST_ROW + 30) for c in "ABC" if ws[f"{c}{r}"].value}
    assert used == {SHEET_FONT}
    assert ws["B3"].alignment.wrap_text and ws[f"B{FIRST_ROW}"].font.size == 12
