"""The year's classes (классы): their size and homeroom teacher; add, rename, merge.

Merging moves every student of one class into another and removes the emptied class — the only time
a class disappears, and only on the user's explicit request.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from app.models import Enrollment, SchoolClass, Staff
from app.models.staff import short_name
from app.services.access import Permission, Role
from app.services.calendar import find_year
from app.services.students.class_label import parse_class_label
from app.services.errors import NotFound, UserError
from app.services.text import squeeze
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class ClassRow:
    id: int
    label: str
    grade: int
    letter: str
    size: int
    profile: str
    homeroom_teacher_id: int | None
    homeroom_teacher: str           # «Иванова А.П.» or ""

    @property
    def sort_key(self) -> tuple[int, str]:
        return self.grade, self.letter


def list_classes(uow: UnitOfWork, *, start_year: int) -> list[ClassRow]:
    with uow:
        uow.require(Permission.VIEW_ROSTER)
        session = uow.session
        from app.models import AcademicYear
        year = session.scalar(select(AcademicYear).where(AcademicYear.start_year == start_year))
        if year is None:
            return []
        sizes = dict(session.execute(select(Enrollment.class_id, func.count())
                                     .where(Enrollment.year_id == year.id).group_by(Enrollment.class_id)).all())
        # Plain columns, not a SchoolClass and a Staff object per class: a big school has thousands of classes.
        query = (select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter, SchoolClass.profile,
                        SchoolClass.homeroom_teacher_id, Staff.last_name, Staff.first_name, Staff.patronymic)
                 .outerjoin(Staff, Staff.id == SchoolClass.homeroom_teacher_id)
                 .where(SchoolClass.year_id == year.id).order_by(SchoolClass.grade, SchoolClass.letter))
        if uow.actor.role is Role.CLASS_TEACHER:
            query = query.where(SchoolClass.homeroom_teacher_id == uow.actor.staff_id)
        return [ClassRow(cid, f"{grade}{letter}", grade, letter, sizes.get(cid, 0), profile, teacher_id,
                         short_name(last, first, patronymic) if last is not None else "")
                for cid, grade, letter, profile, teacher_id, last, first, patronymic
                in session.connection().execute(query)]


def add_class(uow: UnitOfWork, *, start_year: int, label: str, homeroom_teacher_id: int | None = None,
              profile: str = "") -> int:
    parsed = parse_class_label(label)
    with uow:
        uow.require(Permission.EDIT_ROSTER)
        year = find_year(uow.session, start_year)
        _refuse_duplicate(uow.session, year.id, parsed.grade, parsed.letter, None)
        school_class = SchoolClass(year_id=year.id, grade=parsed.grade, letter=parsed.letter,
                                   profile=squeeze(profile), homeroom_teacher_id=_teacher(uow.session,
                                                                                          homeroom_teacher_id))
        uow.session.add(school_class)
        uow.session.flush()
        uow.audit("class.add", entity="school_class", entity_id=school_class.id, details=school_class.label)
        uow.commit()
        return school_class.id


def update_class(uow: UnitOfWork, class_id: int, *, label: str, homeroom_teacher_id: int | None,
                 profile: str = "") -> None:
    """Rename a class («5А» → «5Б»), set its homeroom teacher and profile."""
    parsed = parse_class_label(label)
    with uow:
        uow.require(Permission.EDIT_ROSTER)
        school_class = _class(uow.session, class_id)
        _refuse_duplicate(uow.session, school_class.year_id, parsed.grade, parsed.letter, class_id)
        old = school_class.label
        school_class.grade, school_class.letter = parsed.grade, parsed.letter
        school_class.homeroom_teacher_id = _teacher(uow.session, homeroom_teacher_id)
        school_class.profile = squeeze(profile)
        uow.audit("class.edit", entity="school_class", entity_id=class_id, details=f"{old} → {school_class.label}")
        uow.commit()


def merge_classes(uow: UnitOfWork, *, source_id: int, target_id: int) -> int:
    """Move every student of `source_id` into `target_id` and remove the emptied class; returns how many moved."""
    if source_id == target_id:
        raise UserError("Нельзя объединить класс с самим собой.")
    with uow:
        uow.require(Permission.EDIT_ROSTER)
        session = uow.session
        source, target = _class(session, source_id), _class(session, target_id)
        if source.year_id != target.year_id:
            raise UserError("Объединять можно только классы одного учебного года.")
        enrollments = session.scalars(select(Enrollment).where(Enrollment.class_id == source.id)).all()
        for enrollment in enrollments:
            enrollment.class_id = target.id
        session.flush()
        label = source.label
        session.delete(source)
        uow.audit("class.merge", entity="school_class", entity_id=target.id,
                  details=f"{label} → {target.label}: {len(enrollments)}")
        uow.commit()
        return len(enrollments)


def _class(session, class_id: int) -> SchoolClass:
    school_class = session.get(SchoolClass, class_id)
    if school_class is None:
        raise NotFound("Класс не найден: возможно, его уже изменил другой пользователь.")
    return school_class


def _teacher(session, staff_id: int | None) -> int | None:
    if staff_id is not None and session.get(Staff, staff_id) is None:
        raise NotFound("Сотрудник не найден.")
    return staff_id


def _refuse_duplicate(session, year_id: int, grade: int, letter: str, own_id: int | None) -> None:
    other = session.scalar(select(SchoolClass.id).where(SchoolClass.year_id == year_id, SchoolClass.grade == grade,
                                                        SchoolClass.letter == letter))
    if other is not None and other != own_id:
        raise UserError(f"Класс {grade}{letter} в этом учебном году уже есть. Чтобы соединить два класса, "
                        "выберите «Объединить».")
