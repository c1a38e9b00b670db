"""«Обзор» figures: the previous year counted up to the same day while a year is in progress (numbers
worked out by hand on tests/indicator_school.py), grades and categories as the charts want them."""
from __future__ import annotations

import datetime as dt

import pytest

from app.models.codes import EVENT_CATEGORIES
from app.services.indicators import compute_set, set_manual_value
from app.services.indicators.overview import MONTHS, a_year_before, overview
from app.services.labels import EVENT_CATEGORY_LABELS, EVENT_CATEGORY_SHORT_LABELS
from tests.indicator_school import EMPTY_YEAR, YEAR, build_school


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database


@pytest.fixture
def school(database):
    return build_school(database)


def shown(uow, until):
    result = compute_set(uow, set_code="profminimum", year=YEAR, until=until)
    return {i.code: (i.numerator, i.value) for i in result.indicators}


def test_until_counts_only_events_up_to_that_day(uow, school):
    # By 4 September only E12 (1 September, diagnostics, s5, 1 h) has happened.
    early = shown(uow, dt.date(2024, 9, 4))
    assert early["P2"] == (1, 14.3) and early["P3"] == (0, 0.0) and early["P6"] == (1.0, 0.1)
    # 5 September adds E9 «Россия — мои горизонты»: s4 (30 h) and s5 (40 h, an override) — s5 reaches the level.
    later = shown(uow, dt.date(2024, 9, 5))
    assert later["P3"] == (2, 28.6) and later["P1"] == (1, 14.3) and later["P6"] == (71.0, 10.1)
    assert shown(uow, None)["P4"] == (3, 42.9) and later["P4"] == (0, 0.0)  # the trials come in November


def test_until_leaves_out_manual_whole_year_values(uow, school):
    set_manual_value(uow, set_code="profminimum", indicator_code="P3", year=YEAR, value=90)
    assert shown(uow, None)["P3"] == (None, 90.0)
    assert shown(uow, dt.date(2024, 9, 5))["P3"] == (2, 28.6)


def test_year_in_progress_is_compared_with_the_same_part_of_the_previous_year(uow, school):
    data = overview(uow, set_code="profminimum", year=EMPTY_YEAR, today=dt.date(2025, 9, 5))
    assert data.in_progress and not data.year_finished
    assert data.same_period_until == dt.date(2024, 9, 5)
    assert data.same_period_value("P3") == 28.6 and data.previous_value("P3") == 28.6
    assert data.same_period_value("P4") == 0.0 and data.previous_value("P4") == 42.9

    finished = overview(uow, set_code="profminimum", year=YEAR, today=dt.date(2026, 1, 10))
    assert finished.year_finished and not finished.in_progress and finished.previous_same_period is None


def test_a_year_before_a_leap_day():
    assert a_year_before(dt.date(2028, 2, 29)) == dt.date(2027, 2, 28)
    assert a_year_before(dt.date(2026, 11, 24)) == dt.date(2025, 11, 24)


def test_chart_data_grades_and_categories(uow, school):
    data = overview(uow, set_code="profminimum", year=YEAR, today=dt.date(2026, 1, 10))
    assert [label for label, _n in data.by_grade] == [str(g) for g in range(1, 12)]
    assert [label for label, _n in data.by_month] == list(MONTHS)
    counts = [n for _code, n in data.by_category]
    assert counts == sorted(counts, reverse=True) and all(c in EVENT_CATEGORIES for c, _n in data.by_category)
    assert [label for label, _n in data.hours_bands] == ["0 ч", "до 20 ч", "20–40 ч", "от 40 ч"]


def test_every_category_has_a_short_label_that_fits_an_axis():
    assert set(EVENT_CATEGORY_SHORT_LABELS) == set(EVENT_CATEGORIES) == set(EVENT_CATEGORY_LABELS)
    assert all(0 < len(label) <= 25 for label in EVENT_CATEGORY_SHORT_LABELS.values())
    assert len(set(EVENT_CATEGORY_SHORT_LABELS.values())) == len(EVENT_CATEGORY_SHORT_LABELS)


def test_months_are_twelve_short_names_from_september():
    assert MONTHS == ("сен", "окт", "ноя", "дек", "янв", "фев", "мар", "апр", "май", "июн", "июл", "авг")
