"""The year's students as plain rows for the lists, and adding, editing, archiving and moving them.

Nothing here deletes a student: one who left the school is archived with the date (Student.left_on).
Health flags (ОВЗ, инвалидность) are personal data of a special category: rows carry them only for
those allowed to see them, `None` otherwise.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select

from app.models import AcademicYear, Enrollment, SchoolClass, Student
from app.services.access import Permission
from app.services.calendar import find_year
from app.services.accounts.concurrency import check_version, refuse_stale
from app.services.accounts.consent import health_shown
from app.services.errors import NotFound, UserError
from app.services.students.hours import hours_by_student
from app.services.text import clean_name, fold, sort_key, squeeze
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class StudentRow:
    id: int
    last_name: str
    first_name: str
    patronymic: str
    class_id: int
    class_label: str
    grade: int
    letter: str
    birth_date: dt.date | None
    sex: str | None
    has_ovz: bool | None            # None: hidden from this user
    has_disability: bool | None
    hours: float
    left_on: dt.date | None
    is_graduate: bool
    external_id: str | None
    search_text: str                # fold of surname, name, patronymic: what the search box compares

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def class_sort(self) -> tuple[int, str]:
        return self.grade, self.letter

    @property
    def has_left(self) -> bool:
        """Left the school during the year (graduates leave at its end and still count as its students)."""
        return self.left_on is not None and not self.is_graduate


@dataclass
class StudentDetails:
    """The student's form: what «Добавить» and «Изменить» edit."""

    last_name: str
    first_name: str = ""
    patronymic: str = ""
    birth_date: dt.date | None = None
    sex: str | None = None
    has_ovz: bool = False
    has_disability: bool = False
    external_id: str = ""
    class_id: int | None = None      # the class in the year being edited
    left_on: dt.date | None = None
    left_reason: str = ""
    id: int | None = None
    # The parents withdrew their consent: the flags are hidden (and kept as they are on saving).
    health_hidden: bool = False
    # The version the form was opened at (None: a new student, or a caller that does not lock).
    version: int | None = None


def list_students(uow: UnitOfWork, *, start_year: int, class_id: int | None = None) -> list[StudentRow]:
    """Every student enrolled in the year (a class teacher: their class only), sorted by class and name."""
    with uow:
        uow.require(Permission.VIEW_ROSTER)
        session = uow.session
        query = (select(Student.id, Student.last_name, Student.first_name, Student.patronymic, Student.birth_date,
                        Student.sex, Student.has_ovz, Student.has_disability, Student.left_on, Student.external_id,
                        SchoolClass.id, SchoolClass.grade, SchoolClass.letter, Enrollment.is_graduate)
                 .join(Enrollment, Enrollment.student_id == Student.id)
                 .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
                 .join(AcademicYear, AcademicYear.id == Enrollment.year_id)
                 .where(AcademicYear.start_year == start_year))
        if class_id is not None:
            query = query.where(SchoolClass.id == class_id)
        query = uow.limit_to_own_class(query)
        # Plain rows through the session's connection: no ORM row processing for a roster of 100,000.
        records = session.connection().execute(query).all()
        hours = hours_by_student(session, start_year, [r[0] for r in records] if class_id is not None else None)
        health = health_shown(uow)   # the role's right, and the consent not withdrawn
        rows = [StudentRow(sid, last, first, patr, cid, f"{grade}{letter}", grade, letter, birth, sex,
                           bool(ovz) if health(sid) else None, bool(dis) if health(sid) else None, hours.get(sid, 0.0),
                           left_on, bool(grad), ext, fold(f"{last} {first} {patr}"))
                for (sid, last, first, patr, birth, sex, ovz, dis, left_on, ext, cid, grade, letter, grad)
                in records]
    rows.sort(key=lambda r: (r.grade, sort_key(r.letter), sort_key(r.full_name)))
    return rows


def get_student(uow: UnitOfWork, student_id: int, *, start_year: int) -> StudentDetails:
    with uow:
        uow.require(Permission.VIEW_ROSTER)
        student = _student(uow.session, student_id)
        enrollment = _enrollment(uow.session, student_id, start_year)
        uow.require_own_pupil(enrollment.class_id if enrollment is not None else None)
        health = health_shown(uow)(student.id)
        return StudentDetails(student.last_name, student.first_name, student.patronymic, student.birth_date,
                              student.sex, bool(student.has_ovz) and health, bool(student.has_disability) and health,
                              student.external_id or "", enrollment.class_id if enrollment else None,
                              student.left_on, student.left_reason, student.id,
                              health_hidden=uow.actor.has(Permission.VIEW_HEALTH) and not health,
                              version=student.version)


def save_student(uow: UnitOfWork, details: StudentDetails, *, start_year: int) -> int:
    """Add a student (enrolled in `details.class_id` for the year) or edit one; returns the id."""
    # As on import: invisible characters out (a zero-width space would make a silent second pupil), NFC.
    last, first = clean_name(details.last_name).text, clean_name(details.first_name).text
    if not last or not first:
        raise UserError("Укажите фамилию и имя учащегося.")
    if details.class_id is None:
        raise UserError("Выберите класс учащегося.")
    if details.birth_date is not None and not dt.date(1990, 1, 1) <= details.birth_date <= dt.date.today():
        raise UserError(f"Дата рождения {details.birth_date:%d.%m.%Y} вне разумных пределов.")
    if details.sex not in (None, "m", "f"):
        raise UserError("Пол указан неверно.")
    external = squeeze(details.external_id) or None
    with uow:
        uow.require(Permission.EDIT_ROSTER)
        session = uow.session
        year = find_year(session, start_year)
        school_class = session.get(SchoolClass, details.class_id)
        if school_class is None or school_class.year_id != year.id:
            raise UserError("Класс не относится к выбранному учебному году.")
        if external:
            other = session.scalar(select(Student.id).where(Student.external_id == external))
            if other is not None and other != details.id:
                raise UserError(f"Идентификатор «{external}» уже есть у другого учащегося.")
        if details.id is None:
            student = Student(last_name=last)
            session.add(student)
            action = "student.add"
        else:
            student = _student(session, details.id)
            check_version(uow, student, details.version, entity="student", what=f"Учащийся {student.full_name}",
                          touch="last_name")
            action = "student.edit"
        student.last_name, student.first_name = last, first
        student.patronymic = clean_name(details.patronymic).text
        student.birth_date = details.birth_date
        student.sex = details.sex
        # A user who cannot see health flags (no right, or the consent withdrawn) cannot have meant to clear them.
        if health_shown(uow)(student.id) if details.id is not None else uow.actor.has(Permission.VIEW_HEALTH):
            student.has_ovz, student.has_disability = details.has_ovz, details.has_disability
        student.external_id = external
        with refuse_stale(uow, entity="student", entity_id=details.id, what=f"Учащийся {last} {first}"):
            session.flush()
            enrollment = _enrollment(session, student.id, start_year)
            if enrollment is None:
                session.add(Enrollment(student_id=student.id, year_id=year.id, class_id=school_class.id))
            else:
                enrollment.class_id = school_class.id
            # Students are named in the log by id only: the log is append-only and outlives anonymisation.
            uow.audit(action, entity="student", entity_id=student.id, details=f"класс {school_class.label}")
            uow.commit()
        return student.id


def archive_students(uow: UnitOfWork, student_ids: Iterable[int], *, left_on: dt.date, reason: str = "") -> None:
    """Выбытие: the students left the school on `left_on`; kept with their history, never deleted."""
    with uow:
        uow.require(Permission.EDIT_ROSTER)
        for student_id in student_ids:
            student = _student(uow.session, student_id)
            student.left_on = left_on
            student.left_reason = squeeze(reason)[:200]
            uow.audit("student.archive", entity="student", entity_id=student.id,
                      details=f"выбыл {left_on:%d.%m.%Y}")
        uow.commit()


def restore_student(uow: UnitOfWork, student_id: int) -> None:
    """Undo an archiving made by mistake."""
    with uow:
        uow.require(Permission.EDIT_ROSTER)
        student = _student(uow.session, student_id)
        student.left_on, student.left_reason = None, ""
        uow.audit("student.restore", entity="student", entity_id=student.id)
        uow.commit()


def move_students(uow: UnitOfWork, student_ids: Iterable[int], *, start_year: int, class_id: int) -> int:
    """Move students to another class of the same year; returns how many moved."""
    ids = list(student_ids)
    with uow:
        uow.require(Permission.EDIT_ROSTER)
        session = uow.session
        year = find_year(session, start_year)
        target = session.get(SchoolClass, class_id)
        if target is None or target.year_id != year.id:
            raise UserError("Класс не относится к выбранному учебному году.")
        moved = 0
        for enrollment in session.scalars(select(Enrollment).where(Enrollment.year_id == year.id,
                                                                   Enrollment.student_id.in_(ids))):
            if enrollment.class_id != target.id:
                enrollment.class_id = target.id
                moved += 1
        uow.audit("students.move", entity="school_class", entity_id=target.id,
                  details=f"в {target.label}: {moved}")
        uow.commit()
        return moved


def _student(session, student_id: int) -> Student:
    student = session.get(Student, student_id)
    if student is None:
        raise NotFound("Учащийся не найден: возможно, его уже изменил другой пользователь.")
    return student


def _enrollment(session, student_id: int, start_year: int) -> Enrollment | None:
    return session.scalar(select(Enrollment).join(AcademicYear, AcademicYear.id == Enrollment.year_id)
                          .where(Enrollment.student_id == student_id, AcademicYear.start_year == start_year))

