"""The ministry's Excel report: the program's own form, a ministry form with reworded rows and no
placeholders (formulas, merged cells, other sheets, styles and widths survive), a placeholders form,
the remembered mapping, and the `report` command."""
from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, PatternFill

from app.cli.main import run
from app.services.reports import export_default_report, fill_form, prepare_form, template_path
from tests.indicator_school import YEAR, build_school


@pytest.fixture
def db_path(engine_target):
    """Every test here runs on SQLite and on PostgreSQL: `--db` and `database` get a file or a server URL."""
    return engine_target

SCHOOL = ("Муниципальное автономное общеобразовательное учреждение города Калининграда средняя "
          "общеобразовательная школа № 38")
REWORDED = [  # (text in the ministry's words, unit, the indicator it means, its value in the test school)
    ("Наличие утверждённой дорожной карты по профориентации", "ед.", "1.1", 1),
    ("Число учащихся, посетивших предприятия и организации в рамках профориентационных мероприятий", "чел.", "2", 2),
    ("Число школьников 6–11 классов — участников профпроб проекта «Билет в будущее»", "чел.", "3", 2),
    ("Число обучающихся с ОВЗ и инвалидностью, участвовавших в профориентационных мероприятиях", "чел.", "4", 2),
    ("Количество педагогов, прошедших курсы повышения квалификации", "чел.", None, None),
    ("Число обучающихся, получивших консультационную помощь и психолого-педагогическую поддержку", "чел.", "7", 2),
    ("Число выпускников, поступивших в колледжи своего региона", "чел.", "10.3", 2),
    ("Число выпускников, поступивших в вузы своего региона", "чел.", "10.4", 1),
    ("Число выпускников, поступивших в колледжи и вузы по профилю обучения", "чел.", "10.2", 2),
]


@pytest.fixture
def school(database):
    build_school(database)


def ministry_form(path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Форма 1"
    ws.merge_cells("A1:E1")
    ws["A1"] = "Мониторинг профориентационной работы в общеобразовательной организации"
    ws["A3"] = "Наименование ОО:"
    ws.merge_cells("B3:E3")
    ws["A4"] = "Учебный год:"
    for col, title in enumerate(("№", "Показатель", "Ед. изм.", "2024/2025", "Примечание"), start=1):
        ws.cell(6, col, title).font = Font(bold=True)
        ws.cell(6, col).fill = PatternFill("solid", fgColor="DDEEFF")
    for n, (text, unit, _code, _value) in enumerate(REWORDED, start=1):
        ws.cell(6 + n, 1, n)
        ws.cell(6 + n, 2, text)
        ws.cell(6 + n, 3, unit)
    ws["D11"] = 7  # the ministry's own row, already filled in: never overwritten
    ws["B16"] = "Число участников конкурсов профориентационной направленности"
    ws["D16"] = "заполняет МОУО"  # not empty: our value must not replace it
    ws["B17"] = "Итого по строкам 2–4"
    ws["D17"] = "=SUM(D8:D10)"
    ws["A19"] = "Исполнитель:"
    ws.column_dimensions["B"].width = 71.5
    ref = wb.create_sheet("Справочник")
    ref["A1"] = "Код"
    ref["B1"] = "=\'Форма 1\'!D8*2"
    ref.merge_cells("A3:C3")
    ref["A3"] = "Не трогать"
    wb.save(path)
    return path


def test_reworded_form_without_placeholders(uow, school, tmp_path):
    form = ministry_form(tmp_path / "form.xlsx")
    mapping, _data = prepare_form(uow, form=form, set_code="kaliningrad-school", year=YEAR)
    assert mapping.mode == "rows" and not mapping.remembered
    expected = {f"ind:{code}": f"Форма 1!D{6 + n}" for n, (_t, _u, code, _v) in enumerate(REWORDED, start=1) if code}
    expected["ind:8"] = "Форма 1!D16"
    assert {k: v for k, v in mapping.cells.items() if k.startswith("ind:")} == expected
    assert mapping.cells["school.name"] == "Форма 1!B3"
    assert mapping.cells["year"] == "Форма 1!B4"
    assert mapping.cells["coordinator.name"] == "Форма 1!B19"

    out = tmp_path / "filled.xlsx"
    result = fill_form(uow, form=form, out=out, set_code="kaliningrad-school", year=YEAR, mapping=mapping)
    wb = load_workbook(out)
    ws = wb["Форма 1"]
    for n, (_text, _unit, code, value) in enumerate(REWORDED, start=1):
        if code:
            assert ws.cell(6 + n, 4).value == value, code
    assert ws["D11"].value == 7                       # the unrelated row: left as the ministry had it
    assert ws["D16"].value == "заполняет МОУО"         # not empty: not overwritten
    assert any("D16" in s and "не пуста" in s for s in result.skipped)
    assert ws["D17"].value == "=SUM(D8:D10)"
    assert ws["B3"].value == SCHOOL and ws["B4"].value == "2024/2025" and ws["B19"].value == "Пешков Е.О."
    assert "B3:E3" in {str(r) for r in ws.merged_cells.ranges} and "A1:E1" in {str(r) for r in ws.merged_cells.ranges}
    assert ws.column_dimensions["B"].width == 71.5
    assert ws["A6"].font.bold and ws["A6"].fill.fgColor.rgb.endswith("DDEEFF")
    ref = wb["Справочник"]
    assert ref["B1"].value == "='Форма 1'!D8*2" and ref["A3"].value == "Не трогать"
    assert "A3:C3" in {str(r) for r in ref.merged_cells.ranges}
    assert wb.sheetnames == ["Форма 1", "Справочник"]
    not_found = " ".join(result.not_found)
    assert "1.2." in not_found and "5." in not_found  # indicators the form does not ask for


def test_corrected_mapping_is_remembered_for_the_form(uow, school, tmp_path):
    form = ministry_form(tmp_path / "form.xlsx")
    mapping, _ = prepare_form(uow, form=form, set_code="kaliningrad-school", year=YEAR)
    # The user says row 11 (teachers) is not ours and moves indicator 2 to the «Итого» row's neighbour.
    mapping.cells["ind:2"] = "Форма 1!E8"
    del mapping.cells["ind:3"]
    fill_form(uow, form=form, out=tmp_path / "a.xlsx", set_code="kaliningrad-school", year=YEAR, mapping=mapping,
              remember=True)
    # Next year the ministry sends the same form with the new year in the header: same fingerprint.
    wb = load_workbook(form)
    wb["Форма 1"]["D6"] = "2025/2026"
    wb.save(tmp_path / "next.xlsx")
    again, _ = prepare_form(uow, form=tmp_path / "next.xlsx", set_code="kaliningrad-school", year=YEAR)
    assert again.remembered and again.cells == mapping.cells
    result = fill_form(uow, form=tmp_path / "next.xlsx", out=tmp_path / "b.xlsx", set_code="kaliningrad-school",
                       year=YEAR)
    ws = load_workbook(tmp_path / "b.xlsx")["Форма 1"]
    assert ws["E8"].value == 2 and ws["D8"].value is None and ws["D9"].value is None
    assert any(line.startswith("3.") for line in result.not_found)


def test_placeholders_form(uow, school, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "{{school.short_name}}"
    ws["A2"] = "Отчёт за {{year}} учебный год, исполнитель {{coordinator.name}}"
    ws["B3"] = "{{ind:D1}}"
    ws["B4"] = "{{ind:targets-shares:D3}}"
    ws["B5"] = "{{ind:profminimum:P1}}"
    ws["B6"] = "{{nonsense}}"
    ws["B7"] = "=B3+B4"
    ws["A8"] = "{{school.name}}"
    wb.create_sheet("Прочее")["A1"] = "{{ind:D9}}"
    wb.save(tmp_path / "ph.xlsx")
    result = fill_form(uow, form=tmp_path / "ph.xlsx", out=tmp_path / "out.xlsx", set_code="targets-shares",
                       year=YEAR)
    out = load_workbook(tmp_path / "out.xlsx")
    ws = out.active
    assert ws["A1"].value == "МАОУ СОШ № 38"
    assert ws["A2"].value == "Отчёт за 2024/2025 учебный год, исполнитель Пешков Е.О."
    assert ws["B3"].value == 37.5 and ws["B4"].value == 28.6
    assert ws["B5"].value == "{{ind:profminimum:P1}}" and ws["B6"].value == "{{nonsense}}"
    assert ws["B7"].value == "=B3+B4" and ws["A8"].value == SCHOOL
    assert out["Прочее"]["A1"].value == 2
    assert len(result.skipped) == 2
    assert "D2. Доля обучающихся 5-11 классов в открытых онлайн-уроках «ПроеКТОриЯ»" in result.not_found


def test_default_form(uow, school, tmp_path):
    assert template_path().is_file()
    out = tmp_path / "report.xlsx"
    export_default_report(uow, set_code="targets-shares", year=YEAR, out=out)
    ws = load_workbook(out).worksheets[0]
    rows = [[c.value for c in row] for row in ws.iter_rows()]
    header = rows.index(["№ п/п", "Наименование цели", "Наименование показателя", "Единица измерения", "Значение",
                         "Целевое значение"])
    body = rows[header + 1: header + 12]
    assert [r[0] for r in body] == ["D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "D9", "D10", "D12"]
    assert body[0][2:] == ["Доля обучающихся 5-11 классов, прошедших диагностику профессиональных предпочтений",
                           "%", 37.5, "не менее 80%"]
    assert body[3][5] == "—"
    assert ws["B4"].value == SCHOOL and ws["B6"].value == "2024/2025"
    assert any(r[0] == "Исполнитель:" and r[1] == "Пешков Е.О., учитель физики" for r in rows[header + 12:])
    assert ws.print_title_rows == "$8:$8" or ws.print_title_rows == "8:8"
    assert ws.print_area.endswith(f"$F${len(rows)}") and ws.page_setup.fitToWidth == 1
    assert not any("{{" in str(v) for r in rows for v in r if v)


def test_report_command(school, db_path, database, tmp_path, capsys):
    database.dispose()
    form = ministry_form(tmp_path / "form.xlsx")
    out = tmp_path / "out.xlsx"
    assert run(["report", "--year", "2024/2025", "--set", "kaliningrad-school", "--template", str(form),
                "--out", str(out), "--db", str(db_path)]) == 0
    printed = capsys.readouterr().out
    assert "Форма 1!D8 ← 2. Количество школьников" in printed and "Не найдено места в форме:" in printed
    assert load_workbook(out)["Форма 1"]["D14"].value == 1
    assert run(["report", "--year", "2024/2025", "--set", "profminimum", "--out", str(tmp_path / "d.xlsx"),
                "--db", str(db_path)]) == 0
    assert load_workbook(tmp_path / "d.xlsx").worksheets[0]["E9"].value == 14.3
    assert run(["report", "--year", "2024/2025", "--set", "profminimum", "--template", str(tmp_path / "no.xlsx"),
                "--out", str(out), "--db", str(db_path)]) == 1
    assert "не найден" in capsys.readouterr().err


def test_indicator_report_pdf(uow, school, tmp_path):
    from app.services.reports.pdf import export_indicator_pdf
    from tests.pdf_text import pdf_text
    out = tmp_path / "report.pdf"
    export_indicator_pdf(uow, set_code="targets-shares", year=YEAR, out=out)
    text = " ".join(pdf_text(out).split())
    assert "Учебный год: 2024/2025" in text and "Наименование показателя" in text
    assert "37,5" in text and "не менее 80% — не достигнута" in text and "28,6" in text
    assert "Исполнитель: Пешков Е.О., учитель физики" in text and "Страница 1" in text


def test_default_form_rows_are_tall_enough_for_their_wrapped_text(uow, school, tmp_path):
    """Excel and LibreOffice keep a row's stored height when they open a file: a row whose indicator wraps onto
    three lines in its column must be given three lines, and the labels must fit their column."""
    from app.services.reports.default_form import CHARS_PER_WIDTH, LINE_HEIGHT

    out = tmp_path / "report.xlsx"
    export_default_report(uow, set_code="targets-shares", year=YEAR, out=out)
    ws = load_workbook(out).worksheets[0]
    per_line = ws.column_dimensions["C"].width * CHARS_PER_WIDTH
    for row in ws.iter_rows(min_row=9):
        name = row[2].value
        if row[0].value and str(row[0].value).startswith("D") and name:
            assert ws.row_dimensions[row[0].row].height >= LINE_HEIGHT * -(-len(name) // per_line), name
    labels = [c.value for c in ws["A"] if isinstance(c.value, str) and c.value.endswith(":")]
    assert "Наименование ОО:" in labels
    assert max(len(label) for label in labels) <= ws.column_dimensions["A"].width
