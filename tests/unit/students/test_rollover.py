"""Year rollover on a school the test builds: grades move, graduates are marked, the past year stays."""
from __future__ import annotations

from sqlalchemy import func, select

import pytest

from app.models import AcademicYear, Enrollment, Participation, SchoolClass, Student
from app.services.access import Role
from app.services.errors import PermissionDenied, UserError
from app.services.students.hours import hours_by_student
from app.services.students.rollover import RolloverChoice, apply_rollover, keep_ids_for_classes, plan_rollover
from app.services.students.classes import list_classes
from app.services.students.students import list_students
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.small_school import build_small_school


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database


def snapshot(uow, year: int):
    """What the past year's figures are made of."""
    rows = list_students(uow, start_year=year)
    with uow:
        return ([(r.id, r.class_label, r.hours) for r in rows],
                [(c.label, c.size, c.homeroom_teacher) for c in list_classes(uow, start_year=year)],
                uow.session.scalar(select(func.count()).select_from(Participation)),
                hours_by_student(uow.session, year))


def test_rollover_moves_grades_marks_graduates_and_keeps_the_past(uow, database):
    school = build_small_school(database)
    sid = school.students
    before = snapshot(uow, 2025)
    plan = plan_rollover(uow, from_year=2025)
    assert [(c.label, c.new_label, c.size) for c in plan.classes] == [
        ("6А", "7А", 2), ("8Б", "9Б", 1), ("9А", "10А", 3), ("10А", "11А", 1), ("11А", None, 2)]
    assert {s.id for s in plan.graduation_candidates} == {sid[n] for n in ("Ворошилов", "Громова", "Дятлов",
                                                                          "Жукова", "Зуев")}
    choice = RolloverChoice(keep_ids=frozenset({sid["Громова"]}), leaver_ids=frozenset({sid["Белова"]}))
    outcome = apply_rollover(uow, from_year=2025, choice=choice)
    if database.dialect == "sqlite":   # a server's copies are the administrator's (pg_dump), not files here
        assert outcome.backup is not None and outcome.backup.exists()
    else:
        assert outcome.backup is None
    assert (outcome.moved, outcome.graduates_9, outcome.kept_9, outcome.graduates_11, outcome.left) == (4, 2, 1, 2, 1)

    new_rows = {r.last_name: r for r in list_students(uow, start_year=2026)}
    assert {n: r.class_label for n, r in new_rows.items()} == {
        "Анисимов": "7А", "Ёлкин": "7А", "Громова": "10А", "Ежов": "11А"}
    assert set(new_rows) == {"Анисимов", "Ёлкин", "Громова", "Ежов"}
    new_classes = {c.label: c for c in list_classes(uow, start_year=2026)}
    assert set(new_classes) == {"7А", "10А", "11А"}
    assert new_classes["10А"].homeroom_teacher == "Павлова О.И."        # the teacher goes up with the class
    with uow:
        s = uow.session
        old_year = s.scalar(select(AcademicYear).where(AcademicYear.start_year == 2025))
        graduates = set(s.scalars(select(Enrollment.student_id).where(Enrollment.year_id == old_year.id,
                                                                      Enrollment.is_graduate.is_(True))))
        assert graduates == {sid["Ворошилов"], sid["Дятлов"], sid["Жукова"], sid["Зуев"]}
        assert s.get(Student, sid["Зуев"]).left_reason == "выпуск"
        assert s.get(Student, sid["Белова"]).left_on is not None
        assert s.get(Student, sid["Громова"]).left_on is None
        assert s.scalar(select(AcademicYear.start_year).where(AcademicYear.is_current.is_(True))) == 2026
        enr = s.scalar(select(Enrollment).join(AcademicYear).where(AcademicYear.start_year == 2026,
                                                                   Enrollment.student_id == sid["Ежов"]))
        assert enr.profile == "технологический"
    # The past year's classes, enrolments, participation and hours are as they were.
    assert snapshot(uow, 2025) == before
    # Running it again is refused: the user's choices are not re-made behind their back.
    assert plan_rollover(uow, from_year=2025).next_year_has_students
    with pytest.raises(UserError, match="уже выполнен"):
        apply_rollover(uow, from_year=2025, backup=False)
    assert len(list_students(uow, start_year=2026)) == 4


def test_keep_a_whole_class(uow, database):
    school = build_small_school(database)
    plan = plan_rollover(uow, from_year=2025)
    keep = keep_ids_for_classes(plan, [school.classes["9А"]])
    assert len(keep) == 3
    outcome = apply_rollover(uow, from_year=2025, choice=RolloverChoice(keep_ids=keep), backup=False)
    assert outcome.graduates_9 == 0 and outcome.kept_9 == 3


def test_rollover_needs_the_right_and_students(database, uow):
    build_small_school(database)
    with pytest.raises(PermissionDenied):
        plan_rollover(UnitOfWork(database, make_actor(Role.DEPUTY)), from_year=2025)
    with database.session() as s:
        s.add(AcademicYear(start_year=2030))
        s.commit()
    with pytest.raises(UserError, match="нет учащихся"):
        plan_rollover(uow, from_year=2030)
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(SchoolClass)) == 5


def test_a_cancelled_rollover_writes_nothing(uow, database):
    from app.services.progress import OperationCancelled

    build_small_school(database)
    before = snapshot(uow, 2025)
    asked = []
    with pytest.raises(OperationCancelled):
        apply_rollover(uow, from_year=2025, backup=False,
                       cancelled=lambda: asked.append(1) or len(asked) > 1)   # «Отмена» after the students
    assert len(asked) == 2
    assert snapshot(uow, 2025) == before
    assert list_students(uow, start_year=2026) == []
    with uow:
        assert uow.session.scalar(select(AcademicYear.start_year).where(AcademicYear.is_current.is_(True))) == 2025
        assert uow.session.scalar(select(func.count()).select_from(AcademicYear)) == 1
