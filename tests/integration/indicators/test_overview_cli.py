"""`python main.py overview` prints what «Обзор» shows, through the same service: the cards with the
previous year beside them and the series of the four charts."""
from __future__ import annotations

import json

import pytest

from app.cli.main import run
from app.services.indicators.overview import overview
from tests.indicator_school import YEAR, build_school


@pytest.fixture
def school_db(database, db_path):
    build_school(database)
    database.dispose()
    return db_path


def test_json_is_what_the_page_gets(school_db, capsys, uow):
    assert run(["overview", "--year", "2024/2025", "--set", "profminimum", "--db", str(school_db), "--json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    data = overview(uow, set_code="profminimum", year=YEAR)
    assert shown["set"] == "profminimum" and shown["year"] == "2024/2025" and shown["previous_year"] == "2023/2024"
    assert [c["code"] for c in shown["cards"]] == [i.code for i in data.current.indicators]
    p3 = next(c for c in shown["cards"] if c["code"] == "P3")
    assert (p3["value"], p3["numerator"], p3["denominator"]) == (28.6, 2, 7)
    assert p3["change"] == data.change("P3") and p3["previous_year"] == data.previous_value("P3")
    assert shown["charts"]["by_month"] == [list(pair) for pair in data.by_month]
    assert shown["charts"]["hours_bands"] == [list(pair) for pair in data.hours_bands]
    assert [label for label, _n in shown["charts"]["by_grade"]] == [str(g) for g in range(1, 12)]
    assert sum(n for _m, n in shown["charts"]["by_month"]) > 0


def test_table_names_the_cards_and_the_charts(school_db, capsys):
    assert run(["overview", "--year", "2024-25", "--set", "targets-shares", "--db", str(school_db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Обзор: ") and "2024/2025 учебный год" in out
    assert "   D1. " in out and "цель: не менее 80% — не достигнута" in out
    assert "Часы профминимума, 6–11 классы (уровень 40 ч):" in out and "  от 40 ч: " in out
    assert "Обучающихся по категориям мероприятий:" in out


def test_unknown_set_is_named(school_db, capsys):
    assert run(["overview", "--year", "2024/2025", "--set", "нет-такого", "--db", str(school_db)]) == 1
    assert "нет-такого" in capsys.readouterr().err
