"""Психолого-педагогические консультации: logging individual and group consultations, the list with
filters and upcoming follow-ups, and the confidential notes.

The list, the follow-ups and the counting never touch `consultation_note`. Only `read_note` and
`save_consultation` do, and both demand READ_CONSULTATION_NOTES (a psychologist, or an administrator
explicitly allowed); every reading of a note is written to the audit log («просмотр консультации»).
A student whose parents withdrew their consent gets no new notes.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select

from app.models import (AcademicYear, Consultation, ConsultationNote, ConsultationTopic, Enrollment, SchoolClass,
                        Staff, Student, consultation_student)
from app.models.codes import CONSULTATION_KINDS, CONSULTATION_REQUESTERS
from app.services.access import Permission
from app.services.calendar import year_bounds
from app.services.accounts import notes_keys
from app.services.accounts.consent import withdrawn_consent_ids
from app.services.errors import NotFound, PermissionDenied, UserError
from app.services.labels import (CONSULTATION_KIND_LABELS, CONSULTATION_REQUESTER_LABELS,
                                 DEFAULT_CONSULTATION_TOPICS)
from app.services.text import fold, sort_key, squeeze
from app.services.uow import UnitOfWork

NOTES_CLOSED_REASON = ("Конфиденциальные записи консультаций видят только педагоги-психологи и администратор, "
                       "которому это разрешено.")
NOTE_VIEW_DETAILS = "просмотр консультации"


@dataclass(frozen=True)
class Choice:
    id: int
    name: str


@dataclass(frozen=True)
class ConsultationRow:
    """A consultation as lists show it: never its notes."""

    id: int
    held_on: dt.date
    kind: str
    kind_label: str
    requested_by: str
    requested_by_label: str
    specialist_id: int | None
    specialist_name: str
    topic_id: int | None
    topic_name: str
    follow_up_on: dt.date | None
    student_ids: tuple[int, ...]
    student_names: str
    search_text: str = field(default="", compare=False)


@dataclass
class ConsultationInput:
    held_on: dt.date
    student_ids: list[int]
    kind: str = "individual"
    requested_by: str = "student"
    specialist_id: int | None = None
    topic_id: int | None = None
    follow_up_on: dt.date | None = None
    # None leaves the notes as they are (and needs no right to read them); text replaces them.
    note: str | None = None


@dataclass(frozen=True)
class StudentChoice:
    id: int
    name: str
    class_label: str
    consent_withdrawn: bool

    @property
    def search_text(self) -> str:
        return fold(f"{self.name} {self.class_label}")


# --- topics ---------------------------------------------------------------------------------------
def ensure_default_topics(session) -> None:
    if session.scalar(select(func.count()).select_from(ConsultationTopic)):
        return
    for name in DEFAULT_CONSULTATION_TOPICS:
        session.add(ConsultationTopic(name=name))
    session.flush()


def list_topics(uow: UnitOfWork) -> list[Choice]:
    with uow:
        uow.require(Permission.VIEW_CONSULTATIONS)
        if not uow.session.scalar(select(func.count()).select_from(ConsultationTopic)):
            ensure_default_topics(uow.session)
            uow.commit()
        topics = uow.session.scalars(select(ConsultationTopic)).all()
        return sorted((Choice(t.id, t.name) for t in topics), key=lambda c: sort_key(c.name))


def add_topic(uow: UnitOfWork, name: str) -> int:
    """A new topic for the list; an existing one (in any case, ё = е) is returned instead of a duplicate."""
    name = squeeze(name)
    if not name:
        raise UserError("Укажите тему консультации.")
    if len(name) > 200:
        raise UserError("Тема консультации слишком длинная: не больше 200 знаков.")
    with uow:
        uow.require(Permission.EDIT_CONSULTATIONS)
        ensure_default_topics(uow.session)
        for topic in uow.session.scalars(select(ConsultationTopic)):
            if fold(topic.name) == fold(name):
                return topic.id
        topic = ConsultationTopic(name=name)
        uow.session.add(topic)
        uow.session.flush()
        uow.audit("consultation_topic.create", entity="consultation_topic", entity_id=topic.id, details=name)
        uow.commit()
        return topic.id


def list_specialists(uow: UnitOfWork) -> list[Choice]:
    """Active staff, psychologists and social pedagogues first."""
    with uow:
        uow.require(Permission.VIEW_CONSULTATIONS)
        # Plain columns: the journal's filter is filled on the window's thread, and a big school has thousands.
        staff = [(sid, _full_name(last, first, patronymic), position) for sid, last, first, patronymic, position
                 in uow.session.connection().execute(
                     select(Staff.id, Staff.last_name, Staff.first_name, Staff.patronymic, Staff.position)
                     .where(Staff.is_active.is_(True)))]

        def key(member: tuple[int, str, str]):
            position = fold(member[2])
            first = 0 if "психолог" in position else 1 if "социальн" in position else 2
            return (first, sort_key(member[1]))

        return [Choice(sid, name + (f" ({position})" if position else ""))
                for sid, name, position in sorted(staff, key=key)]


def students_to_choose(uow: UnitOfWork, *, year: int) -> list[StudentChoice]:
    """The year's students for the picker, with whether their consent was withdrawn."""
    with uow:
        uow.require(Permission.VIEW_CONSULTATIONS)
        withdrawn = withdrawn_consent_ids(uow.session)
        rows = uow.session.execute(
            select(Student, SchoolClass.grade, SchoolClass.letter)
            .join(Enrollment, Enrollment.student_id == Student.id)
            .join(AcademicYear, AcademicYear.id == Enrollment.year_id)
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
            .where(AcademicYear.start_year == year, Student.is_anonymized.is_(False))).all()
        choices = [StudentChoice(s.id, s.full_name, f"{g}{letter}", s.id in withdrawn) for s, g, letter in rows]
        return sorted(choices, key=lambda c: sort_key(c.name))


# --- the list -------------------------------------------------------------------------------------
# What the list shows of a consultation, read as plain columns (a big school's year has thousands).
_LISTED = (Consultation.id, Consultation.held_on, Consultation.kind, Consultation.requested_by,
           Consultation.specialist_id, Consultation.topic_id, Consultation.follow_up_on)


def _full_name(last: str, first: str, patronymic: str) -> str:
    return " ".join(p for p in (last, first, patronymic) if p)   # as Student.full_name and Staff.full_name


def _rows(uow: UnitOfWork, consultations) -> list[ConsultationRow]:
    """The list's rows of consultations (rows of `_LISTED`, or Consultation objects)."""
    session, connection = uow.session, uow.session.connection()
    ids = [c.id for c in consultations]
    students_of: dict[int, list[tuple[int, str]]] = defaultdict(list)
    if ids:
        for cid, sid, last, first, patronymic in connection.execute(
                select(consultation_student.c.consultation_id, Student.id, Student.last_name, Student.first_name,
                       Student.patronymic)
                .join(Student, Student.id == consultation_student.c.student_id)
                .where(consultation_student.c.consultation_id.in_(ids))):
            students_of[cid].append((sid, _full_name(last, first, patronymic)))
    specialists = {c.specialist_id for c in consultations if c.specialist_id}
    staff = {sid: _full_name(last, first, patronymic) for sid, last, first, patronymic in connection.execute(
        select(Staff.id, Staff.last_name, Staff.first_name, Staff.patronymic).where(Staff.id.in_(specialists)))
    } if specialists else {}
    topics = {t.id: t.name for t in session.scalars(select(ConsultationTopic))}
    rows = []
    for c in consultations:
        people = sorted(students_of[c.id], key=lambda p: sort_key(p[1]))
        names = ", ".join(name for _, name in people)
        specialist = staff.get(c.specialist_id, "") if c.specialist_id else ""
        topic = topics.get(c.topic_id, "") if c.topic_id else ""
        rows.append(ConsultationRow(
            id=c.id, held_on=c.held_on, kind=c.kind, kind_label=CONSULTATION_KIND_LABELS[c.kind],
            requested_by=c.requested_by, requested_by_label=CONSULTATION_REQUESTER_LABELS[c.requested_by],
            specialist_id=c.specialist_id, specialist_name=specialist, topic_id=c.topic_id, topic_name=topic,
            follow_up_on=c.follow_up_on, student_ids=tuple(p[0] for p in people), student_names=names,
            search_text=fold(f"{names} {specialist} {topic}")))
    return rows


def list_consultations(uow: UnitOfWork, *, year: int | None = None, date_from: dt.date | None = None,
                       date_to: dt.date | None = None, specialist_id: int | None = None,
                       topic_id: int | None = None, student_id: int | None = None,
                       kind: str | None = None) -> list[ConsultationRow]:
    """Consultations matching the filters, newest first, without their notes."""
    with uow:
        uow.require(Permission.VIEW_CONSULTATIONS)
        query = select(*_LISTED)
        if year is not None:
            start, end = year_bounds(year)
            query = query.where(Consultation.held_on.between(start, end))
        if date_from is not None:
            query = query.where(Consultation.held_on >= date_from)
        if date_to is not None:
            query = query.where(Consultation.held_on <= date_to)
        if specialist_id is not None:
            query = query.where(Consultation.specialist_id == specialist_id)
        if topic_id is not None:
            query = query.where(Consultation.topic_id == topic_id)
        if kind is not None:
            query = query.where(Consultation.kind == kind)
        if student_id is not None:
            query = query.where(Consultation.id.in_(
                select(consultation_student.c.consultation_id).where(consultation_student.c.student_id == student_id)))
        consultations = uow.session.connection().execute(
            query.order_by(Consultation.held_on.desc(), Consultation.id.desc())).all()
        return _rows(uow, consultations)


def upcoming_follow_ups(uow: UnitOfWork, *, today: dt.date, days: int = 14) -> list[ConsultationRow]:
    """Consultations whose follow-up falls from today to `days` ahead (overdue ones of the last month too)."""
    with uow:
        uow.require(Permission.VIEW_CONSULTATIONS)
        consultations = uow.session.connection().execute(
            select(*_LISTED)
            .where(Consultation.follow_up_on.between(today - dt.timedelta(days=30), today + dt.timedelta(days=days)))
            .order_by(Consultation.follow_up_on, Consultation.id)).all()
        return _rows(uow, consultations)


def count_consulted_students(session, *, year: int) -> int:
    """Indicator 7: distinct students with a consultation in the year. Reads no notes, needs no right."""
    start, end = year_bounds(year)
    return session.scalar(
        select(func.count(func.distinct(consultation_student.c.student_id)))
        .join(Consultation, Consultation.id == consultation_student.c.consultation_id)
        .where(Consultation.held_on.between(start, end))) or 0


# --- one consultation -----------------------------------------------------------------------------
def _get(session, consultation_id: int) -> Consultation:
    consultation = session.get(Consultation, consultation_id)
    if consultation is None:
        raise NotFound("Консультация не найдена: возможно, её удалили.")
    return consultation


def get_consultation(uow: UnitOfWork, consultation_id: int) -> ConsultationRow:
    with uow:
        uow.require(Permission.VIEW_CONSULTATIONS)
        return _rows(uow, [_get(uow.session, consultation_id)])[0]


def read_note(uow: UnitOfWork, consultation_id: int) -> str:
    """The confidential notes of one consultation; the reading is audited."""
    with uow:
        uow.require(Permission.READ_CONSULTATION_NOTES)
        key = _notes_key(uow)
        _get(uow.session, consultation_id)
        note = uow.session.get(ConsultationNote, consultation_id)
        text = notes_keys.decrypt_note(key, consultation_id, note.text) if note else ""
        uow.audit("consultation.view", entity="consultation", entity_id=consultation_id, details=NOTE_VIEW_DETAILS)
        uow.commit()
        return text


def _notes_key(uow: UnitOfWork) -> bytes:
    """The signed-in user's notes key: the right to read notes is not enough without it (notes_keys)."""
    if uow.actor.notes_key is None:
        raise PermissionDenied(notes_keys.NO_KEY)
    return uow.actor.notes_key


def _validate(uow: UnitOfWork, data: ConsultationInput) -> list[int]:
    session = uow.session
    if data.kind not in CONSULTATION_KINDS:
        raise UserError(f"Неизвестный вид консультации «{data.kind}».")
    if data.requested_by not in CONSULTATION_REQUESTERS:
        raise UserError(f"Неизвестно, кто обратился: «{data.requested_by}».")
    ids = sorted(set(data.student_ids))
    if not ids:
        raise UserError("Выберите хотя бы одного обучающегося.")
    if data.kind == "individual" and len(ids) > 1:
        raise UserError("Индивидуальная консультация — с одним обучающимся. Для нескольких выберите «групповая».")
    if data.follow_up_on is not None and data.follow_up_on < data.held_on:
        raise UserError(f"Дата повторной встречи {data.follow_up_on:%d.%m.%Y} раньше даты консультации "
                        f"{data.held_on:%d.%m.%Y}.")
    found = set(session.scalars(select(Student.id).where(Student.id.in_(ids))))
    if len(found) != len(ids):
        raise NotFound("Некоторые обучающиеся не найдены: обновите список.")
    if data.specialist_id is not None and session.get(Staff, data.specialist_id) is None:
        raise NotFound("Специалист не найден.")
    if data.topic_id is not None and session.get(ConsultationTopic, data.topic_id) is None:
        raise NotFound("Тема консультации не найдена.")
    return ids


def _refuse_notes_without_consent(session, student_ids: list[int]) -> None:
    withdrawn = withdrawn_consent_ids(session) & set(student_ids)
    if not withdrawn:
        return
    names = [s.full_name for s in session.scalars(select(Student).where(Student.id.in_(withdrawn)))]
    raise UserError("Записи консультации не сохранены: родители отозвали согласие на обработку персональных "
                    f"данных ({', '.join(sorted(names, key=sort_key))}). Консультацию можно отметить без записей.")


def save_consultation(uow: UnitOfWork, data: ConsultationInput, *, consultation_id: int | None = None) -> int:
    """Log a new consultation or change one; notes are written only with the right to read them."""
    with uow:
        uow.require(Permission.EDIT_CONSULTATIONS)
        ids = _validate(uow, data)
        session = uow.session
        if data.note is not None:
            uow.require(Permission.READ_CONSULTATION_NOTES)
            if data.note.strip():
                _refuse_notes_without_consent(session, ids)
                key = _notes_key(uow)
        if consultation_id is None:
            consultation = Consultation(created_by_user_id=uow.actor.user_id)
            session.add(consultation)
        else:
            consultation = _get(session, consultation_id)
        consultation.held_on = data.held_on
        consultation.kind = data.kind
        consultation.requested_by = data.requested_by
        consultation.specialist_id = data.specialist_id
        consultation.topic_id = data.topic_id
        consultation.follow_up_on = data.follow_up_on
        session.flush()
        session.execute(delete(consultation_student).where(consultation_student.c.consultation_id == consultation.id))
        session.execute(consultation_student.insert(),
                        [{"consultation_id": consultation.id, "student_id": sid} for sid in ids])
        if data.note is not None:
            note = session.get(ConsultationNote, consultation.id)
            if data.note.strip():
                sealed = notes_keys.encrypt_note(key, consultation.id, data.note.strip())
                if note is None:
                    session.add(ConsultationNote(consultation_id=consultation.id, text=sealed))
                else:
                    note.text = sealed
            elif note is not None:
                session.delete(note)
        action = "consultation.create" if consultation_id is None else "consultation.update"
        uow.audit(action, entity="consultation", entity_id=consultation.id,
                  details=f"обучающихся: {len(ids)}")
        uow.commit()
        return consultation.id


def delete_consultation(uow: UnitOfWork, consultation_id: int) -> None:
    with uow:
        uow.require(Permission.EDIT_CONSULTATIONS)
        _get(uow.session, consultation_id)
        uow.session.execute(delete(ConsultationNote).where(ConsultationNote.consultation_id == consultation_id))
        uow.session.execute(delete(consultation_student).where(
            consultation_student.c.consultation_id == consultation_id))
        uow.session.execute(delete(Consultation).where(Consultation.id == consultation_id))
        uow.audit("consultation.delete", entity="consultation", entity_id=consultation_id)
        uow.commit()
