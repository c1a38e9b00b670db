"""Students, classes, staff and hours services on a small school built in a real database file."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.models import AuditEntry, Enrollment, SchoolClass, Student
from app.services.access import Role
from app.services.errors import PermissionDenied, UserError
from app.services.students.hours import hours_by_student
from app.services.students.classes import add_class, list_classes, merge_classes, update_class
from app.services.school.staff import StaffDetails, list_staff, save_staff
from app.services.students.students import (StudentDetails, archive_students, get_student, list_students, move_students,
                                   restore_student, save_student)
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.small_school import build_small_school


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database


@pytest.fixture
def school(database):
    return build_small_school(database)


def test_hours_sum_attended_participations_inside_the_year(uow, school):
    with uow:
        hours = hours_by_student(uow.session, 2025)
        assert hours[school.students["Ёлкин"]] == 9.0       # 1 + 6 (own hours) + 2; absent/registered not counted
        assert hours[school.students["Громова"]] == 1.0
        assert school.students["Анисимов"] not in hours and school.students["Белова"] not in hours
        assert hours_by_student(uow.session, 2024) == {school.students["Ёлкин"]: 3.0}
        assert hours_by_student(uow.session, 2025, [school.students["Громова"]]) == {school.students["Громова"]: 1.0}


def test_rows_of_the_year_with_search_text_hours_and_health(uow, school):
    rows = list_students(uow, start_year=2025)
    assert [r.class_label for r in rows] == ["6А", "6А", "8Б", "9А", "9А", "9А", "10А", "11А", "11А"]
    assert [r.last_name for r in rows[:2]] == ["Анисимов", "Ёлкин"]     # Russian order: Ё with Е, after А
    elkin = rows[1]
    assert elkin.search_text == "елкин иван петрович" and elkin.hours == 9.0
    belova = next(r for r in rows if r.last_name == "Белова")
    assert belova.has_ovz is True and belova.has_disability is False


def test_health_flags_hidden_without_the_right(database, school):
    # A class teacher may not see health flags and sees only their own class.
    teacher = UnitOfWork(database, make_actor(Role.CLASS_TEACHER, staff_id=school.teacher_id))
    rows = list_students(teacher, start_year=2025)
    assert {r.class_label for r in rows} == {"9А"}
    assert all(r.has_ovz is None and r.has_disability is None for r in rows)


def test_add_edit_archive_and_move(uow, school):
    new_id = save_student(uow, StudentDetails("  Новикова ", "Ольга", birth_date=dt.date(2013, 5, 2), sex="f",
                                              has_ovz=True, class_id=school.classes["8Б"]), start_year=2025)
    details = get_student(uow, new_id, start_year=2025)
    assert (details.last_name, details.class_id, details.has_ovz) == ("Новикова", school.classes["8Б"], True)
    details.patronymic = "Сергеевна"
    details.class_id = school.classes["6А"]
    save_student(uow, details, start_year=2025)
    assert get_student(uow, new_id, start_year=2025).class_id == school.classes["6А"]
    archive_students(uow, [new_id], left_on=dt.date(2026, 1, 15), reason="переезд")
    row = next(r for r in list_students(uow, start_year=2025) if r.id == new_id)
    assert row.has_left and row.left_on == dt.date(2026, 1, 15)
    restore_student(uow, new_id)
    assert not next(r for r in list_students(uow, start_year=2025) if r.id == new_id).has_left
    moved = move_students(uow, [school.students["Ёлкин"], school.students["Анисимов"]], start_year=2025,
                          class_id=school.classes["8Б"])
    assert moved == 2
    assert {r.class_label for r in list_students(uow, start_year=2025, class_id=school.classes["8Б"])} == {"8Б"}
    with uow:
        actions = set(uow.session.scalars(select(AuditEntry.action)))
        assert {"student.add", "student.edit", "student.archive", "students.move"} <= actions


def test_student_form_refuses_bad_input(uow, school):
    with pytest.raises(UserError, match="фамилию и имя"):
        save_student(uow, StudentDetails("Иванов", "", class_id=school.classes["6А"]), start_year=2025)
    with pytest.raises(UserError, match="Выберите класс"):
        save_student(uow, StudentDetails("Иванов", "Иван"), start_year=2025)


def test_classes_size_teacher_add_rename_merge(uow, school):
    classes = {c.label: c for c in list_classes(uow, start_year=2025)}
    assert classes["9А"].size == 3 and classes["9А"].homeroom_teacher == "Павлова О.И."
    new_id = add_class(uow, start_year=2025, label="9 б")
    with pytest.raises(UserError, match="уже есть"):
        add_class(uow, start_year=2025, label="9Б")
    with pytest.raises(UserError, match="от 1 до 11"):
        add_class(uow, start_year=2025, label="13Я")
    update_class(uow, new_id, label="9В", homeroom_teacher_id=school.teacher_id)
    assert "9В" in {c.label for c in list_classes(uow, start_year=2025)}
    assert merge_classes(uow, source_id=school.classes["9А"], target_id=new_id) == 3
    classes = {c.label: c for c in list_classes(uow, start_year=2025)}
    assert "9А" not in classes and classes["9В"].size == 3
    with uow:
        assert uow.session.scalar(select(func.count()).select_from(Student)) == 9


def test_staff_list_with_homeroom_classes(uow, school):
    staff_id = save_staff(uow, StaffDetails("Кириллова", "Вера", position="Социальный педагог",
                                            email="k@school.ru"))
    rows = {r.last_name: r for r in list_staff(uow, start_year=2025)}
    assert rows["Павлова"].classes == "9А" and rows["Кириллова"].id == staff_id
    assert [r.last_name for r in list_staff(uow)] == ["Зорина", "Кириллова", "Павлова"]
    with pytest.raises(UserError, match="E-mail"):
        save_staff(uow, StaffDetails("Петров", email="не почта"))


def test_editing_needs_the_right(database, school):
    deputy = UnitOfWork(database, make_actor(Role.DEPUTY))
    assert list_students(deputy, start_year=2025)
    with pytest.raises(PermissionDenied):
        move_students(deputy, [school.students["Ёлкин"]], start_year=2025, class_id=school.classes["8Б"])
    with pytest.raises(PermissionDenied):
        add_class(deputy, start_year=2025, label="1А")
    with database.session() as s:
        assert s.scalar(select(func.count()).select_from(SchoolClass)) == 5
        assert s.scalar(select(func.count()).select_from(Enrollment)) == 9
