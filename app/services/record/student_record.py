"""The student's record («Я и моя будущая профессия»): everything about one student across years —
events with results, hours per year against the profminimum level, diagnostics, the number of
consultations (their content only for those allowed to read it), graduate destination and exam choice —
and its PDF for the student's portfolio.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.models import (AcademicYear, Consultation, ConsultationNote, ConsultationTopic, Enrollment, Event,
                        ExamChoice, GraduateDestination, Participation, PlatformFigures, SchoolClass, Student,
                        consultation_student)
from app.services.access import Permission
from app.services.calendar import start_year_of, year_title
from app.services.accounts.consent import health_shown
from app.services.errors import NotFound
from app.services.files.export_safety import PERSONAL_DATA_NOTICE
from app.services.students.hours import hours_by_student
from app.services.labels import (COMPETITION_RESULT_LABELS, DESTINATION_LABELS, EVENT_CATEGORY_LABELS, EXAM_LABELS,
                                 PROFMINIMUM_LEVEL_HOURS, PROFMINIMUM_LEVEL_LABELS, participation_status_label,
                                 yes_no)
from app.services import settings
from app.services.school.details import get_school
from app.services.uow import UnitOfWork

DIAGNOSTIC_CATEGORIES = ("bvb_diagnostics", "diagnostics")
# The federal profminimum covers grades 6–11: hours below grade 6 are shown but not measured against it.
PROFMINIMUM_GRADES = range(6, 12)
RECORD_TITLE = "Я и моя будущая профессия"


@dataclass(frozen=True)
class RecordEvent:
    date: dt.date
    title: str
    category: str
    category_label: str
    status: str
    result: str              # «победитель», «призёр», «участник» or ""
    competence: str
    hours: float             # counted hours (0 unless attended)


@dataclass(frozen=True)
class RecordConsultation:
    date: dt.date
    topic: str
    note: str


@dataclass(frozen=True)
class RecordPlatformFigures:
    """What a «Билет в будущее» summary export counted for the student that year (no dates or events)."""

    diagnostics: int
    trials: int
    excursions: int
    master_classes: int
    archived_on: dt.date | None

    def describe(self) -> str:
        return (f"Платформа «Билет в будущее»: диагностик — {self.diagnostics}, профессиональных проб — "
                f"{self.trials}, экскурсий — {self.excursions}, мастер-классов — {self.master_classes}"
                + (f" (данные на {self.archived_on:%d.%m.%Y})" if self.archived_on else ""))


@dataclass
class RecordYear:
    start_year: int
    class_label: str
    grade: int
    profile: str
    is_graduate: bool
    hours: float
    events: list[RecordEvent] = field(default_factory=list)
    consultation_count: int = 0
    consultations: list[RecordConsultation] | None = None   # None: the user may not read them
    platform: RecordPlatformFigures | None = None

    @property
    def title(self) -> str:
        return year_title(self.start_year)

    @property
    def diagnostics(self) -> list[RecordEvent]:
        return [e for e in self.events if e.category in DIAGNOSTIC_CATEGORIES]

    @property
    def in_profminimum(self) -> bool:
        return self.grade in PROFMINIMUM_GRADES


@dataclass(frozen=True)
class RecordDestination:
    year_title: str
    destination: str
    institution: str
    in_region: str
    by_profile: str


@dataclass(frozen=True)
class RecordExamChoice:
    year_title: str
    exam: str
    subjects: str
    matches_profile: str


@dataclass
class StudentRecord:
    student_id: int
    full_name: str
    birth_date: dt.date | None
    class_label: str                       # the latest class
    left_on: dt.date | None
    level: str                             # basic / main / advanced
    years: list[RecordYear]
    destinations: list[RecordDestination]
    exam_choices: list[RecordExamChoice]
    has_ovz: bool | None = None            # None: hidden from this user
    has_disability: bool | None = None
    sex: str | None = None

    def status_label(self, status: str) -> str:
        """«участвовала» / «участвовал» as this student's sex asks («участвовал(а)» when unknown)."""
        return participation_status_label(status, self.sex)

    @property
    def level_label(self) -> str:
        return PROFMINIMUM_LEVEL_LABELS.get(self.level, self.level)

    @property
    def level_hours(self) -> int:
        return PROFMINIMUM_LEVEL_HOURS.get(self.level, PROFMINIMUM_LEVEL_HOURS["basic"])

    def reached(self, year: RecordYear) -> bool:
        return year.hours >= self.level_hours


def profminimum_level(uow: UnitOfWork) -> str:
    return settings.read(uow, settings.PROFMINIMUM_LEVEL)


def student_record(uow: UnitOfWork, student_id: int) -> StudentRecord:
    with uow:
        uow.require(Permission.VIEW_ROSTER)
        session = uow.session
        student = session.get(Student, student_id)
        if student is None:
            raise NotFound("Учащийся не найден.")
        enrollments = session.execute(
            select(AcademicYear.start_year, SchoolClass.id, SchoolClass.grade, SchoolClass.letter, Enrollment.profile,
                   Enrollment.is_graduate)
            .join(Enrollment, Enrollment.year_id == AcademicYear.id)
            .join(SchoolClass, SchoolClass.id == Enrollment.class_id)
            .where(Enrollment.student_id == student_id).order_by(AcademicYear.start_year)).all()
        uow.require_own_pupil(enrollments[-1][1] if enrollments else None)
        years: dict[int, RecordYear] = {}
        for start, _cid, grade, letter, profile, graduate in enrollments:
            years[start] = RecordYear(start, f"{grade}{letter}", grade, profile or "", bool(graduate), 0.0)

        for event, part in session.execute(
                select(Event, Participation).join(Participation, Participation.event_id == Event.id)
                .where(Participation.student_id == student_id).order_by(Event.starts_on, Event.id)):
            start = start_year_of(event.starts_on)
            year = years.get(start) or years.setdefault(start, RecordYear(start, "", 0, "", False, 0.0))
            attended = part.status == "attended"
            hours = (part.hours if part.hours is not None else event.hours) if attended else 0.0
            year.events.append(RecordEvent(event.starts_on, event.title, event.category,
                                           EVENT_CATEGORY_LABELS.get(event.category, event.category), part.status,
                                           COMPETITION_RESULT_LABELS.get(part.result or "", ""), part.competence or "",
                                           float(hours or 0)))
        for start, year in years.items():
            year.hours = hours_by_student(session, start, [student_id]).get(student_id, 0.0)
        for start, figures in session.execute(
                select(AcademicYear.start_year, PlatformFigures).join(PlatformFigures,
                                                                      PlatformFigures.year_id == AcademicYear.id)
                .where(PlatformFigures.student_id == student_id)):
            year = years.get(start) or years.setdefault(start, RecordYear(start, "", 0, "", False, 0.0))
            year.platform = RecordPlatformFigures(figures.diagnostics, figures.trials, figures.excursions,
                                                  figures.master_classes, figures.archived_on)

        # How many consultations is not confidential; what was said is.
        may_read = uow.actor.has(Permission.READ_CONSULTATION_NOTES)
        consultations = session.execute(
            select(Consultation.id, Consultation.held_on, ConsultationTopic.name)
            .join(consultation_student, consultation_student.c.consultation_id == Consultation.id)
            .outerjoin(ConsultationTopic, ConsultationTopic.id == Consultation.topic_id)
            .where(consultation_student.c.student_id == student_id).order_by(Consultation.held_on)).all()
        notes: dict[int, str] = {}
        if may_read and consultations:
            from app.services.accounts.notes_keys import decrypt_note
            # Without the notes key (a password reset, not yet given by a colleague) the notes stay closed.
            key = uow.actor.notes_key
            rows = session.execute(select(ConsultationNote.consultation_id, ConsultationNote.text)
                                   .where(ConsultationNote.consultation_id.in_([c[0] for c in consultations]))
                                   ).all() if key is not None else []
            notes = {cid: decrypt_note(key, cid, text) for cid, text in rows}
        if notes:
            # Reading a student's consultations is a view of their notes, as on the consultations page.
            from app.services.consultations.consultations import NOTE_VIEW_DETAILS
            uow.audit("consultation.view", entity="student", entity_id=student_id,
                      details=f"{NOTE_VIEW_DETAILS} (карточка обучающегося): {len(notes)}")
        for cid, held_on, topic in consultations:
            start = start_year_of(held_on)
            year = years.get(start) or years.setdefault(start, RecordYear(start, "", 0, "", False, 0.0))
            year.consultation_count += 1
            if may_read:
                if year.consultations is None:
                    year.consultations = []
                year.consultations.append(RecordConsultation(held_on, topic or "", notes.get(cid, "")))

        year_titles = dict(session.execute(select(AcademicYear.id, AcademicYear.start_year)).all())
        destinations = [RecordDestination(year_title(year_titles[d.year_id]),
                                          DESTINATION_LABELS.get(d.destination, d.destination),
                                          d.institution_name or "", yes_no(d.in_region), yes_no(d.by_profile))
                        for d in session.scalars(select(GraduateDestination)
                                                 .where(GraduateDestination.student_id == student_id))]
        exams = [RecordExamChoice(year_title(year_titles[e.year_id]), EXAM_LABELS.get(e.exam, e.exam), e.subjects or "",
                                  yes_no(e.matches_profile))
                 for e in session.scalars(select(ExamChoice).where(ExamChoice.student_id == student_id))]
        health = health_shown(uow)(student.id)   # the role's right, and the consent not withdrawn
        latest = enrollments[-1] if enrollments else None
        record = StudentRecord(
            student.id, student.full_name, student.birth_date, f"{latest[2]}{latest[3]}" if latest else "",
            student.left_on, profminimum_level(uow), sorted(years.values(), key=lambda y: y.start_year),
            destinations, exams, bool(student.has_ovz) if health else None,
            bool(student.has_disability) if health else None, student.sex)
        if notes:
            uow.commit()  # the audit entry of the view
        return record


def export_record_pdf(uow: UnitOfWork, student_id: int, path: Path | str) -> Path:
    """The record as a PDF for the student's portfolio. Health data is left out: the portfolio travels."""
    path = Path(path)
    with uow:
        uow.require(Permission.EXPORT_PERSONAL_DATA)
        record = student_record(uow, student_id)
        school = get_school(uow)
        _write_pdf(record, school.short_name or school.full_name, path)
        # The student by id only, and no file name (the suggested one carries the name): the log outlives
        # anonymisation.
        uow.audit("export.personal", entity="student", entity_id=student_id, details=f"{RECORD_TITLE}, PDF")
        uow.commit()
    return path


def _fmt_hours(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _write_pdf(record: StudentRecord, school_name: str, path: Path) -> None:
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Spacer

    from app.services.files.pdf_style import GRID, build_pdf, para, styles

    st = styles()
    story: list = [para(PERSONAL_DATA_NOTICE, st.small), Spacer(1, 4 * mm),
                   para(f"«{RECORD_TITLE}»", st.title), para(record.full_name, st.title)]
    facts = []
    if school_name:
        facts.append(f"Образовательная организация: {school_name}")
    if record.class_label:
        facts.append(f"Класс: {record.class_label}")
    if record.birth_date:
        facts.append(f"Дата рождения: {record.birth_date:%d.%m.%Y}")
    facts.append(f"Уровень профминимума: {record.level_label} (не менее {record.level_hours} ч в год)")
    for fact in facts:
        story.append(para(fact, st.body))
    story.append(Spacer(1, 4 * mm))

    # Hours per year against the level.
    story.append(para("Часы профориентационной деятельности по годам", st.bold))
    rows = [[para(h, st.header_cell) for h in ("Учебный год", "Класс", "Часов", "Профминимум")]]
    for year in record.years:
        if year.in_profminimum:
            verdict = "освоен" if record.reached(year) else f"не освоен (нужно {record.level_hours} ч)"
        else:
            verdict = "—"
        rows.append([para(year.title, st.cell), para(year.class_label or "—", st.cell),
                     para(_fmt_hours(year.hours), st.cell), para(verdict, st.cell)])
    if len(rows) == 1:
        rows.append([para("Сведений нет", st.cell), "", "", ""])
    width = 175 * mm
    story += [LongTable(rows, colWidths=[0.2 * width, 0.15 * width, 0.15 * width, 0.5 * width], repeatRows=1,
                        style=GRID), Spacer(1, 4 * mm)]

    for year in record.years:
        story.append(para(f"{year.title} учебный год" + (f", {year.class_label} класс" if year.class_label else ""),
                          st.bold))
        if year.events:
            rows = [[para(h, st.header_cell) for h in ("Дата", "Мероприятие", "Участие", "Результат", "Часов")]]
            for e in year.events:
                result = ", ".join(p for p in (e.result, e.competence) if p)
                rows.append([para(f"{e.date:%d.%m.%Y}", st.cell), para(f"{e.title}\n{e.category_label}", st.cell),
                             para(record.status_label(e.status), st.cell),
                             para(result, st.cell), para(_fmt_hours(e.hours) if e.hours else "", st.cell)])
            story.append(LongTable(rows, colWidths=[0.13 * width, 0.45 * width, 0.14 * width, 0.18 * width,
                                                    0.1 * width], repeatRows=1, style=GRID))
            story.append(Spacer(1, 2 * mm))
        else:
            story.append(para("Мероприятий нет.", st.body))
        if year.diagnostics:
            names = "; ".join(f"{e.date:%d.%m.%Y} — {e.title}" + (f" ({e.competence})" if e.competence else "")
                              for e in year.diagnostics)
            story.append(para(f"Диагностика: {names}", st.body))
        if year.platform is not None:
            story.append(para(year.platform.describe(), st.body))
        if year.consultation_count:
            story.append(para(f"Консультаций педагога-психолога: {year.consultation_count}", st.body))
        story.append(Spacer(1, 3 * mm))

    if record.exam_choices:
        story.append(para("Выбор предметов ГИА", st.bold))
        for exam in record.exam_choices:
            story.append(para(f"{exam.year_title}, {exam.exam}: {exam.subjects or '—'}; "
                              f"соответствует профилю: {exam.matches_profile or '—'}", st.body))
    if record.destinations:
        story.append(para("Продолжение обучения", st.bold))
        for d in record.destinations:
            story.append(para(f"{d.year_title}: {d.destination}" + (f", {d.institution}" if d.institution else "")
                              + (f"; в своём регионе: {d.in_region}" if d.in_region else "")
                              + (f"; по профилю: {d.by_profile}" if d.by_profile else ""), st.body))
    story += [Spacer(1, 6 * mm), para(f"Дата формирования: {dt.date.today():%d.%m.%Y}", st.small)]
    build_pdf(path, story, title=f"{RECORD_TITLE} — {record.full_name}")



