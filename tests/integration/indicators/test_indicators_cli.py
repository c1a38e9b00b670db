"""`python main.py indicators` on a school with known numbers: the table and the exact JSON."""
from __future__ import annotations

import json

import pytest

from app.cli.main import run
from tests.indicator_school import build_school


@pytest.fixture
def school_db(database, db_path):
    build_school(database)
    database.dispose()
    return db_path


def test_json_output(school_db, capsys):
    assert run(["indicators", "--year", "2024/2025", "--set", "targets-shares", "--db", str(school_db), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["set"] == "targets-shares" and data["year"] == "2024/2025"
    first = data["indicators"][0]
    assert set(first) == {"code", "name", "unit", "value", "numerator", "denominator", "target", "met"}
    assert (first["code"], first["value"], first["numerator"], first["denominator"], first["met"]) == \
        ("D1", 37.5, 3, 8, False)
    assert first["target"] == "не менее 80%"
    by_code = {i["code"]: i for i in data["indicators"]}
    assert by_code["D3"]["value"] == 28.6 and by_code["D9"]["value"] == 2 and by_code["D4"]["met"] is None


def test_json_null_for_an_empty_denominator(school_db, capsys):
    assert run(["indicators", "--year", "2025/2026", "--set", "profminimum", "--db", str(school_db), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert all(i["value"] is None for i in data["indicators"])


def test_table_output(school_db, capsys):
    assert run(["indicators", "--year", "2024-25", "--set", "kaliningrad-school", "--db", str(school_db)]) == 0
    out = capsys.readouterr().out
    assert "2024/2025" in out and "2. Количество школьников, посетивших учреждения/предприятия" in out


def test_errors_are_russian(school_db, capsys):
    assert run(["indicators", "--year", "2030/2031", "--set", "profminimum", "--db", str(school_db)]) == 1
    assert "2030/2031 в базе не найден" in capsys.readouterr().err
    assert run(["indicators", "--year", "2024", "--set", "profminimum", "--db", str(school_db)]) == 1
    assert "указан неверно" in capsys.readouterr().err
    assert run(["indicators", "--year", "2024/2025", "--set", "nope", "--db", str(school_db)]) == 1
    assert "не найден" in capsys.readouterr().err
