"""The role matrix extended to the roster, record, attendance and graduates services of the students and
events features, and the consent rule there: a withdrawn consent hides the student's health flags.

As in test_role_matrix, the expected roles are written out from issue 8, not derived from the matrix.
"""
from __future__ import annotations

import datetime as dt

import pytest

from app.models import Student
from app.services.events import attendance
from app.services.events import class_sheets
from app.services.events import clubs
from app.services.accounts import consent
from app.services.events import graduates
from app.services.school import staff
from app.services.record import student_record
from app.services.students import students
from app.services.access import Role
from app.services.errors import PermissionDenied
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.school_people import add_attendance, build_school

A, C, P, D, T = Role.ADMIN, Role.COORDINATOR, Role.PSYCHOLOGIST, Role.DEPUTY, Role.CLASS_TEACHER


def _calls(tmp_path, people, event_id):
    s, cls = people.student_ids, people.class_ids
    own, other = s["Иванов"], s["Сидоров"]        # 7А is the class teacher's own class, 8Б is not

    def edit(u):
        details = students.get_student(UnitOfWork(u.database, make_actor(A)), own, start_year=2026)
        details.patronymic = "Изменён"
        return students.save_student(u, details, start_year=2026)

    return {
        "students.list": ({A, C, P, D, T}, lambda u: students.list_students(u, start_year=2026)),
        "students.get.own_class": ({A, C, P, D, T}, lambda u: students.get_student(u, own, start_year=2026)),
        "students.get.other_class": ({A, C, P, D}, lambda u: students.get_student(u, other, start_year=2026)),
        "students.save": ({A, C}, edit),
        "students.archive": ({A, C}, lambda u: students.archive_students(u, [other], left_on=dt.date(2026, 11, 1))),
        "record.own_class": ({A, C, P, D, T}, lambda u: student_record.student_record(u, own)),
        "record.other_class": ({A, C, P, D}, lambda u: student_record.student_record(u, other)),
        "record.pdf": ({A, C, D}, lambda u: student_record.export_record_pdf(u, own, tmp_path / "r.pdf")),
        "staff.list": ({A, C, P, D, T}, lambda u: staff.list_staff(u)),
        "attendance.load": ({A, C, D, T}, lambda u: attendance.load_attendance(u, event_id)),
        "attendance.save.own_class": ({A, C, T}, lambda u: attendance.save_attendance(
            u, event_id, [attendance.AttendanceMark(own, "attended")])),
        "attendance.save.other_class": ({A, C}, lambda u: attendance.save_attendance(
            u, event_id, [attendance.AttendanceMark(other, "absent")])),
        "sheets.class_sheet": ({A, C, T}, lambda u: class_sheets.export_class_sheet(
            u, event_id, cls["7А"], tmp_path / "sheet.xlsx")),
        "sheets.sign_in_pdf": ({A, C, D}, lambda u: class_sheets.export_sign_in_pdf(
            u, event_id, [cls["7А"]], tmp_path / "sign.pdf")),
        "graduates.list": ({A, C, D}, lambda u: graduates.list_graduates(u, 2026)),
        "graduates.save": ({A, C}, lambda u: graduates.save_graduates(u, 2026, [])),
        "clubs.students": ({A, C, P, D, T}, lambda u: clubs.year_students(u, 2026)),
        "clubs.members": ({A, C, D, T}, lambda u: clubs.club_members(u, 1, 2026)),
    }


class _Stub:
    student_ids = {"Иванов": 0, "Сидоров": 0}
    class_ids = {"7А": 0}


NAMES = list(_calls(None, _Stub, 0))


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("name", NAMES)
def test_every_role_against_roster_and_attendance_services(database, tmp_path, role, name):
    people = build_school(database)
    event_id = add_attendance(database, people, ["Иванов", "Сидоров"], on=dt.date(2026, 10, 1))
    allowed, call = _calls(tmp_path, people, event_id)[name]
    actor = make_actor(role, staff_id=people.staff_ids["teacher"] if role is T else None)
    uow = UnitOfWork(database, actor)
    if role in allowed:
        call(uow)
    else:
        with pytest.raises(PermissionDenied):
            call(uow)


def _listings(uow, event_id: int, club_id: int) -> dict[str, set[int]]:
    """The students each list a class teacher can open shows (ids)."""
    return {
        "students.list": {r.id for r in students.list_students(uow, start_year=2026)},
        "clubs.year_students": {r.student_id for r in clubs.year_students(uow, 2026)},
        "clubs.members": set(clubs.club_members(uow, club_id, 2026)),
        "attendance.load": {r.student_id for r in attendance.load_attendance(uow, event_id).rows},
    }


@pytest.mark.parametrize("role,staff,expected", [
    (A, False, {"Иванов", "Петрова", "Сидоров", "Ёлкина"}),
    (C, False, {"Иванов", "Петрова", "Сидоров", "Ёлкина"}),
    (D, False, {"Иванов", "Петрова", "Сидоров", "Ёлкина"}),
    (T, True, {"Иванов", "Петрова"}),        # 7А, the class teacher's own class
    (T, False, set()),                        # an account not linked to a staff member: nobody
], ids=["admin", "coordinator", "deputy", "class_teacher", "class_teacher_unlinked"])
def test_a_class_teacher_sees_only_their_class_in_every_student_list(database, role, staff, expected):
    people = build_school(database)
    s = people.student_ids
    event_id = add_attendance(database, people, list(s), on=dt.date(2026, 10, 1))
    coordinator = UnitOfWork(database, make_actor(C))
    club_id = clubs.save_club(coordinator, clubs.ClubData(name="Робототехника"))
    clubs.set_club_members(coordinator, club_id, 2026, list(s.values()))
    actor = make_actor(role, staff_id=people.staff_ids["teacher"] if staff else None)
    wanted = {s[name] for name in expected}
    for name, shown in _listings(UnitOfWork(database, actor), event_id, club_id).items():
        assert shown == wanted, name


def test_withdrawn_consent_hides_health_flags_in_lists_and_records(database):
    people = build_school(database)   # Петрова has ОВЗ
    petrova = people.student_ids["Петрова"]
    coordinator = UnitOfWork(database, make_actor(C))
    assert next(r for r in students.list_students(coordinator, start_year=2026) if r.id == petrova).has_ovz is True
    consent.mark_received(coordinator, [petrova], received_on=dt.date(2026, 9, 1))
    consent.record_withdrawal(coordinator, petrova, withdrawn_on=dt.date(2026, 10, 1))
    for role in (A, C, P, D):
        uow = UnitOfWork(database, make_actor(role))
        row = next(r for r in students.list_students(uow, start_year=2026) if r.id == petrova)
        assert row.has_ovz is None and row.has_disability is None
        assert student_record.student_record(uow, petrova).has_ovz is None
        details = students.get_student(uow, petrova, start_year=2026)
        assert details.has_ovz is False and details.health_hidden
    # Saving the form (where the flag shows unticked) must not clear the hidden flag.
    details = students.get_student(coordinator, petrova, start_year=2026)
    details.patronymic = "Новое"
    students.save_student(coordinator, details, start_year=2026)
    with database.session() as session:
        assert session.get(Student, petrova).has_ovz is True
    # Others are still shown.
    ivanov = next(r for r in students.list_students(coordinator, start_year=2026) if r.id == people.student_ids["Иванов"])
    assert ivanov.has_ovz is False


def test_reading_notes_in_a_student_record_is_audited(database):
    from sqlalchemy import select

    from app.models import AuditEntry
    from tests.school_people import add_consultation
    people = build_school(database)
    add_consultation(database, people, ["Иванов"], held_on=dt.date(2026, 10, 1), note="секрет")
    student_record.student_record(UnitOfWork(database, make_actor(D)), people.student_ids["Иванов"])
    record = student_record.student_record(UnitOfWork(database, make_actor(P)), people.student_ids["Иванов"])
    assert record.years[-1].consultations[0].note == "секрет"
    with database.session() as session:
        entries = session.scalars(select(AuditEntry).where(AuditEntry.action == "consultation.view")).all()
    assert [(e.user_login, e.entity_id) for e in entries] == [("test-psychologist", people.student_ids["Иванов"])]
