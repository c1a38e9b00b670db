"""Year rollover on the demo school: grades move, graduates are marked, the past year's figures stay."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.models import AcademicYear, Enrollment, Participation, SchoolClass
from app.services.students.hours import hours_by_student
from app.services.students.rollover import RolloverChoice, apply_rollover, plan_rollover
from app.services.students.classes import list_classes
from app.services.students.students import list_students


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database

demo = pytest.importorskip("app.services.demo.build", reason="the demo school is built by the foundation issue")


def figures(uow, year: int):
    """What the year's indicators are counted from: enrolment by class, graduates, attendance, hours."""
    with uow:
        s = uow.session
        year_id = s.scalar(select(AcademicYear.id).where(AcademicYear.start_year == year))
        return {
            "students": [(r.id, r.class_label, r.has_ovz, r.is_graduate) for r in list_students(uow, start_year=year)],
            "classes": [(c.label, c.size, c.homeroom_teacher, c.profile) for c in list_classes(uow, start_year=year)],
            "graduates": s.scalar(select(func.count()).select_from(Enrollment)
                                  .where(Enrollment.year_id == year_id, Enrollment.is_graduate.is_(True))),
            "participations": s.scalar(select(func.count()).select_from(Participation)),
            "hours": hours_by_student(s, year),
        }


def test_rollover_of_the_demo_school(database, uow):
    demo.build_demo(database, students=300, seed=3, today=dt.date(2026, 11, 24))
    current = 2026
    before_previous, before_current = figures(uow, current - 1), figures(uow, current)
    plan = plan_rollover(uow, from_year=current)
    nine = [s for s in plan.students if s.grade == 9]
    eleven = [s for s in plan.students if s.grade == 11]
    assert nine and eleven
    kept = frozenset(s.id for s in nine[: len(nine) // 2])
    outcome = apply_rollover(uow, from_year=current, choice=RolloverChoice(keep_ids=kept))
    assert outcome.graduates_11 == len(eleven) and outcome.graduates_9 == len(nine) - len(kept)
    assert outcome.kept_9 == len(kept)

    grade_before = {s.id: s.grade for s in plan.students}
    after = {r.id: r for r in list_students(uow, start_year=current + 1)}
    assert set(after) == {s.id for s in plan.students if s.grade not in (9, 11)} | kept
    assert all(after[sid].grade == grade_before[sid] + 1 for sid in after)
    with uow:
        new_year = uow.session.scalar(select(AcademicYear).where(AcademicYear.start_year == current + 1))
        assert new_year.is_current
        assert uow.session.scalar(select(func.min(SchoolClass.grade)).where(SchoolClass.year_id == new_year.id)) == 2

    # The year that ended and the one before it: the same figures, only the new graduate marks added.
    after_current = figures(uow, current)
    assert after_current["graduates"] == before_current["graduates"] + outcome.graduates_9 + outcome.graduates_11
    for key in ("classes", "participations", "hours"):
        assert after_current[key] == before_current[key], key
    assert [s[:3] for s in after_current["students"]] == [s[:3] for s in before_current["students"]]
    assert figures(uow, current - 1) == before_previous
