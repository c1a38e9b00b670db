"""The year's students as plain rows for the lists, and adding, editing, archiving and moving them.

Nothing here deletes a student: one who left the school is archived with the date (Student.left_on).
Health flags (ОВЗ, инвалидность) are personal data of a special category: rows carry them only for
those allowed to see them, `None` otherwise.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain, groupby
from operator import itemgetter
from typing import NamedTuple

from sqlalchemy import func, select

from app.models import AcademicYear, Enrollment, SchoolClass, Student
from app.services.access import Permission
from app.services.calendar import find_year
from app.services.accounts.concurrency import check_version, refuse_stale
from app.services.accounts.consent import health_shown, withdrawn_consent_ids
from app.services.errors import NotFound, UserError
from app.services.memory import collector_paused
from app.services.students.hours import hours_by_student
from app.services.text import clean_name, sort_key, squeeze
from app.services.uow import UnitOfWork


class StudentRow(NamedTuple):
    """One line of the students list: only what the table shows, filters and sorts by.

    `student_table` gives the same rows as plain tuples in this field order (`StudentRow._make(t)` names
    one): the students tab holds 100,000 of them, and plain tuples of plain values are left alone by the
    garbage collector, where as many objects of a class are traversed by every full collection (0.1 s
    each at that size, several per load)."""

    id: int
    last_name: str
    first_name: str
    patronymic: str
    full_name: str
    class_id: int
    class_label: str
    grade: int
    class_rank: int                 # the class's place in the year: by grade, then letter in Russian order
    birth_date: dt.date | None
    has_ovz: bool | None            # None: hidden from this user
    has_disability: bool | None
    hours: float | None             # None: not summed yet (student_table with hours=False)
    left_on: dt.date | None
    is_graduate: bool
    has_left: bool                  # left during the year (graduates leave at its end, still counted as students)
    search_text: str                # fold of the full name: what the search box compares
    casefolded: str                 # the full name case-folded: (search_text, casefolded) is its text.sort_key


# Positions of the fields in the plain tuples of `student_table`.
FIELD = {name: i for i, name in enumerate(StudentRow._fields)}


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
    return list(map(StudentRow._make, student_table(uow, start_year=start_year, class_id=class_id)))


def student_table(uow: UnitOfWork, *, start_year: int, class_id: int | None = None,
                  hours: bool = True) -> list[tuple]:
    """`list_students` as plain tuples in StudentRow's field order: what the students tab holds.

    `hours=False` leaves the hours field None, for `student_hours` to fill in: summing a year of
    participations (a million marks at 100,000 students) takes longer than the rest of the list."""
    with uow, collector_paused():
        uow.require(Permission.VIEW_ROSTER)
        session = uow.session
        connection = session.connection()
        found = _year_classes(uow, start_year, class_id)
        if found is None:
            return []
        year_id, classes = found
        ranked = sorted(connection.execute(classes).all(), key=lambda c: (c.grade, sort_key(c.letter)))
        roster = (select(Student.id, Student.last_name, Student.first_name, Student.patronymic, Student.birth_date,
                         Student.has_ovz, Student.has_disability, Student.left_on, Enrollment.class_id,
                         Enrollment.is_graduate)
                  .join(Enrollment, Enrollment.student_id == Student.id)
                  .where(Enrollment.year_id == year_id,
                         Enrollment.class_id.in_(classes.with_only_columns(SchoolClass.id)))
                  # By class, then roughly by name: each class's sort below finds its rows nearly in order.
                  .order_by(Enrollment.class_id, Student.last_name, Student.first_name, Student.patronymic))
        hours_of = _hours(uow, start_year, year_id, classes) if hours else None
        hidden = _health_hidden(uow)
        places = {c.id: (place, f"{c.grade}{c.letter}", c.grade) for place, c in enumerate(ranked)}
        chunks: dict[int, list[tuple]] = {}
        records = chain.from_iterable(connection.execute(roster).partitions(_BATCH))
        for cid, group in groupby(records, itemgetter(8)):
            place, label, grade = places[cid]
            # StudentRow's fields in order; the name folded once, for the search and for the sort (text.sort_key).
            chunk = [(sid, last, first, patr,
                      (full := f"{last} {first} {patr}" if first and patr
                       else " ".join(filter(None, (last, first, patr)))),
                      cid, label, grade, place, birth,
                      None if hidden is None or sid in hidden else ovz,
                      None if hidden is None or sid in hidden else dis,
                      None if hours_of is None else hours_of.get(sid, 0.0),
                      left_on, grad, left_on is not None and not grad,
                      (folded := full.casefold()).replace("ё", "е"), folded)
                     for sid, last, first, patr, birth, ovz, dis, left_on, _cid, grad in group]
            chunk.sort(key=_NAME_KEY)
            chunks[cid] = chunk
    return [row for c in ranked for row in chunks.get(c.id, ())]


def student_hours(uow: UnitOfWork, *, start_year: int, class_id: int | None = None) -> dict[int, float]:
    """{student id: hours of career guidance in the year} for the students `student_table` lists
    (those with none are absent); the same right and the same limit to a class teacher's class."""
    with uow:
        uow.require(Permission.VIEW_ROSTER)
        found = _year_classes(uow, start_year, class_id)
        if found is None:
            return {}
        return _hours(uow, start_year, *found)


_BATCH = 2000
_FEW = 2000   # students whose hours are summed one by one (by id) rather than the school's at once
_NAME_KEY = itemgetter(FIELD["search_text"], FIELD["casefolded"])


def _hours(uow: UnitOfWork, start_year: int, year_id: int, classes) -> dict[int, float]:
    """The year's hours of the students in `classes` (a query of the year's classes)."""
    session, connection = uow.session, uow.session.connection()
    listed = connection.execute(select(func.count()).select_from(classes.subquery())).scalar_one()
    of_year = connection.execute(select(func.count()).select_from(SchoolClass)
                                 .where(SchoolClass.year_id == year_id)).scalar_one()
    if listed == of_year:
        return hours_by_student(session, start_year)
    # Some classes only (one asked for, a class teacher's): none of the other students' hours.
    ids = connection.execute(select(Enrollment.student_id).where(
        Enrollment.year_id == year_id,
        Enrollment.class_id.in_(classes.with_only_columns(SchoolClass.id)))).scalars().all()
    if len(ids) <= _FEW:
        return hours_by_student(session, start_year, ids)
    everyone = hours_by_student(session, start_year)
    return {sid: everyone[sid] for sid in ids if sid in everyone}


def _year_classes(uow: UnitOfWork, start_year: int, class_id: int | None):
    """(year id, the query of the year's classes this user may list: id, grade, letter), None without the year."""
    year_id = uow.session.scalar(select(AcademicYear.id).where(AcademicYear.start_year == start_year))
    if year_id is None:
        return None
    classes = select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter).where(SchoolClass.year_id == year_id)
    if class_id is not None:
        classes = classes.where(SchoolClass.id == class_id)
    return year_id, uow.limit_to_own_class(classes)


def _health_hidden(uow: UnitOfWork) -> set[int] | None:
    """The students whose health flags this user may not see; None: none of them (no right)."""
    if not uow.actor.has(Permission.VIEW_HEALTH):
        return None
    return withdrawn_consent_ids(uow.session)


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

