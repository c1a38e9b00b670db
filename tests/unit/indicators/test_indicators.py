"""Every indicator of the three shipped sets on a school with numbers worked out by hand
(tests/indicator_school.py): namesakes, «не явился», events outside the year, ОВЗ, empty
denominators, manual values, and sets as files."""
from __future__ import annotations

import json

import pytest

from app.services.access import Role
from app.services.errors import PermissionDenied, UserError
from app.services.indicators import compute_set, load_set, set_manual_value
from app.services.indicators.definitions import list_sets, load_set_file
from app.services.indicators.students import export_students_behind, students_behind
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.indicator_school import EMPTY_YEAR, PREVIOUS, YEAR, build_school


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL: the same numbers on both."""
    return engine_database


@pytest.fixture
def school(database):
    return build_school(database)


def values(uow, set_code, year=YEAR):
    result = compute_set(uow, set_code=set_code, year=year)
    return {i.code: i for i in result.indicators}


def test_kaliningrad_school_every_indicator(uow, school):
    v = values(uow, "kaliningrad-school")
    expected = {
        "1.1": 1,    # the approved roadmap 2024–2026 covers 2024/2025
        "1.2": 2,    # 11th graders s8, s10 chose matching ЕГЭ subjects (s9 did not)
        "1.3": 1,    # 9th grader s6 (s7's choice is unknown)
        "2": 2,      # two namesakes «Иванов Иван» each count; s1 twice = once; s2 «не явился»; OUT1 outside the year
        "3": 2,      # bvb_trial, grades 6–11: s4, s5
        "4": 2,      # ОВЗ s5 and инвалидность s6; s10 (ОВЗ) did not come
        "5": 2,      # intentions_survey: s7, s8
        "6": 4,      # organised by ПОО (s4, s5) or ВО (s6, s8)
        "7": 2,      # consultations in the year: s3 (twice), s7; s8's was in the previous year
        "8": 2,      # competition: s6, s8
        "9": 2,      # fair (s7; s6 did not come) or ЦЗН (s3, s7)
        "10.1": 4,
        "10.2": 2,   # ПОО/ВО by profile: s6, s8
        "10.3": 2,   # ПОО in the region: s6, s10
        "10.4": 1,   # ВО in the region: s9
    }
    assert {code: i.value for code, i in v.items()} == expected
    assert all(i.met is None and i.target is None for i in v.values())
    assert v["2"].numerator == 2 and v["2"].denominator is None


def test_targets_shares_every_indicator(uow, school):
    v = values(uow, "targets-shares")
    got = {code: (i.value, i.numerator, i.denominator, i.met) for code, i in v.items()}
    assert got == {
        "D1": (37.5, 3, 8, False),   # diagnostics 5–11: s3, s4 (bvb) + s5 (diagnostics on 1 Sept) of 8
        "D2": (12.5, 1, 8, False),   # proektoria: s3 (s2 only registered, s10 absent)
        "D3": (28.6, 2, 7, True),    # 2 of 7 → 28.571… → 28,6
        "D4": (40.0, 2, 5, None),    # 2 by profile of five 9th/11th graders
        "D5": (66.7, 2, 3, None),
        "D6": (20.0, 2, 10, True),   # clubs this year: s1, s3 (in two clubs, once); s4's was last year
        "D7": (50.0, 1, 2, False),
        "D8": (66.7, 2, 3, False),   # ОВЗ or инвалидность: s5, s6 of s5, s6, s10
        "D9": (2, 2, None, None),    # excursions E1 and E11 (31 August is inside the year)
        "D10": (2, 2, None, None),   # agreements valid in the year (one expired 31.08.2024, one signed after)
        "D12": (20.0, 2, 10, True),
    }
    assert v["D1"].target == "не менее 80%"
    assert v["D3"].display == "28,6"


def test_profminimum_every_indicator(uow, school):
    v = values(uow, "profminimum")
    got = {code: (i.value, i.numerator, i.denominator) for code, i in v.items()}
    assert got == {
        "P1": (14.3, 1, 7),   # basic level 40 h: only s5 (4 + 1 + 40 individual hours = 45); s4 has 39
        "P2": (28.6, 2, 7),
        "P3": (28.6, 2, 7),
        "P4": (42.9, 3, 7),   # bvb_trial or master_class: s4, s5, s8
        "P5": (66.7, 2, 3),
        "P6": (14.4, 101.0, 7),  # 39 + 45 + 5 + 4 + 8 = 101 hours over 7 students of grades 6–11
    }


def test_profminimum_level_is_a_school_setting(database, uow):
    build_school(database, level="main")
    v = values(uow, "profminimum")
    assert (v["P1"].value, v["P1"].numerator) == (0.0, 0)
    assert compute_set(uow, set_code="profminimum", year=YEAR).threshold_hours == 60


def test_empty_denominators_are_dashes_not_zero(uow, school):
    v = values(uow, "targets-shares", EMPTY_YEAR)
    assert v["D1"].value is None and v["D1"].denominator == 0 and v["D1"].met is None
    assert v["D1"].display == "—"
    assert v["D9"].value == 1       # OUT2 on 1 September 2025 opens 2025/2026
    assert v["D10"].value == 2      # the open-ended agreement and the one signed 02.09.2025
    p = values(uow, "profminimum", EMPTY_YEAR)
    assert p["P6"].value is None


def test_previous_year_counts_only_its_own_students_and_events(uow, school):
    v = values(uow, "targets-shares", PREVIOUS)
    # 2023/2024: only s4 enrolled (6А), in a club; OUT1 (31.08.2024) belongs to 2023/2024 but s1 was not enrolled.
    assert (v["D6"].value, v["D6"].denominator) == (100.0, 1)
    assert v["D9"].value == 1
    assert values(uow, "kaliningrad-school", PREVIOUS)["1.1"].value == 0  # only an unapproved draft covers 2023


def test_manual_value_replaces_and_clears(uow, school):
    set_manual_value(uow, set_code="targets-shares", indicator_code="D10", year=YEAR, value=5)
    d10 = values(uow, "targets-shares")["D10"]
    assert (d10.value, d10.is_manual, d10.computed) == (5, True, 2)
    set_manual_value(uow, set_code="targets-shares", indicator_code="D1", year=YEAR, value=85.5)
    d1 = values(uow, "targets-shares")["D1"]
    assert (d1.value, d1.met, d1.numerator) == (85.5, True, None)
    set_manual_value(uow, set_code="targets-shares", indicator_code="D10", year=YEAR, value=None)
    assert values(uow, "targets-shares")["D10"].value == 2
    with pytest.raises(UserError, match="больше 100"):
        set_manual_value(uow, set_code="targets-shares", indicator_code="D1", year=YEAR, value=120)


def test_rights(database, school):
    for role in (Role.PSYCHOLOGIST, Role.CLASS_TEACHER):
        with pytest.raises(PermissionDenied):
            compute_set(UnitOfWork(database, make_actor(role)), set_code="profminimum", year=YEAR)
    deputy = UnitOfWork(database, make_actor(Role.DEPUTY))
    assert compute_set(deputy, set_code="profminimum", year=YEAR).get("P1").value == 14.3
    with pytest.raises(PermissionDenied):
        set_manual_value(deputy, set_code="profminimum", indicator_code="P1", year=YEAR, value=1)


def test_students_behind_a_number_and_not_yet_covered(uow, school, tmp_path):
    behind = students_behind(uow, set_code="kaliningrad-school", indicator_code="2", year=YEAR)
    assert [(r.full_name, r.class_label) for r in behind.covered] == [("Иванов Иван", "3А"), ("Иванов Иван", "7А")]
    assert len(behind.not_covered) == 8
    p1 = students_behind(uow, set_code="profminimum", indicator_code="P1", year=YEAR)
    assert [(r.full_name, r.hours) for r in p1.covered] == [("Кузнецов Олег", 45.0)]
    short = {r.full_name: r.hours for r in p1.not_covered}
    assert short["Иванов Иван"] == 39.0 and short["Зайцев Павел"] == 0 and len(short) == 6

    out = tmp_path / "list.xlsx"
    export_students_behind(uow, behind, out)
    from openpyxl import load_workbook
    wb = load_workbook(out)
    assert wb.sheetnames == ["Охвачены", "Не охвачены"]
    assert wb["Охвачены"]["A1"].value.startswith("Документ содержит персональные данные")
    assert wb["Охвачены"]["B6"].value == "Иванов Иван"
    with uow:
        from sqlalchemy import select

        from app.models import AuditEntry
        assert uow.session.scalar(select(AuditEntry.action).order_by(AuditEntry.id.desc())) == \
            "indicators.export_students"


def test_list_behind_an_ovz_indicator_is_for_those_who_may_see_health_data(database, school):
    deputy = UnitOfWork(database, make_actor(Role.DEPUTY))
    behind = students_behind(deputy, set_code="targets-shares", indicator_code="D8", year=YEAR)
    assert {r.full_name for r in behind.covered} == {"Кузнецов Олег", "Смирнова Мария"}
    assert [r.full_name for r in behind.not_covered] == ["Морозов Илья"]
    with pytest.raises(PermissionDenied):
        students_behind(UnitOfWork(database, make_actor(Role.CLASS_TEACHER)), set_code="targets-shares",
                        indicator_code="D8", year=YEAR)


def test_shipped_sets_load():
    sets = {s.code: s for s in list_sets()}
    assert set(sets) == {"kaliningrad-school", "targets-shares", "profminimum"}
    assert [i.code for i in sets["kaliningrad-school"].indicators] == [
        "1.1", "1.2", "1.3", "2", "3", "4", "5", "6", "7", "8", "9", "10.1", "10.2", "10.3", "10.4"]
    assert [i.code for i in sets["targets-shares"].indicators] == [
        "D1", "D2", "D3", "D4", "D5", "D6", "D7", "D8", "D9", "D10", "D12"]
    assert len(sets["profminimum"].indicators) == 6


def test_a_new_region_is_a_new_file(tmp_path, uow, school):
    folder = tmp_path / "sets"
    folder.mkdir()
    (folder / "my-region.json").write_text(json.dumps({
        "code": "my-region", "title": "Мой регион",
        "indicators": [
            {"code": "A", "name": "Доля девятиклассников на экскурсиях", "unit": "%",
             "rule": {"kind": "participants", "measure": "share", "grades": [9], "categories": ["fair"]},
             "target": {"op": ">=", "value": 50}},
            {"code": "B", "name": "Число родителей на собраниях", "unit": "человек", "rule": {"kind": "manual"}}]},
        ensure_ascii=False), encoding="utf-8")
    result = compute_set(uow, set_code="my-region", year=YEAR, directory=folder)
    assert (result.get("A").value, result.get("A").met) == (50.0, True)
    assert result.get("B").value is None


@pytest.mark.parametrize("broken, field", [
    ({"kind": "participants", "categories": ["excursions"]}, "indicators[0].rule.categories"),
    ({"kind": "count_everything"}, "indicators[0].rule.kind"),
    ({"kind": "events", "measure": "share"}, "indicators[0].rule.measure"),
    ({"kind": "participants", "grades": [12]}, "indicators[0].rule.grades"),
    ({"kind": "agreements", "grades": [5]}, "indicators[0].rule.grades"),
])
def test_a_broken_set_file_names_the_file_and_field(tmp_path, broken, field):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"code": "bad", "title": "Т", "indicators": [
        {"code": "1", "name": "Показатель", "unit": "человек", "rule": broken}]}), encoding="utf-8")
    with pytest.raises(UserError) as err:
        load_set_file(path)
    assert "«bad.json»" in str(err.value) and f"«{field}»" in str(err.value)


def test_broken_json_is_reported_with_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"code": "bad",\n "title": }', encoding="utf-8")
    with pytest.raises(UserError, match="«bad.json»: ошибка JSON в строке 2"):
        load_set_file(path)


def test_unknown_set_is_a_user_error():
    with pytest.raises(UserError, match="Набор показателей «moscow» не найден"):
        load_set("moscow")


@pytest.mark.parametrize("set_code", ["kaliningrad-school", "targets-shares", "profminimum"])
@pytest.mark.parametrize("year", [PREVIOUS, YEAR, EMPTY_YEAR])
def test_summary_and_reference_queries_agree(uow, school, set_code, year):
    fast = compute_set(uow, set_code=set_code, year=year, summary="always")
    reference = compute_set(uow, set_code=set_code, year=year, summary=False)
    assert fast == reference


def test_summary_handles_category_and_organiser_on_the_same_event(tmp_path, uow, school):
    folder = tmp_path / "sets"
    folder.mkdir()
    (folder / "pairs.json").write_text(json.dumps({"code": "pairs", "title": "Пары", "indicators": [
        # s1 went to an excursion (employer) and s3 to an ЦЗН class hour: nobody to an excursion BY the ЦЗН.
        {"code": "A", "name": "Экскурсии ЦЗН", "unit": "человек",
         "rule": {"kind": "participants", "categories": ["excursion"], "organizer_types": ["czn"]}},
        {"code": "B", "name": "Экскурсии или ЦЗН", "unit": "человек",
         "rule": {"kind": "participants", "categories": ["excursion"], "organizer_types": ["czn"],
                  "events_match": "any"}},
        {"code": "C", "name": "Часы ОВЗ", "unit": "часов", "rule": {"kind": "average_hours", "ovz": True}},
    ]}, ensure_ascii=False), encoding="utf-8")
    result = compute_set(uow, set_code="pairs", year=YEAR, directory=folder, summary="always")
    assert [i.value for i in result.indicators] == [0, 4, 16.7]  # B: s1, s4 (excursions), s3, s7 (ЦЗН)
    assert result == compute_set(uow, set_code="pairs", year=YEAR, directory=folder, summary=False)


@pytest.mark.parametrize("summary", [False, True])
def test_a_set_is_counted_in_one_statement(database, uow, school, summary):
    # Every count of a set goes to the database as one SELECT of scalar subqueries: on a server a round
    # trip per count (about twenty for the shares set) cost more than the counting itself.
    from sqlalchemy import event

    counting: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        if "COUNT(" in statement or "SUM(" in statement:
            counting.append(statement)

    event.listen(database.engine, "before_cursor_execute", seen)
    try:
        result = compute_set(uow, set_code="targets-shares", year=YEAR, summary=summary)
    finally:
        event.remove(database.engine, "before_cursor_execute", seen)
    assert len([i for i in result.indicators if i.numerator is not None]) > 10
    asked = [s for s in counting if not s.lstrip().startswith(("INSERT", "UPDATE", "CREATE", "DROP"))]
    assert len(asked) == 1 and asked[0].startswith("SELECT (SELECT COUNT(")
