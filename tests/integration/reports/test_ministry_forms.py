"""Ministry forms in layouts the program has not seen in its own resources, built here with openpyxl and
filled from the test school: the year in a line above the table, two year columns with last year
pre-filled, a per-grade matrix under a merged «Параллель» header with «Всего», a form with a formula and
a second sheet, and a form where nothing matches (not saved, exit 1). Every value cell is checked against
the indicator engine."""
from __future__ import annotations

import json

import pytest
from openpyxl import Workbook, load_workbook

from app.cli.main import run
from app.services.indicators import compute_set
from app.services.indicators.counts import plain_counts
from app.services.errors import UserError
from app.services.reports import fill_form, prepare_form
from tests.indicator_school import PREVIOUS, YEAR, build_school

SET = "kaliningrad-school"
ROWS = [  # the ministry's wording → the indicator it means
    ("Число учащихся, посетивших предприятия и организации в рамках профориентационных мероприятий", "2"),
    ("Число школьников 6–11 классов — участников профпроб проекта «Билет в будущее»", "3"),
    ("Число обучающихся с ОВЗ и инвалидностью, участвовавших в профориентационных мероприятиях", "4"),
    ("Число обучающихся, получивших консультационную помощь и психолого-педагогическую поддержку", "7"),
]


@pytest.fixture
def school(database):
    build_school(database)


def engine(uow, *, year=YEAR, grades=None):
    return compute_set(uow, set_code=SET, year=year, grades=grades)


def year_above_form(path):
    """The form of issue 14: the year in lines above the table, «Значение» in the header."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Отчёт"
    ws["A1"] = "Сведения о профориентационной работе"
    ws["A2"] = "Учебный год: 2024/2025"
    ws["A3"] = "Отчётный период: 01.09.2024 – 31.08.2025"
    for col, title in enumerate(("№ п/п", "Наименование показателя", "Единица измерения", "Значение"), start=1):
        ws.cell(5, col, title)
    for col in range(1, 5):
        ws.cell(6, col, col)  # the row of column numbers under the header
    for n, (text, _code) in enumerate(ROWS, start=1):
        ws.cell(6 + n, 1, n)
        ws.cell(6 + n, 2, text)
        ws.cell(6 + n, 3, "чел.")
    ws["B12"] = "Количество педагогов, прошедших курсы повышения квалификации"
    wb.save(path)
    return path


def test_year_in_a_line_above_the_table_is_not_the_value_column(uow, school, tmp_path):
    form = year_above_form(tmp_path / "form.xlsx")
    result = fill_form(uow, form=form, out=tmp_path / "out.xlsx", set_code=SET, year=YEAR)
    ws = load_workbook(tmp_path / "out.xlsx")["Отчёт"]
    values = engine(uow)
    for n, (_text, code) in enumerate(ROWS, start=1):
        assert ws.cell(6 + n, 4).value == values.get(code).value, code
        assert ws.cell(6 + n, 3).value == "чел."          # the unit column is not ours
    assert [ws.cell(7, c).value for c in (4,)] == [2]
    assert ws["A2"].value == "Учебный год: 2024/2025" and ws["D6"].value == 4
    assert ws["D12"].value is None
    assert result.values_written == 4 and result.form_rows == 5 and result.filled_rows == 4
    assert result.unfilled_rows == ["лист «Отчёт», строка 12: Количество педагогов, прошедших курсы повышения "
                                    "квалификации"]
    assert result.summary() == "Заполнено строк формы: 4 из 5 (записано значений: 4)."


def two_years_form(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Мониторинг"
    ws["A1"] = "Показатели профориентации за 2024/2025 учебный год"
    header = ("№", "Показатель", "2023/2024 уч. г.", "за 2024/2025 учебный год", "План на 2025/2026")
    for col, title in enumerate(header, start=1):
        ws.cell(3, col, title)
    for n, (text, _code) in enumerate(ROWS, start=1):
        ws.cell(3 + n, 1, n)
        ws.cell(3 + n, 2, text)
    ws["C4"] = 11          # last year, as the ministry has it already
    ws["C6"] = "нет данных"
    ws["E4"] = 15          # the plan: never ours
    wb.save(path)
    return path


def test_two_year_columns_fill_the_reporting_year_and_only_empty_cells_of_last_year(uow, school, tmp_path):
    result = fill_form(uow, form=two_years_form(tmp_path / "f.xlsx"), out=tmp_path / "o.xlsx", set_code=SET,
                       year=YEAR)
    ws = load_workbook(tmp_path / "o.xlsx")["Мониторинг"]
    now, before = engine(uow), engine(uow, year=PREVIOUS)
    for n, (_text, code) in enumerate(ROWS, start=1):
        assert ws.cell(3 + n, 4).value == now.get(code).value, code
    assert ws["C4"].value == 11 and ws["C6"].value == "нет данных"      # pre-filled: left as they were
    assert ws["C5"].value == before.get("3").value and ws["C7"].value == before.get("7").value
    assert ws["E4"].value == 15 and all(ws.cell(r, 5).value is None for r in (5, 6, 7))
    assert result.values_written == 4
    assert any("прошлого года (2023/2024)" in w and ": 2." in w for w in result.warnings)
    assert not any("C4" in s or "C6" in s for s in result.skipped)   # theirs, not a failure of ours


def grade_matrix_form(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "По параллелям"
    ws["A1"] = "Учебный год: 2024/2025"
    ws.merge_cells("A3:A4")
    ws["A3"] = "Наименование показателя"
    ws.merge_cells("B3:G3")
    ws["B3"] = "Параллель"
    for n, grade in enumerate(range(6, 12)):
        ws.cell(4, 2 + n, f"{grade} класс")
    ws.merge_cells("H3:H4")
    ws["H3"] = "Всего"
    ws["A5"] = "Численность обучающихся"
    ws["A6"] = "из них с ОВЗ"
    ws["A7"] = ROWS[1][0]
    ws["A8"] = ROWS[2][0]
    wb.save(path)
    return path


def test_per_grade_matrix_under_a_merged_header(uow, school, tmp_path):
    result = fill_form(uow, form=grade_matrix_form(tmp_path / "g.xlsx"), out=tmp_path / "o.xlsx", set_code=SET,
                       year=YEAR)
    ws = load_workbook(tmp_path / "o.xlsx")["По параллелям"]
    rows = {r: [ws.cell(r, c).value for c in range(2, 9)] for r in (5, 6, 7, 8)}
    # The test school: grades 7 (2 students, one with ОВЗ), 9 (2, one with инвалидность), 11 (3, one with ОВЗ),
    # and grades 3 and 5 outside the matrix but inside «Всего».
    assert rows[5] == [0, 2, 0, 2, 0, 3, 10]
    assert rows[6] == [0, 1, 0, 1, 0, 1, 3]
    assert rows[7] == [0, 2, 0, 0, 0, 0, 2]
    assert rows[8] == [0, 1, 0, 1, 0, 0, 2]
    for n, grade in enumerate(range(6, 12)):
        by_grade = engine(uow, grades=(grade,))
        assert rows[7][n] == by_grade.get("3").value and rows[8][n] == by_grade.get("4").value
        assert rows[5][n] == plain_counts(uow, year=YEAR, grades=(grade,))["enrolled"]
    whole = engine(uow)
    assert rows[7][-1] == whole.get("3").value and rows[8][-1] == whole.get("4").value
    assert rows[5][-1] == plain_counts(uow, year=YEAR)["enrolled"]
    assert result.form_rows == 4 and result.filled_rows == 4 and result.values_written == 28


def test_a_level_breakdown_and_a_share_per_grade(uow, school, tmp_path):
    wb = Workbook()
    ws = wb.active
    for col, title in enumerate(("Показатель", "ООО (5–9 классы)", "СОО", "Итого"), start=1):
        ws.cell(1, col, title)
    ws["A2"] = "Численность обучающихся"
    ws["A3"] = "Доля обучающихся 5-11 классов, прошедших диагностику профессиональных предпочтений"
    wb.save(tmp_path / "l.xlsx")
    fill_form(uow, form=tmp_path / "l.xlsx", out=tmp_path / "o.xlsx", set_code="targets-shares", year=YEAR)
    out = load_workbook(tmp_path / "o.xlsx").active
    assert [out.cell(2, c).value for c in (2, 3, 4)] == [5, 3, 10]
    basic = compute_set(uow, set_code="targets-shares", year=YEAR, grades=(5, 6, 7, 8, 9)).get("D1")
    senior = compute_set(uow, set_code="targets-shares", year=YEAR, grades=(10, 11)).get("D1")
    assert out["B3"].value == basic.value and basic.denominator == 5
    assert out["C3"].value == (senior.value if senior.value is not None else "—")
    assert out["D3"].value == compute_set(uow, set_code="targets-shares", year=YEAR).get("D1").value == 37.5


def formula_form(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Форма"
    for col, title in enumerate(("№", "Показатель", "Ед.", "Факт", "Целевое значение"), start=1):
        ws.cell(2, col, title)
    for n, (text, _code) in enumerate(ROWS, start=1):
        ws.cell(2 + n, 1, n)
        ws.cell(2 + n, 2, text)
        ws.cell(2 + n, 3, "чел.")
        ws.cell(2 + n, 5, "не менее 1")
    ws["B7"] = "Итого участников (строки 1–3)"
    ws["D7"] = "=SUM(D3:D5)"
    ref = wb.create_sheet("Пояснения")
    ref["A1"] = "Показатель"
    ref["B1"] = "Значение"
    ref["A2"] = "Заполняется автоматически"
    ref["B2"] = "=Форма!D3*2"
    wb.save(path)
    return path


def test_form_with_a_formula_and_a_second_sheet(uow, school, tmp_path):
    fill_form(uow, form=formula_form(tmp_path / "f.xlsx"), out=tmp_path / "o.xlsx", set_code=SET, year=YEAR)
    wb = load_workbook(tmp_path / "o.xlsx")
    ws = wb["Форма"]
    values = engine(uow)
    assert [ws.cell(r, 4).value for r in range(3, 7)] == [values.get(c).value for _t, c in ROWS]
    assert ws["D7"].value == "=SUM(D3:D5)" and [ws.cell(r, 5).value for r in range(3, 7)] == ["не менее 1"] * 4
    assert wb.sheetnames == ["Форма", "Пояснения"]
    ref = wb["Пояснения"]
    assert ref["B2"].value == "=Форма!D3*2" and ref["A2"].value == "Заполняется автоматически"
    assert ref["B1"].value == "Значение"


def unrelated_form(path):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "Учебный год: 2024/2025"
    for col, title in enumerate(("Показатель", "Значение"), start=1):
        ws.cell(3, col, title)
    ws["A4"] = "Количество педагогов, прошедших курсы повышения квалификации"
    ws["A5"] = "Площадь спортивного зала"
    wb.save(path)
    return path


def test_a_form_where_nothing_matches_is_not_saved_and_exits_1(school, db_path, database, tmp_path, capsys, uow):
    form = unrelated_form(tmp_path / "u.xlsx")
    with pytest.raises(UserError, match="ни одно значение показателя не записано"):
        fill_form(uow, form=form, out=tmp_path / "x.xlsx", set_code=SET, year=YEAR)
    database.dispose()
    out = tmp_path / "out.xlsx"
    assert run(["report", "--year", "2024/2025", "--set", SET, "--template", str(form), "--out", str(out),
                "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert not out.exists()
    assert "строка 4: Количество педагогов" in err and "строка 5: Площадь спортивного зала" in err


def test_a_form_whose_cells_are_all_taken_is_not_a_success(uow, school, tmp_path):
    form = year_above_form(tmp_path / "f.xlsx")
    wb = load_workbook(form)
    for r in range(7, 11):
        wb.active.cell(r, 4, "x")
    wb.save(form)
    with pytest.raises(UserError) as error:
        fill_form(uow, form=form, out=tmp_path / "o.xlsx", set_code=SET, year=YEAR)
    assert "D7: ячейка не пуста" in str(error.value) and not (tmp_path / "o.xlsx").exists()


def test_saved_mapping_round_trip_through_the_command(school, db_path, database, tmp_path, capsys):
    database.dispose()
    form = year_above_form(tmp_path / "f.xlsx")
    saved = tmp_path / "map.json"
    args = ["report", "--year", "2024/2025", "--set", SET, "--template", str(form), "--db", str(db_path)]
    assert run([*args, "--out", str(tmp_path / "a.xlsx"), "--save-mapping", str(saved)]) == 0
    printed = capsys.readouterr().out
    assert "Заполнено строк формы: 4 из 5" in printed and "строка 12: Количество педагогов" in printed
    cells = json.loads(saved.read_text(encoding="utf-8"))["cells"]
    assert cells["ind:2"] == "Отчёт!D7"
    # The coordinator says row 12 holds indicator 8 and row 7 is not to be filled.
    del cells["ind:2"]
    cells["ind:8"] = "Отчёт!D12"
    saved.write_text(json.dumps({"cells": cells}, ensure_ascii=False), encoding="utf-8")
    assert run([*args, "--out", str(tmp_path / "b.xlsx"), "--mapping", str(saved)]) == 0
    ws = load_workbook(tmp_path / "b.xlsx")["Отчёт"]
    assert ws["D7"].value is None and ws["D12"].value == 2 and ws["D8"].value == 2
    saved.write_text("{не json", encoding="utf-8")
    assert run([*args, "--out", str(tmp_path / "c.xlsx"), "--mapping", str(saved)]) == 1
    assert "map.json" in capsys.readouterr().err


def test_dialog_choices_point_a_row_to_a_figure(uow, school, tmp_path):
    mapping, data = prepare_form(uow, form=grade_matrix_form(tmp_path / "g.xlsx"), set_code=SET, year=YEAR)
    rows = {c.row: c for c in mapping.candidates}
    assert mapping.row_choice(rows[5]) == "count:enrolled" and mapping.row_choice(rows[6]) == "count:enrolled_ovz"
    mapping.set_row(rows[5], "ind:7")
    mapping.set_row(rows[6], None)
    assert mapping.cells["ind:7"] == "По параллелям!H5" and mapping.cells["ind:7@9"] == "По параллелям!E5"
    assert not any(v.endswith("!B6") or v.endswith("!H6") for v in mapping.cells.values())
    assert "count:enrolled" not in mapping.cells


def test_numbers_for_grades_under_a_merged_header_and_a_title_row_that_heads_nothing(uow, school, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "Показатели профориентационной работы"   # a title naming «Показатели»: not the table's header
    ws["F1"] = "Форма 3-ПО"
    ws["A3"] = "Показатель"
    ws.merge_cells("B3:D3")
    ws["B3"] = "Классы"
    ws["E3"] = "Итого"
    for n, grade in enumerate((7, 9, 11)):
        ws.cell(4, 2 + n, grade)                           # bare numbers, as ministries type them
    ws["A5"] = "Численность обучающихся"
    ws["A6"] = "в том числе с ОВЗ"
    wb.save(tmp_path / "n.xlsx")
    result = fill_form(uow, form=tmp_path / "n.xlsx", out=tmp_path / "o.xlsx", set_code=SET, year=YEAR)
    out = load_workbook(tmp_path / "o.xlsx").active
    assert [out.cell(5, c).value for c in range(2, 6)] == [2, 2, 3, 10]
    assert [out.cell(6, c).value for c in range(2, 6)] == [1, 1, 1, 3]
    assert [out.cell(4, c).value for c in range(2, 5)] == [7, 9, 11] and out["F1"].value == "Форма 3-ПО"
    assert result.filled_rows == result.form_rows == 2


def test_a_manual_value_in_the_total_is_said_beside_the_counted_grades(uow, school, tmp_path):
    from app.services.indicators import set_manual_value
    set_manual_value(uow, set_code=SET, indicator_code="4", year=YEAR, value=9, note="по данным журнала")
    result = fill_form(uow, form=grade_matrix_form(tmp_path / "g.xlsx"), out=tmp_path / "o.xlsx", set_code=SET,
                       year=YEAR)
    ws = load_workbook(tmp_path / "o.xlsx")["По параллелям"]
    assert [ws.cell(8, c).value for c in range(2, 9)] == [0, 1, 0, 1, 0, 0, 9]
    assert any(w.startswith("Показатель 4 введён вручную") for w in result.warnings)
