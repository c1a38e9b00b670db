"""Year rollover («Переход на новый учебный год»): plan → preview → apply.

Apply creates the next academic year, a class one grade up for every class (same letter, homeroom
teacher and profile), enrols every continuing student there, marks 9th and 11th graders graduates
(Enrollment.is_graduate) of the year that ends — except the 9th graders the user keeps, who go on to
10th — and archives graduates and leavers. The year that ends keeps its classes, enrolments and
participations exactly as they were: only the graduate marks are added to it.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.models import AcademicYear, Enrollment, SchoolClass, Student
from app.services.access import Permission
from app.services.storage.backups import take_backup
from app.services.calendar import find_year, get_or_create_year, set_current_year, year_bounds, year_title
from app.services.errors import UserError
from app.services.progress import CancelledFn, ProgressFn, check_cancelled, report
from app.services.text import sort_key
from app.services.uow import UnitOfWork

GRADUATION_GRADES = (9, 11)
GRADUATE_REASON = "выпуск"


@dataclass(frozen=True)
class RolloverStudent:
    id: int
    full_name: str
    class_id: int
    class_label: str
    grade: int


@dataclass(frozen=True)
class ClassMove:
    class_id: int
    label: str
    grade: int
    size: int
    new_label: str | None          # None: the class graduates


@dataclass
class RolloverPlan:
    from_year: int
    classes: list[ClassMove]
    students: list[RolloverStudent]          # everyone who is still at school at the end of the year
    already_left: int                        # archived during the year: not carried over
    next_year_has_students: bool = False

    @property
    def to_year(self) -> int:
        return self.from_year + 1

    @property
    def graduation_candidates(self) -> list[RolloverStudent]:
        return [s for s in self.students if s.grade in GRADUATION_GRADES]


@dataclass(frozen=True)
class RolloverChoice:
    """What the user decided in the wizard."""

    keep_ids: frozenset[int] = frozenset()       # 9th graders who go on to 10th
    leaver_ids: frozenset[int] = frozenset()     # students who leave the school at the end of the year


@dataclass
class RolloverOutcome:
    from_year: int
    moved: int = 0
    graduates_9: int = 0
    graduates_11: int = 0
    kept_9: int = 0
    left: int = 0
    classes_created: list[str] = field(default_factory=list)
    backup: Path | None = None

    def describe(self) -> str:
        return "\n".join([
            f"Создан {year_title(self.from_year + 1)} учебный год.",
            f"Переведено в следующий класс: {self.moved}",
            f"Выпускники 9 классов: {self.graduates_9} (остались в 10 классе: {self.kept_9})",
            f"Выпускники 11 классов: {self.graduates_11}",
            f"Выбыли: {self.left}",
            f"Классы нового года: {', '.join(self.classes_created) or '—'}",
        ])


def plan_rollover(uow: UnitOfWork, *, from_year: int) -> RolloverPlan:
    with uow:
        uow.require(Permission.ROLLOVER)
        session = uow.session
        year = find_year(session, from_year)
        _, year_end = year_bounds(from_year)
        records = session.execute(
            select(Student.id, Student.last_name, Student.first_name, Student.patronymic, Student.left_on,
                   SchoolClass.id, SchoolClass.grade, SchoolClass.letter)
            .join(Enrollment, Enrollment.student_id == Student.id)
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
            .where(Enrollment.year_id == year.id)).all()
        if not records:
            raise UserError(f"В {year_title(from_year)} учебном году нет учащихся: переводить некого.")
        students: list[RolloverStudent] = []
        already_left = 0
        sizes: dict[int, int] = {}
        for sid, last, first, patr, left_on, cid, grade, letter in records:
            if left_on is not None and left_on <= year_end:
                already_left += 1
                continue
            name = " ".join(p for p in (last, first, patr) if p)
            students.append(RolloverStudent(sid, name, cid, f"{grade}{letter}", grade))
            sizes[cid] = sizes.get(cid, 0) + 1
        students.sort(key=lambda s: (s.grade, sort_key(s.class_label), sort_key(s.full_name)))
        classes = [ClassMove(c.id, c.label, c.grade, sizes.get(c.id, 0),
                             None if c.grade == 11 else f"{c.grade + 1}{c.letter}")
                   for c in session.scalars(select(SchoolClass).where(SchoolClass.year_id == year.id)
                                            .order_by(SchoolClass.grade, SchoolClass.letter))]
        next_year = session.scalar(select(AcademicYear).where(AcademicYear.start_year == from_year + 1))
        has_next = next_year is not None and session.scalar(
            select(Enrollment.id).where(Enrollment.year_id == next_year.id).limit(1)) is not None
        return RolloverPlan(from_year, classes, students, already_left, has_next)


def apply_rollover(uow: UnitOfWork, *, from_year: int, choice: RolloverChoice = RolloverChoice(),
                   backup: bool = True, progress: ProgressFn | None = None,
                   cancelled: CancelledFn | None = None) -> RolloverOutcome:
    """Carry the school into the next year as planned, in one transaction after a backup copy; cancelled,
    it writes nothing (the backup copy stays, as after any refused change)."""
    plan = plan_rollover(uow, from_year=from_year)
    if plan.next_year_has_students:
        # A second run would re-decide who graduates and who stays: the user decided once already.
        raise UserError(f"В {year_title(from_year + 1)} учебном году уже есть учащиеся: переход на новый год "
                        "уже выполнен или список загружен. Переводите отдельных учащихся на странице «Классы».")
    with uow:
        uow.require(Permission.ROLLOVER)
        session = uow.session
        outcome = RolloverOutcome(from_year)
        if backup and uow.database.path is not None:
            outcome.backup = take_backup(uow.database, reason="before-rollover")
        old_year = find_year(session, from_year)
        was_current = bool(old_year.is_current)
        new_year = get_or_create_year(session, from_year + 1)
        _, year_end = year_bounds(from_year)
        old_classes = {c.id: c for c in session.scalars(select(SchoolClass).where(SchoolClass.year_id == old_year.id))}
        new_classes = {(c.grade, c.letter): c for c in
                       session.scalars(select(SchoolClass).where(SchoolClass.year_id == new_year.id))}
        old_enrollments = {e.student_id: e for e in
                           session.scalars(select(Enrollment).where(Enrollment.year_id == old_year.id))}

        def class_for(grade: int, source: SchoolClass) -> SchoolClass:
            key = (grade, source.letter)
            if key not in new_classes:
                created = SchoolClass(year_id=new_year.id, grade=grade, letter=source.letter,
                                      homeroom_teacher_id=source.homeroom_teacher_id,
                                      profile=source.profile if grade >= 10 else "")
                session.add(created)
                session.flush()
                new_classes[key] = created
                outcome.classes_created.append(f"{grade}{source.letter}")
            return new_classes[key]

        for done, student in enumerate(plan.students):
            if done % 200 == 0:
                check_cancelled(cancelled, "Переход на новый учебный год отменён")
                report(progress, done, len(plan.students))
            source = old_classes[student.class_id]
            old_enrollment = old_enrollments[student.id]
            graduates = student.grade == 11 or (student.grade == 9 and student.id not in choice.keep_ids)
            if graduates:
                old_enrollment.is_graduate = True
                _archive(session, student.id, year_end, GRADUATE_REASON)
                if student.grade == 9:
                    outcome.graduates_9 += 1
                else:
                    outcome.graduates_11 += 1
                continue
            if student.id in choice.leaver_ids:
                _archive(session, student.id, year_end, "выбыл по окончании учебного года")
                outcome.left += 1
                continue
            target = class_for(student.grade + 1, source)
            profile = old_enrollment.profile if student.grade >= 10 else ""
            session.add(Enrollment(student_id=student.id, year_id=new_year.id, class_id=target.id, profile=profile))
            outcome.moved += 1
            if student.grade == 9:
                outcome.kept_9 += 1
        check_cancelled(cancelled, "Переход на новый учебный год отменён")
        if was_current:
            set_current_year(session, new_year.start_year)
        uow.audit("year.rollover", entity="academic_year", entity_id=new_year.id,
                  details=f"{year_title(from_year)} → {year_title(from_year + 1)}: переведено {outcome.moved}, "
                          f"выпускников {outcome.graduates_9 + outcome.graduates_11}, выбыли {outcome.left}")
        uow.commit()
    outcome.classes_created.sort(key=lambda label: (int(label.rstrip("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ")), label))
    return outcome


def _archive(session, student_id: int, on: dt.date, reason: str) -> None:
    student = session.get(Student, student_id)
    if student.left_on is None:
        student.left_on, student.left_reason = on, reason


def keep_ids_for_classes(plan: RolloverPlan, class_ids: Iterable[int]) -> frozenset[int]:
    """Every 9th grader of these classes: «keep the whole class» in the wizard."""
    wanted = set(class_ids)
    return frozenset(s.id for s in plan.students if s.grade == 9 and s.class_id in wanted)
