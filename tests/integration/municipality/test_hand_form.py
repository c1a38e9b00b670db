"""A school without ПрофТрек sends the same form filled by hand: its visible values are read — counts enter
the district's totals, shares (no numerator and denominator) do not, and the load says so."""
from __future__ import annotations

from openpyxl import Workbook

from app.services.indicators import load_set
from app.services.municipality import consolidate_files, district_summary
from tests.district_schools import YEAR, copy_reports

HAND_SCHOOL = "Муниципальное бюджетное общеобразовательное учреждение «Сельская школа № 4»"


def hand_form(path, set_code, values, *, year="2023/2024"):
    """The program's form as a person retypes it: title, the set's title, the school, the table."""
    ind_set = load_set(set_code)
    wb = Workbook()
    ws = wb.active
    ws.title = "Лист1"
    ws["A1"] = "Отчёт о значениях показателей профориентационной работы"
    ws["A2"] = ind_set.title
    ws["A4"], ws["B4"] = "Наименование ОО:", HAND_SCHOOL
    ws["A5"], ws["B5"] = "Муниципалитет:", "Светлоборский муниципальный округ"
    ws["A6"], ws["B6"] = "Учебный год:", year
    for col, title in enumerate(("№ п/п", "Наименование цели", "Наименование показателя", "Единица измерения",
                                 "Значение", "Целевое значение"), start=1):
        ws.cell(8, col, title)
    for row, ind in enumerate(ind_set.indicators, start=9):
        ws.cell(row, 1, ind.code)
        ws.cell(row, 2, ind.goal)
        ws.cell(row, 3, ind.name)
        ws.cell(row, 4, ind.unit)
        ws.cell(row, 5, values.get(ind.code, "—"))
    ws.cell(row + 2, 1, "Исполнитель:")
    ws.cell(row + 2, 2, "Иванова И.И., заместитель директора")
    wb.save(path)
    return path


def test_counts_of_a_hand_filled_form_enter_the_totals(district, muni_uow, tmp_path):
    files = copy_reports(district, "kaliningrad-school", tmp_path)
    consolidate_files(muni_uow, files)
    before = district_summary(muni_uow, year=YEAR, set_code="kaliningrad-school")
    form = hand_form(tmp_path / "школа4.xlsx", "kaliningrad-school", {"1.1": 1, "2": "12", "3": 7.0, "7": "3"})
    [outcome] = consolidate_files(muni_uow, [form])
    assert outcome.loaded, outcome.message
    after = district_summary(muni_uow, year=YEAR, set_code="kaliningrad-school")
    hand = next(s for s in after.schools if s.full_name == HAND_SCHOOL)
    assert hand.source == "hand"
    assert (hand.figures["2"].value, hand.figures["3"].value, hand.figures["4"].value) == (12, 7, None)
    assert after.total["2"].value == before.total["2"].value + 12
    assert after.total["3"].value == before.total["3"].value + 7
    assert after.total["4"].value == before.total["4"].value     # «—» adds nothing
    assert after.roadmaps_approved == before.roadmaps_approved + 1


def test_shares_of_a_hand_filled_form_are_shown_but_not_totalled(district, muni_uow, tmp_path):
    consolidate_files(muni_uow, copy_reports(district, "targets-shares", tmp_path))
    before = district_summary(muni_uow, year=YEAR, set_code="targets-shares")
    form = hand_form(tmp_path / "школа4.xlsx", "targets-shares", {"D1": "75,5%", "D9": 4})
    [outcome] = consolidate_files(muni_uow, [form])
    assert outcome.loaded
    assert any("D1" in note and "без числителя и знаменателя" in note for note in outcome.notes)
    after = district_summary(muni_uow, year=YEAR, set_code="targets-shares")
    hand = next(s for s in after.schools if s.full_name == HAND_SCHOOL)
    assert hand.figures["D1"].value == 75.5 and hand.figures["D1"].met is False
    assert after.total["D1"] == before.total["D1"]
    assert after.total["D9"].value == before.total["D9"].value + 4


def test_a_hand_filled_value_that_is_not_a_number_is_refused(muni_uow, municipal, tmp_path):
    form = hand_form(tmp_path / "школа4.xlsx", "kaliningrad-school", {"2": "много"})
    [outcome] = consolidate_files(muni_uow, [form])
    assert not outcome.loaded
    assert outcome.message == "Файл «школа4.xlsx», строка 12: значение «много» — не число."
    assert district_summary(muni_uow, year=YEAR, set_code="kaliningrad-school").schools == ()


def test_a_hand_filled_form_without_a_year_is_refused(muni_uow, tmp_path):
    form = hand_form(tmp_path / "школа4.xlsx", "kaliningrad-school", {}, year="")
    [outcome] = consolidate_files(muni_uow, [form])
    assert not outcome.loaded and "не указан учебный год" in outcome.message
