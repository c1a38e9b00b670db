"""The command line of the municipality: `init --municipality`, `consolidate`, `consolidated` as a table,
as JSON, as the Excel summary for the region and as the region's own form filled with the totals."""
from __future__ import annotations

import json

import pytest
from openpyxl import Workbook, load_workbook

from app.cli.main import run
from app.services.access import system_actor
from app.services.municipality import MUNICIPALITY, SCHOOL, database_kind, district_summary
from app.services.school.details import get_school
from app.services.storage.migrations import open_database
from app.services.uow import UnitOfWork
from tests.district_schools import MUNICIPALITY as NAME, copy_reports

YEAR_TITLE = "2023/2024"


@pytest.fixture
def muni_db(tmp_path, capsys):
    path = tmp_path / "район.db"
    assert run(["init", "--db", str(path), "--municipality", NAME]) == 0
    assert f"Создана база муниципалитета «{NAME}»" in capsys.readouterr().out
    return path


def open_uow(path):
    database = open_database(path)
    return database, UnitOfWork(database, system_actor())


def test_init_makes_a_municipal_or_a_school_database(muni_db, tmp_path, capsys):
    database, uow = open_uow(muni_db)
    assert database_kind(uow) == MUNICIPALITY
    database.dispose()
    school = tmp_path / "школа.db"
    assert run(["init", "--db", str(school), "--school", "МБОУ «Школа № 5»"]) == 0
    database, uow = open_uow(school)
    assert database_kind(uow) == SCHOOL and get_school(uow).full_name == "МБОУ «Школа № 5»"
    database.dispose()
    capsys.readouterr()
    assert run(["init", "--db", str(school), "--municipality", "Управление"]) == 1
    assert "база школы" in capsys.readouterr().err
    assert run(["init", "--db", str(muni_db), "--municipality", "Другое управление"]) == 1
    assert "уже принадлежит муниципалитету" in capsys.readouterr().err
    assert run(["init", "--db", str(muni_db), "--school", "Школа"]) == 1
    assert "уже есть школа или муниципалитет" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run(["init", "--db", str(tmp_path / "x.db"), "--school", "А", "--municipality", "Б"])
    assert "нельзя указывать вместе" in capsys.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_consolidate_and_the_summary_as_json(district, muni_db, tmp_path, capsys):
    files = copy_reports(district, "targets-shares", tmp_path)
    broken = tmp_path / "чужой.xlsx"
    Workbook().save(broken)
    assert run(["consolidate", *map(str, files), str(broken), "--db", str(muni_db)]) == 1
    captured = capsys.readouterr()
    assert captured.out.count("загружен отчёт") == 3 and "Загружено отчётов: 3 из 4." in captured.out
    assert "Не загружен: Файл «чужой.xlsx» не является отчётом о показателях" in captured.err
    assert run(["consolidated", "--year", YEAR_TITLE, "--set", "targets-shares", "--json",
                "--db", str(muni_db)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sorted(s["name"] for s in data["schools"]) == sorted(s.short_name for s in district)
    assert data["missing"] == []
    database, uow = open_uow(muni_db)
    summary = district_summary(uow, year=2023, set_code="targets-shares")
    database.dispose()
    assert data["total"]["indicators"] == [summary.total[h.code].as_json(h.code) for h in summary.indicators]
    d1 = data["total"]["indicators"][0]
    assert d1["code"] == "D1" and d1["value"] == round(d1["numerator"] * 100 / d1["denominator"], 1)
    assert set(data["schools"][0]["indicators"][0]) >= {"code", "value", "numerator", "denominator"}
    assert run(["consolidated", "--year", YEAR_TITLE, "--set", "targets-shares", "--db", str(muni_db)]) == 0
    text = capsys.readouterr().out
    assert "Отчёты представили: 3 ОО из 3" in text and f"({d1['numerator']:g} из {d1['denominator']})" in text


def test_the_excel_summary_for_the_region(district, muni_db, tmp_path, capsys):
    files = copy_reports(district, "kaliningrad-school", tmp_path)
    assert run(["consolidate", *map(str, files[:2]), "--db", str(muni_db)]) == 0
    database, uow = open_uow(muni_db)
    from app.services.municipality import add_school
    add_school(uow, full_name=district[2].full_name, short_name=district[2].short_name)
    summary = district_summary(uow, year=2023, set_code="kaliningrad-school")
    database.dispose()
    out = tmp_path / "сводка.xlsx"
    assert run(["consolidated", "--year", YEAR_TITLE, "--set", "kaliningrad-school", "--out", str(out),
                "--db", str(muni_db)]) == 0
    ws = load_workbook(out)["Сводка"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header = next(i for i, r in enumerate(rows) if r[0] == "№ п/п")
    codes = rows[header][2:]
    assert codes == [h.code for h in summary.indicators]
    body = rows[header + 1:header + 3]
    assert [r[1] for r in body] == [s.name for s in summary.schools]
    for r, school in zip(body, summary.schools):
        assert r[2:] == [school.figures[c].value if school.figures[c].value is not None else "—" for c in codes]
    total = rows[header + 3]
    assert total[1] == "Итого по муниципалитету"
    assert total[2:] == [summary.total[c].value if summary.total[c].value is not None else "—" for c in codes]
    assert rows[header + 4][1] == "Целевое значение"
    flat = [v for r in rows for v in r if v]
    assert "Исполнитель:" in flat and district[2].short_name in flat   # the school without a report
    assert "Количество ОО, в которых разработаны и утверждены дорожные карты:" in flat
    assert load_workbook(out)["Показатели"]["C2"].value == summary.indicators[0].name


def test_the_region_form_filled_with_the_totals(district, muni_db, tmp_path, capsys):
    files = copy_reports(district, "kaliningrad-school", tmp_path)
    assert run(["consolidate", *map(str, files), "--db", str(muni_db)]) == 0
    form = tmp_path / "форма региона.xlsx"
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "Муниципалитет: {{school.municipality}}, {{year}}"
    ws["B2"] = "{{ind:1.1}}"
    ws["B3"] = "{{ind:kaliningrad-school:2}}"
    wb.save(form)
    out = tmp_path / "заполнено.xlsx"
    assert run(["consolidated", "--year", YEAR_TITLE, "--set", "kaliningrad-school", "--template", str(form),
                "--out", str(out), "--db", str(muni_db)]) == 0
    assert "Форма региона заполнена" in capsys.readouterr().out
    database, uow = open_uow(muni_db)
    summary = district_summary(uow, year=2023, set_code="kaliningrad-school")
    database.dispose()
    filled = load_workbook(out).active
    assert filled["A1"].value == f"Муниципалитет: {NAME}, {YEAR_TITLE}"
    assert filled["B2"].value == summary.total["1.1"].value == summary.roadmaps_approved
    assert filled["B3"].value == summary.total["2"].value


def test_a_municipality_on_a_postgresql_server_consolidates_the_same(district, muni_db, empty_pg_url, tmp_path,
                                                                      capsys):
    """The municipality's database on a server: made by `init`, loaded by `consolidate`, and its summary equal
    to the one a file gives for the same reports."""
    assert run(["init", "--db", empty_pg_url, "--municipality", NAME]) == 0
    capsys.readouterr()
    files = copy_reports(district, "targets-shares", tmp_path)
    for target in (empty_pg_url, str(muni_db)):
        assert run(["consolidate", *map(str, files), "--db", target]) == 0
    capsys.readouterr()
    summaries = []
    for target in (empty_pg_url, str(muni_db)):
        assert run(["consolidated", "--year", YEAR_TITLE, "--set", "targets-shares", "--json", "--db", target]) == 0
        summaries.append(json.loads(capsys.readouterr().out))
    assert summaries[0] == summaries[1] and len(summaries[0]["schools"]) == 3
    assert run(["consolidate", *map(str, files), "--db", empty_pg_url]) == 0   # loaded again: replaced, not added
    capsys.readouterr()
    assert run(["consolidated", "--year", YEAR_TITLE, "--set", "targets-shares", "--json", "--db", empty_pg_url]) == 0
    assert json.loads(capsys.readouterr().out) == summaries[0]
