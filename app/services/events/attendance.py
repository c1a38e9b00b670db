"""An event's attendance (отметка участия): the students of the chosen classes as plain rows, and
saving the marks in one transaction. A class teacher sees and marks only their own class."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain, groupby
from operator import itemgetter

from sqlalchemy import and_, or_, select

from app.models import AcademicYear, Enrollment, Participation, SchoolClass, Student
from app.models.codes import COMPETITION_RESULTS, PARTICIPATION_STATUSES
from app.services.access import Permission, Role
from app.services.accounts.concurrency import check_version, refuse_stale
from app.services.calendar import start_year_of
from app.services.errors import UserError
from app.services.events.events import MAX_HOURS, event_or_error
from app.services.memory import collector_paused
from app.services.text import sort_key
from app.services.uow import UnitOfWork


@dataclass(slots=True)
class AttendanceRow:
    """One student on the checklist; `status` None means not marked (no participation record). Edited in
    place by the checklist; slots, not a dict per row: an event of 60,000 marks loads as many rows."""

    student_id: int
    full_name: str
    class_id: int
    class_label: str
    status: str | None = None
    result: str | None = None
    competence: str = ""
    hours: float | None = None       # None = the event's hours
    sex: str | None = None           # «м»/«ж» of the roster (m / f), for «участвовал» / «участвовала»
    search_text: str = ""            # fold of the full name, for the type-ahead by surname

    def key(self) -> tuple:
        return (self.status, self.result, self.competence or "", self.hours)


@dataclass(frozen=True)
class ClassOption:
    id: int
    label: str
    grade: int
    selected: bool


@dataclass
class AttendanceSheet:
    event_id: int
    title: str
    category: str
    starts_on: dt.date
    hours: float
    year: int
    classes: list[ClassOption]
    rows: list[AttendanceRow] = field(default_factory=list)
    # The event's version when the sheet was read: saving from an outdated sheet is refused.
    version: int | None = None

    @property
    def selected_class_ids(self) -> list[int]:
        return [c.id for c in self.classes if c.selected]


@dataclass(frozen=True)
class AttendanceMark:
    student_id: int
    status: str | None
    result: str | None = None
    competence: str = ""
    hours: float | None = None


@dataclass(frozen=True)
class SaveSummary:
    added: int
    changed: int
    removed: int

    def describe(self) -> str:
        return f"Сохранено: добавлено отметок — {self.added}, изменено — {self.changed}, снято — {self.removed}."


def _teacher_classes(uow: UnitOfWork, year_id: int) -> set[int] | None:
    """The classes a class teacher may work with (None = any class)."""
    if uow.actor.role is not Role.CLASS_TEACHER:
        return None
    if uow.actor.staff_id is None:
        return set()
    return set(uow.session.scalars(select(SchoolClass.id).where(
        SchoolClass.year_id == year_id, SchoolClass.homeroom_teacher_id == uow.actor.staff_id)))


def load_attendance(uow: UnitOfWork, event_id: int, *, class_ids: Sequence[int] | None = None) -> AttendanceSheet:
    """The checklist of an event. By default: the classes of its target grades plus every class one of
    its participants sits in; with `class_ids`, exactly those classes (existing marks of other classes
    are kept in the database, not shown)."""
    with uow, collector_paused():
        uow.require(Permission.VIEW_EVENTS)
        s = uow.session
        event = event_or_error(uow, event_id)
        start = start_year_of(event.starts_on)
        year_id = s.scalar(select(AcademicYear.id).where(AcademicYear.start_year == start))
        all_classes = [] if year_id is None else s.execute(
            select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter).where(SchoolClass.year_id == year_id)).all()
        allowed = _teacher_classes(uow, year_id) if year_id is not None else set()
        if allowed is not None:
            all_classes = [c for c in all_classes if c.id in allowed]
        # Read through the session's connection (Core rows, no ORM row processing): a 60,000-mark event
        # as ORM objects took 2 s.
        db = s.connection()
        if class_ids is None:
            grades = {int(g) for g in event.target_grades.split(",") if g}
            # Every mark decides, those of classes not on the list as well: the classes they sit in are.
            marked_classes = set() if year_id is None else set(db.execute(
                select(Enrollment.class_id).distinct().join(Participation, Participation.student_id == Enrollment.student_id)
                .where(Participation.event_id == event_id, Enrollment.year_id == year_id)).scalars())
            chosen = {c.id for c in all_classes if c.grade in grades or c.id in marked_classes}
        else:
            chosen = set(class_ids) & {c.id for c in all_classes}
        options = [ClassOption(c.id, f"{c.grade}{c.letter}", c.grade, c.id in chosen)
                   for c in sorted(all_classes, key=lambda c: (c.grade, sort_key(c.letter)))]
        labels = {c.id: c.label for c in options}
        chunks: dict[int, list[AttendanceRow]] = {}
        if chosen:
            # The students and their marks in one query; a student who left before the event is not on the
            # list unless already marked. By class, then roughly by name: each class's sort has little to do.
            found = db.execute(
                select(Student.id, Student.last_name, Student.first_name, Student.patronymic, Enrollment.class_id,
                       Student.sex, Participation.status, Participation.result, Participation.competence,
                       Participation.hours)
                .join(Enrollment, Enrollment.student_id == Student.id)
                .outerjoin(Participation, and_(Participation.student_id == Student.id,
                                               Participation.event_id == event_id))
                .where(Enrollment.year_id == year_id, Enrollment.class_id.in_(chosen),
                       or_(Participation.id.is_not(None), Student.left_on.is_(None),
                           Student.left_on >= event.starts_on))
                .order_by(Enrollment.class_id, Student.last_name, Student.first_name, Student.patronymic))
            for cls, group in groupby(chain.from_iterable(found.partitions(2000)), itemgetter(4)):
                label = labels[cls]
                # Each row with text.sort_key of its name (the fold, then the case-folded name), folded once.
                keyed = [((text := (folded := (name := f"{last} {first} {patronymic}" if first and patronymic
                                               else " ".join(filter(None, (last, first, patronymic)))).casefold()
                                    ).replace("ё", "е"), folded),
                          AttendanceRow(sid, name, cls, label, status, result, competence or "", hours, sex, text))
                         for sid, last, first, patronymic, _cls, sex, status, result, competence, hours in group]
                keyed.sort(key=_KEY)
                chunks[cls] = [row for _key, row in keyed]
        sheet_rows = [row for c in options for row in chunks.get(c.id, ())]
        return AttendanceSheet(event.id, event.title, event.category, event.starts_on, event.hours, start, options,
                               sheet_rows, version=event.version)


_KEY = itemgetter(0)


def validate_mark(mark: AttendanceMark) -> AttendanceMark:
    if mark.status is not None and mark.status not in PARTICIPATION_STATUSES:
        raise UserError(f"Отметка «{mark.status}» неизвестна.")
    if mark.result is not None and mark.result not in COMPETITION_RESULTS:
        raise UserError(f"Результат «{mark.result}» неизвестен.")
    if mark.hours is not None and not 0 <= mark.hours <= MAX_HOURS:
        raise UserError(f"Часы участия должны быть от 0 до {MAX_HOURS}.")
    return mark


def save_attendance(uow: UnitOfWork, event_id: int, marks: Iterable[AttendanceMark], *,
                    audit_action: str = "attendance.save", expected_version: int | None = None) -> SaveSummary:
    """Write the marks of the given students in one transaction; status None removes a mark.

    A change bumps the event's version: two users saving the same event's attendance at once, or one
    saving from a sheet read before the other's save (`expected_version`), get the second save refused."""
    marks = [validate_mark(m) for m in marks]
    with uow:
        uow.require(Permission.EDIT_ATTENDANCE)
        s = uow.session
        event = event_or_error(uow, event_id)
        year_id = s.scalar(select(AcademicYear.id).where(AcademicYear.start_year == start_year_of(event.starts_on)))
        ids = {m.student_id for m in marks}
        enrolled = dict(s.execute(select(Enrollment.student_id, Enrollment.class_id)
                                  .where(Enrollment.year_id == year_id, Enrollment.student_id.in_(ids))).all()) \
            if ids and year_id is not None else {}
        existing = {p.student_id: p for p in s.scalars(
            select(Participation).where(Participation.event_id == event_id, Participation.student_id.in_(ids)))}
        missing = ids - set(enrolled)
        if missing - set(existing):
            raise UserError("Среди отмеченных есть обучающиеся, которые не учились в школе в учебном году "
                            "мероприятия. Обновите список и попробуйте снова.")
        for class_id in {enrolled[i] for i in ids if i in enrolled}:
            uow.require_class_access(class_id)
        added = changed = removed = 0
        for m in marks:
            p = existing.get(m.student_id)
            if m.status is None:
                if p is not None:
                    s.delete(p)
                    removed += 1
                continue
            values = dict(status=m.status, result=m.result, competence=(m.competence or "").strip(), hours=m.hours)
            if p is None:
                s.add(Participation(event_id=event_id, student_id=m.student_id, **values))
                added += 1
            elif any(getattr(p, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(p, k, v)
                changed += 1
        summary = SaveSummary(added, changed, removed)
        what = f"Отметка участия в мероприятии «{event.title}»"
        if added or changed or removed or expected_version is not None:
            check_version(uow, event, expected_version, entity="event", what=what, touch="title")
        with refuse_stale(uow, entity="event", entity_id=event_id, what=what):
            if added or changed or removed:
                uow.audit(audit_action, entity="event", entity_id=event_id,
                          details=f"добавлено {added}, изменено {changed}, снято {removed}")
            uow.commit()
        return summary
