"""The district's arithmetic on reports stored in a real municipal database: counts summed, a share as the
sum of numerators over the sum of denominators, «—» where no school gave a denominator, a hand-filled share
left out of the total, the target met or not for each school and the district, the missing schools."""
from __future__ import annotations

import datetime as dt

import pytest

from app.services.municipality import add_school, create_municipality, district_summary
from app.services.municipality.consolidate import load_report
from app.services.municipality.report_file import IncomingReport
from app.services.reports.data_sheet import SheetIndicator

YEAR = 2024


def report(name, values, *, source="program"):
    """values: code -> (value, numerator, denominator) for the «targets-shares» set."""
    measures = {"D9": "count", "D10": "count"}
    return IncomingReport(
        file_name=f"{name}.xlsx", source=source, school_full_name=name, school_short_name="", oo_code="", inn="",
        municipality="", start_year=YEAR, set_code="targets-shares", set_title="", made_on=dt.date(2025, 6, 1),
        coordinator="", indicators=tuple(SheetIndicator(code, "", "", measures.get(code, "share"), *v)
                                         for code, v in values.items()))


@pytest.fixture
def muni(database, uow):
    create_municipality(database, "Управление образования")
    return uow


def test_shares_counts_and_targets(muni):
    load_report(muni, report("Школа А", {"D1": (90.0, 9, 10), "D6": (None, 0, 0), "D9": (3, 3, None)}))
    load_report(muni, report("Школа Б", {"D1": (50.0, 45, 90), "D6": (None, 0, 0), "D9": (None, None, None)}))
    load_report(muni, report("Школа В", {"D1": (99.0, None, None), "D9": (4, 4, None)}, source="hand"))
    add_school(muni, full_name="Школа Г")
    s = district_summary(muni, year=YEAR, set_code="targets-shares")
    assert (s.total["D1"].value, s.total["D1"].numerator, s.total["D1"].denominator) == (54.0, 54, 100)
    assert s.total["D1"].met is False                            # 54% < 80%, though the average of 90, 50, 99 is not
    by = {x.name: x.figures for x in s.schools}
    assert by["Школа А"]["D1"].met is True and by["Школа Б"]["D1"].met is False
    assert by["Школа В"]["D1"].value == 99.0 and by["Школа В"]["D1"].met is True
    assert s.total["D6"].value is None and s.total["D6"].met is None    # no denominator anywhere: «—»
    assert s.indicators[5].display(s.total["D6"]) == "—"
    assert s.total["D9"].value == 7
    assert s.total["D2"].value is None                           # nobody reported it
    assert s.missing == ("Школа Г",)
    data = s.as_json()
    assert data["missing"] == ["Школа Г"]
    assert data["total"]["indicators"][0] == {"code": "D1", "value": 54.0, "numerator": 54, "denominator": 100,
                                              "met": False}


def test_a_report_loaded_again_replaces_the_earlier_one(muni):
    first = load_report(muni, report("Школа А", {"D1": (90.0, 9, 10)}))
    second = load_report(muni, report("Школа А", {"D1": (50.0, 5, 10)}))
    assert not first.replaced and second.replaced
    s = district_summary(muni, year=YEAR, set_code="targets-shares")
    assert len(s.schools) == 1 and s.total["D1"].numerator == 5


def test_an_unknown_set_or_indicator_is_refused(muni):
    from app.services.errors import UserError
    bad = report("Школа А", {"X1": (1, 1, None)})
    with pytest.raises(UserError, match="показателя «X1» нет в наборе"):
        load_report(muni, bad)
