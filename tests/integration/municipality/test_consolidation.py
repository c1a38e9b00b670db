"""Three schools built with the program, their reports exported, consolidated in a municipal database: every
total equals the sum computed from the schools' own indicator results; loading again changes nothing; a
report changed by hand, and a file that is not a report, are refused and nothing is written."""
from __future__ import annotations

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from app.models import DistrictSchool, ReportLoad, SchoolReport, SchoolReportValue
from app.services.access import system_actor
from app.services.indicators import compute_set
from app.services.indicators.compute import one_decimal, percent
from app.services.municipality import consolidate_files, district_summary
from app.services.storage.migrations import open_database
from app.services.uow import UnitOfWork
from tests.district_schools import SETS, YEAR, copy_reports


def own_results(district, set_code):
    results = []
    for school in district:
        database = open_database(school.db_path)
        try:
            results.append(compute_set(UnitOfWork(database, system_actor()), set_code=set_code, year=YEAR))
        finally:
            database.dispose()
    return results


def counts(database):
    with database.session() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) for t in
                     (DistrictSchool, SchoolReport, SchoolReportValue, ReportLoad))


@pytest.mark.parametrize("set_code", SETS)
def test_every_total_is_the_sum_of_the_schools_own_results(district, muni_uow, set_code, tmp_path):
    outcomes = consolidate_files(muni_uow, copy_reports(district, set_code, tmp_path))
    assert [o.loaded for o in outcomes] == [True, True, True], [o.message for o in outcomes]
    assert not any(o.replaced for o in outcomes)
    summary = district_summary(muni_uow, year=YEAR, set_code=set_code)
    assert [s.full_name for s in summary.schools] == sorted(s.full_name for s in district)
    assert summary.missing == ()
    results = own_results(district, set_code)
    by_name = {s.full_name: s for s in summary.schools}
    checked_shares = 0
    for head in summary.indicators:
        own = [r.get(head.code) for r in results]
        for school, ind in zip(district, own):
            figure = by_name[school.full_name].figures[head.code]
            assert (figure.value, figure.denominator) == (ind.value, ind.denominator), (school.short_name, head.code)
        total = summary.total[head.code]
        if head.measure == "count":
            assert total.value == sum(i.value for i in own), head.code
        else:
            numerator = sum(i.numerator for i in own)
            denominator = sum(i.denominator for i in own)
            assert (total.numerator, total.denominator) == (numerator, denominator), head.code
            expected = percent(numerator, denominator) if head.measure == "share" else (
                one_decimal(numerator / denominator) if denominator else None)
            assert total.value == expected, head.code
            checked_shares += 1
            # Never an average of the schools' percentages (the schools differ in size).
        target = next(d for d in results[0].indicators if d.code == head.code).target
        if target is not None and total.value is not None:
            assert total.met is not None
    assert checked_shares or set_code == "kaliningrad-school"
    if set_code == "kaliningrad-school":
        assert summary.roadmaps_approved == sum(1 for r in results if r.get("1.1").value == 1)
        assert summary.total["1.1"].value == summary.roadmaps_approved


def test_a_share_is_not_an_average_of_percentages(district, muni_uow, tmp_path):
    consolidate_files(muni_uow, copy_reports(district, "targets-shares", tmp_path))
    summary = district_summary(muni_uow, year=YEAR, set_code="targets-shares")
    results = own_results(district, "targets-shares")
    differs = [h.code for h in summary.indicators if h.measure == "share"
               and summary.total[h.code].value is not None
               and summary.total[h.code].value != one_decimal(sum(r.get(h.code).value for r in results) / 3)]
    assert differs, "the schools' sizes differ: some share must differ from the plain average"


def test_loading_the_same_reports_again_changes_nothing(district, muni_uow, municipal, tmp_path):
    files = copy_reports(district, "profminimum", tmp_path)
    consolidate_files(muni_uow, files)
    before = district_summary(muni_uow, year=YEAR, set_code="profminimum")
    schools, reports, values, loads = counts(municipal)
    again = consolidate_files(muni_uow, files)
    assert all(o.loaded and o.replaced for o in again)
    assert all("заменён" in o.message and "дважды не считается" in o.message for o in again)
    after = district_summary(muni_uow, year=YEAR, set_code="profminimum")
    assert after.total == before.total
    assert [(s.name, s.figures) for s in after.schools] == [(s.name, s.figures) for s in before.schools]
    assert counts(municipal) == (schools, reports, values, loads + 3)


def test_a_report_edited_by_hand_is_refused_and_nothing_is_written(district, muni_uow, municipal, tmp_path):
    files = copy_reports(district, "kaliningrad-school", tmp_path)
    wb = load_workbook(files[1])
    ws = wb["Показатели"]
    row = next(r for r in range(9, ws.max_row + 1) if isinstance(ws.cell(r, 5).value, (int, float)))
    ws.cell(row, 5).value = ws.cell(row, 5).value + 5
    wb.save(files[1])
    outcomes = consolidate_files(muni_uow, [files[1]])
    assert not outcomes[0].loaded
    assert files[1].name in outcomes[0].message and "изменён вручную" in outcomes[0].message
    assert counts(municipal) == (0, 0, 0, 0)
    # The other schools' files still load; the edited one does not.
    outcomes = consolidate_files(muni_uow, files)
    assert [o.loaded for o in outcomes] == [True, False, True]
    assert counts(municipal)[:2] == (2, 2)


def test_files_that_are_not_reports_are_refused(muni_uow, municipal, tmp_path):
    table = tmp_path / "список.xlsx"
    wb = Workbook()
    wb.active.append(["Фамилия", "Имя"])
    wb.save(table)
    text = tmp_path / "письмо.xlsx"
    text.write_text("не Excel", encoding="utf-8")
    outcomes = consolidate_files(muni_uow, [table, text, tmp_path / "нет такого.xlsx"])
    assert [o.loaded for o in outcomes] == [False, False, False]
    assert "«список.xlsx» не является отчётом о показателях" in outcomes[0].message
    assert "письмо.xlsx" in outcomes[1].message
    assert "не найден" in outcomes[2].message
    assert counts(municipal) == (0, 0, 0, 0)


def test_a_school_database_refuses_reports(district, database, tmp_path):
    files = copy_reports(district, "profminimum", tmp_path)
    from app.services.errors import UserError
    with pytest.raises(UserError, match="база школы, а не муниципалитета"):
        consolidate_files(UnitOfWork(database, system_actor()), files)
