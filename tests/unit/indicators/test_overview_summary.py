"""«Обзор» counted from one summary of the year: its charts equal the same figures counted straight from
the participations, and none of its queries rescans a table for every student (EXPLAIN QUERY PLAN on
a small demo file, as a user has it: never analysed)."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import event, text

from app.services.calendar import current_year, find_year
from app.services.demo.build import build_demo
from app.services.indicators import sql
from app.services.indicators.compute import year_params
from app.services.indicators.definitions import Rule
from app.services.indicators.overview import MONTHS, PROFMINIMUM_GRADES, overview
from tests.indicator_school import YEAR, build_school

# The figures written the plain way: every attended mark of the year's events, students through their
# enrolment that year.
ATTENDED = ("FROM event e JOIN participation p ON p.event_id = e.id AND p.status = 'attended' "
            "JOIN enrollment en ON en.student_id = p.student_id AND en.year_id = :year_id "
            "JOIN school_class sc ON sc.id = en.class_id WHERE e.starts_on BETWEEN :start AND :end")
HOURS = ("SELECT p.student_id AS sid, SUM(COALESCE(p.hours, e.hours)) AS h FROM event e "
         "JOIN participation p ON p.event_id = e.id AND p.status = 'attended' "
         "WHERE e.starts_on BETWEEN :start AND :end GROUP BY p.student_id")


def reference(session, year: int, threshold: float) -> dict:
    params = year_params(find_year(session, year), threshold)
    run = lambda q, extra=None: session.execute(text(q), {**params, **(extra or {})}).all()  # noqa: E731
    months = dict(run(f"SELECT CAST(substr(e.starts_on, 6, 2) AS INTEGER), COUNT(*) {ATTENDED} GROUP BY 1"))
    grades = dict(run(f"SELECT sc.grade, COUNT(DISTINCT p.student_id) {ATTENDED} GROUP BY sc.grade"))
    categories = run(f"SELECT e.category, COUNT(DISTINCT p.student_id) AS n {ATTENDED} GROUP BY e.category "
                     "ORDER BY n DESC, e.category")
    hours = {sid: h for sid, h in run(HOURS)}
    six_to_eleven = [sid for (sid,) in run("SELECT en.student_id FROM enrollment en JOIN school_class sc "
                                           "ON sc.id = en.class_id WHERE en.year_id = :year_id AND sc.grade >= 6")]
    bands = [0, 0, 0, 0]
    for sid in six_to_eleven:
        h = hours.get(sid) or 0
        bands[0 if h == 0 else 1 if h < threshold / 2 else 2 if h < threshold else 3] += 1
    order = list(range(9, 13)) + list(range(1, 9))
    return {"by_month": [months.get(m, 0) for m in order], "by_grade": [grades.get(g, 0) for g in range(1, 12)],
            "by_category": [tuple(r) for r in categories], "hours_bands": bands}


def shown(data) -> dict:
    return {"by_month": [n for _m, n in data.by_month], "by_grade": [n for _g, n in data.by_grade],
            "by_category": list(data.by_category), "hours_bands": [n for _b, n in data.hours_bands]}


def test_charts_equal_the_plain_counts_on_the_hand_school(uow, database):
    build_school(database)
    # A student who came to an event of the year but is not enrolled that year (left in summer) is not
    # counted in the charts, as in the cards.
    with database.session() as s:
        s.execute(text("INSERT INTO student (last_name, first_name, patronymic, has_ovz, has_disability, "
                       "left_reason, is_anonymized) VALUES ('Ушедший', 'Пётр', '', 0, 0, 'переезд', 0)"))
        sid = s.execute(text("SELECT max(id) FROM student")).scalar()
        eid = s.execute(text("SELECT id FROM event WHERE starts_on BETWEEN '2024-09-01' AND '2025-08-31' "
                             "ORDER BY id LIMIT 1")).scalar()
        s.execute(text("INSERT INTO participation (event_id, student_id, status, competence) "
                       "VALUES (:e, :s, 'attended', '')"), {"e": eid, "s": sid})
        s.commit()
    data = overview(uow, set_code="profminimum", year=YEAR, today=dt.date(2026, 1, 10))
    with uow:
        expected = reference(uow.session, YEAR, data.threshold_hours)
    assert shown(data) == expected
    assert sum(expected["by_month"]) > 0 and sum(expected["hours_bands"]) > 0


def forget_statistics(database) -> None:
    """As files from before the program kept statistics: none (the planner guesses)."""
    with database.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM sqlite_stat1")
    database.dispose()  # statistics are read when a connection opens


@pytest.fixture(params=["as built", "without statistics"])
def demo(request, database):
    build_demo(database, students=300, today=dt.date(2026, 12, 1))  # the demo build analyses the file
    if request.param == "without statistics":
        forget_statistics(database)
    return database


@pytest.fixture
def unanalysed_demo(database):
    build_demo(database, students=300, today=dt.date(2026, 12, 1))
    forget_statistics(database)
    return database


def test_charts_equal_the_plain_counts_on_the_demo_school(uow, demo):
    with uow:
        year = current_year(uow.session).start_year
    data = overview(uow, set_code="kaliningrad-school", year=year, today=dt.date(2026, 12, 1))
    with uow:
        assert shown(data) == reference(uow.session, year, data.threshold_hours)
    assert data.in_progress and data.previous is not None and data.previous_same_period is not None
    assert [m for m, _n in data.by_month] == list(MONTHS)


def loops_that_rescan(plan: list[tuple]) -> list[str]:
    """Plan lines that read a whole table (or subquery) again for every row of an outer loop: a correlated
    subquery, or a SCAN that is not the outermost loop of its query."""
    bad = [detail for _id, _parent, _n, detail in plan if "CORRELATED" in detail]
    loops_by_parent: dict[int, list[str]] = {}
    for _id, parent, _n, detail in plan:
        if detail.startswith(("SCAN ", "SEARCH ")):
            loops_by_parent.setdefault(parent, []).append(detail)
    for loops in loops_by_parent.values():
        bad += [d for d in loops[1:] if d.startswith("SCAN ")]
    return bad


def test_rescan_check_catches_the_old_hours_band_query(uow, unanalysed_demo):
    # The query the dashboard used before: enrolled students of grades 6–11 LEFT JOIN a per-student hours
    # subquery, which SQLite re-read in full for every student (quadratic: 94 s at 100,000 students).
    rule = Rule(kind="participants", grades=PROFMINIMUM_GRADES)
    old = (f"SELECT SUM(h.hours IS NULL OR h.hours = 0) FROM ({sql.enrolled(rule).ids()}) s "
           f"LEFT JOIN ({sql.hours_per_student(rule)}) h ON h.student_id = s.student_id")
    with uow:
        params = year_params(current_year(uow.session), 40.0)
        plan = uow.session.execute(text("EXPLAIN QUERY PLAN " + old), params).all()
    assert loops_that_rescan([tuple(row) for row in plan]) == ["SCAN h LEFT-JOIN"]


def overview_plans(uow, database, set_code: str) -> list[tuple[str, list]]:
    """Every statement «Обзор» runs with its EXPLAIN QUERY PLAN."""
    with uow:
        year = current_year(uow.session).start_year
    plans: list[tuple[str, list]] = []

    def explain(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "INSERT", "UPDATE", "WITH")):
            # On the same connection, just before it runs: the temp tables it reads exist then.
            plans.append((statement, cursor.connection.execute("EXPLAIN QUERY PLAN " + statement,
                                                               parameters).fetchall()))

    event.listen(database.engine, "before_cursor_execute", explain)
    try:
        overview(uow, set_code=set_code, year=year, today=dt.date(2026, 12, 1))
    finally:
        event.remove(database.engine, "before_cursor_execute", explain)
    return plans


@pytest.mark.parametrize("set_code", ["kaliningrad-school", "profminimum", "targets-shares"])
def test_no_dashboard_query_rescans_per_student(uow, demo, set_code):
    plans = overview_plans(uow, demo, set_code)
    assert len(plans) > 10
    assert any("year_attendance" in statement for statement, _plan in plans)
    offending = {statement: bad for statement, plan in plans if (bad := loops_that_rescan(plan))}
    assert offending == {}


def values(result) -> dict:
    return {i.code: (i.numerator, i.denominator, i.value) for i in result.indicators}


@pytest.mark.parametrize("set_code", ["kaliningrad-school", "profminimum"])
def test_cards_equal_the_direct_counts_for_every_year_and_part_of_it(engine_database, admin, set_code):
    # «Обзор» folds the previous year up to the same day, counts that part, then folds the rest into the same
    # summary; on SQLite the current year month by month. Each of the three results must equal the indicator
    # set counted straight from the participations (summary=False), on both engines.
    from app.services.indicators import compute_set
    from app.services.uow import UnitOfWork

    uow = UnitOfWork(engine_database, admin)
    today = dt.date(2026, 12, 1)
    build_demo(engine_database, students=300, today=today)
    with uow:
        # Own hours on some marks of both years, so the step-wise correction of hours is exercised too.
        uow.session.execute(text("UPDATE participation SET hours = 7.5 WHERE status = 'attended' AND id % 11 = 0"))
        year = current_year(uow.session).start_year
    data = overview(uow, set_code=set_code, year=year, today=today)
    until = data.same_period_until
    assert until == dt.date(2025, 12, 1) and data.previous is not None
    assert values(data.current) == values(compute_set(uow, set_code=set_code, year=year, summary=False))
    assert values(data.previous) == values(compute_set(uow, set_code=set_code, year=year - 1, summary=False))
    part = values(data.previous_same_period)
    assert part == values(compute_set(uow, set_code=set_code, year=year - 1, until=until, summary=False))
    assert part != values(data.previous)  # the part of the year really is a part


def test_no_dashboard_query_walks_every_participation(uow, unanalysed_demo):
    # The hours a student was given on a mark (rare) come from their partial index, and every other pass over
    # the participations is limited to the year's events: none reads the whole table.
    plans = overview_plans(uow, unanalysed_demo, "kaliningrad-school")
    walks = {statement: detail for statement, plan in plans for *_ids, detail in plan
             if detail.startswith("SCAN p") and sql.OWN_HOURS_INDEX not in detail
             or "ANY(event_id)" in detail}
    assert walks == {}
    assert any(sql.OWN_HOURS_INDEX in detail for _s, plan in plans for *_ids, detail in plan)
