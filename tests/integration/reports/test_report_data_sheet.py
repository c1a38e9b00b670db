"""The hidden data sheet of the program's own report: it holds the school, the year, the set and every
indicator's numerator, denominator and value; the visible sheet stays first and unchanged; an edit by
hand (a visible figure or a hidden one) breaks the checksum."""
from __future__ import annotations

import pytest
from openpyxl import load_workbook

from app.services.errors import UserError
from app.services.indicators import compute_set
from app.services.reports import export_default_report
from app.services.reports.data_sheet import SHEET_TITLE, has_data_sheet, read_data_sheet
from tests.indicator_school import YEAR, build_school


@pytest.fixture
def report(database, uow, tmp_path):
    build_school(database)
    out = tmp_path / "отчёт.xlsx"
    export_default_report(uow, set_code="targets-shares", year=YEAR, out=out)
    return out


def test_data_sheet_carries_every_indicator(report, uow):
    wb = load_workbook(report)
    assert wb.sheetnames[0] == "Показатели" and wb.active.title == "Показатели"
    assert wb[SHEET_TITLE].sheet_state == "hidden" and wb[SHEET_TITLE].protection.sheet
    payload = read_data_sheet(wb, file_name=report.name)
    assert payload.school_short_name == "МАОУ СОШ № 38" and payload.municipality == "г. Калининград"
    assert (payload.start_year, payload.set_code) == (YEAR, "targets-shares")
    computed = compute_set(uow, set_code="targets-shares", year=YEAR)
    assert [i.code for i in payload.indicators] == [i.code for i in computed.indicators]
    for sheet, ind in zip(payload.indicators, computed.indicators):
        assert sheet.value == ind.value
        if ind.is_share:
            assert (sheet.measure, sheet.numerator, sheet.denominator) == ("share", ind.numerator, ind.denominator)
        else:
            assert sheet.measure == "count" and sheet.numerator == ind.value


def test_a_visible_value_edited_by_hand_is_detected(report):
    wb = load_workbook(report)
    ws = wb["Показатели"]
    assert isinstance(ws["E9"].value, float)
    ws["E9"] = ws["E9"].value + 1
    wb.save(report)
    with pytest.raises(UserError, match="изменён вручную"):
        read_data_sheet(load_workbook(report), file_name=report.name)


def test_a_hidden_value_edited_by_hand_is_detected(report):
    wb = load_workbook(report)
    ws = wb[SHEET_TITLE]
    row = next(r for r in ws.iter_rows() if r[0].value == "indicator")
    row[5].value = (row[5].value or 0) + 1
    wb.save(report)
    with pytest.raises(UserError, match="изменён вручную"):
        read_data_sheet(load_workbook(report), file_name=report.name)


def test_an_unchanged_report_saved_again_still_reads(report):
    wb = load_workbook(report)
    wb.save(report)
    assert has_data_sheet(load_workbook(report))
    assert read_data_sheet(load_workbook(report), file_name=report.name).set_code == "targets-shares"
