"""Events (мероприятия): create, change, copy, delete, and the list with its filters and the number
of participants. User event types map onto the fixed categories of DOMAIN.md."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import func, select

from app.models import (Enrollment, Event, EventType, Participation, Partner, RoadmapItem, RoadmapSection,
                        SchoolClass)
from app.models.codes import EVENT_CATEGORIES, EVENT_FORMATS, ORGANIZER_TYPES
from app.services.access import Permission
from app.services.calendar import start_year_of, year_bounds
from app.services.students.class_label import format_grades, parse_grades
from app.services.errors import NotFound, UserError
from app.services.labels import (EVENT_CATEGORY_LABELS, EVENT_FORMAT_LABELS, ORGANIZER_TYPE_LABELS)
from app.services.text import fold, sort_key, squeeze
from app.services.uow import UnitOfWork

MAX_HOURS = 1000


@dataclass
class EventData:
    """What the event dialog edits."""

    title: str
    category: str
    starts_on: dt.date
    ends_on: dt.date | None = None
    format: str = "offline"
    organizer_type: str = "school"
    organizer_partner_id: int | None = None
    target_grades: str = ""          # «6-11», «5, 7» or the stored «6,7,8»
    hours: float = 0.0
    roadmap_item_id: int | None = None
    event_type_id: int | None = None
    notes: str = ""


@dataclass(frozen=True)
class EventRow:
    id: int
    title: str
    category: str
    starts_on: dt.date
    ends_on: dt.date | None
    format: str
    organizer_type: str
    organizer: str
    target_grades: tuple[int, ...]
    hours: float
    participants: int        # attended
    marked: int              # every participation record
    search_text: str

    @property
    def category_label(self) -> str:
        return EVENT_CATEGORY_LABELS[self.category]

    @property
    def dates(self) -> str:
        first = self.starts_on.strftime("%d.%m.%Y")
        return first if not self.ends_on or self.ends_on == self.starts_on else \
            f"{first} – {self.ends_on.strftime('%d.%m.%Y')}"

    @property
    def format_label(self) -> str:
        return EVENT_FORMAT_LABELS[self.format]

    @property
    def grades_text(self) -> str:
        return grades_label(self.target_grades)


@dataclass(frozen=True)
class Choice:
    id: int
    label: str


def grades_label(grades) -> str:
    """6,7,8,9 → «6–9»; 5,7 → «5, 7»; empty → «все»."""
    grades = sorted(set(grades))
    if not grades:
        return "все"
    parts, start, prev = [], grades[0], grades[0]
    for g in grades[1:] + [None]:
        if g is not None and g == prev + 1:
            prev = g
            continue
        parts.append(str(start) if start == prev else (f"{start}, {prev}" if prev == start + 1 else f"{start}–{prev}"))
        if g is not None:
            start = prev = g
    return ", ".join(parts)


def _grades(text: str) -> tuple[int, ...]:
    return tuple(int(g) for g in text.split(",") if g.strip()) if text else ()


def validate_event(data: EventData) -> EventData:
    """The event as it will be stored, or UserError in Russian naming the field."""
    title = squeeze(data.title)
    if not title:
        raise UserError("Укажите название мероприятия.")
    if len(title) > 500:
        raise UserError("Название мероприятия слишком длинное (больше 500 знаков).")
    if data.category not in EVENT_CATEGORIES:
        raise UserError("Выберите категорию мероприятия.")
    if not isinstance(data.starts_on, dt.date):
        raise UserError("Укажите дату мероприятия.")
    ends_on = data.ends_on if data.ends_on and data.ends_on != data.starts_on else None
    if ends_on is not None and ends_on < data.starts_on:
        raise UserError("Дата окончания мероприятия раньше даты начала.")
    if ends_on is not None and start_year_of(ends_on) != start_year_of(data.starts_on):
        raise UserError("Мероприятие не может переходить из одного учебного года в другой (через 1 сентября).")
    if data.format not in EVENT_FORMATS:
        raise UserError("Выберите формат мероприятия: очно или онлайн.")
    if data.organizer_type not in ORGANIZER_TYPES:
        raise UserError("Выберите организатора мероприятия.")
    partner_id = data.organizer_partner_id
    if data.organizer_type == "school":
        partner_id = None
    try:
        hours = float(data.hours or 0)
    except (TypeError, ValueError):
        raise UserError("Часы мероприятия — число, например 1 или 1,5.") from None
    if not 0 <= hours <= MAX_HOURS:
        raise UserError(f"Часы мероприятия должны быть от 0 до {MAX_HOURS}.")
    grades = format_grades(parse_grades(data.target_grades))
    return replace(data, title=title, ends_on=ends_on, organizer_partner_id=partner_id, hours=hours,
                   target_grades=grades, notes=(data.notes or "").strip())


def _apply(session, event: Event, data: EventData) -> None:
    if data.organizer_partner_id is not None:
        partner = session.get(Partner, data.organizer_partner_id)
        if partner is None:
            raise UserError("Организатор-партнёр не найден: выберите его заново.")
    if data.roadmap_item_id is not None and session.get(RoadmapItem, data.roadmap_item_id) is None:
        raise UserError("Пункт дорожной карты не найден: выберите его заново.")
    if data.event_type_id is not None:
        etype = session.get(EventType, data.event_type_id)
        if etype is None:
            raise UserError("Тип мероприятия не найден: выберите его заново.")
        if etype.category != data.category:
            raise UserError(f"Тип «{etype.name}» относится к категории «{EVENT_CATEGORY_LABELS[etype.category]}».")
    for name, value in vars(data).items():
        setattr(event, name, value)


def new_event(session, data: EventData) -> Event:
    """The one way an event comes to be — from the event dialog and from every importer: checked, added and
    flushed (so it has its id), inside the caller's transaction."""
    data = validate_event(data)
    event = Event()
    _apply(session, event, data)
    session.add(event)
    session.flush()
    return event


def create_event(uow: UnitOfWork, data: EventData) -> int:
    with uow:
        uow.require(Permission.EDIT_EVENTS)
        event = new_event(uow.session, data)
        uow.audit("events.create", entity="event", entity_id=event.id, details=event.title)
        uow.commit()
        return event.id


def update_event(uow: UnitOfWork, event_id: int, data: EventData) -> None:
    data = validate_event(data)
    with uow:
        uow.require(Permission.EDIT_EVENTS)
        event = event_or_error(uow, event_id)
        old_year = start_year_of(event.starts_on)
        if old_year != start_year_of(data.starts_on) and uow.session.scalar(
                select(func.count()).select_from(Participation).where(Participation.event_id == event_id)):
            raise UserError("У мероприятия уже отмечены участники: его нельзя перенести в другой учебный год. "
                            "Создайте копию мероприятия с новой датой.")
        _apply(uow.session, event, data)
        uow.audit("events.update", entity="event", entity_id=event_id, details=data.title)
        uow.commit()


def copy_event(uow: UnitOfWork, event_id: int, *, starts_on: dt.date | None = None) -> int:
    """A new event with the same details (not the participants), on `starts_on` if given."""
    data = get_event(uow, event_id)
    if starts_on is not None:
        length = (data.ends_on - data.starts_on) if data.ends_on else None
        data = replace(data, starts_on=starts_on, ends_on=(starts_on + length) if length else None)
    return create_event(uow, data)


def delete_event(uow: UnitOfWork, event_id: int) -> int:
    """Delete an event and its participation marks; returns how many marks went with it."""
    with uow:
        uow.require(Permission.EDIT_EVENTS)
        event = event_or_error(uow, event_id)
        marks = int(uow.session.scalar(select(func.count()).select_from(Participation)
                                       .where(Participation.event_id == event_id)) or 0)
        uow.session.delete(event)
        uow.audit("events.delete", entity="event", entity_id=event_id,
                  details=f"{event.title} ({event.starts_on:%d.%m.%Y}), отметок участия: {marks}")
        uow.commit()
        return marks


def event_or_error(uow: UnitOfWork, event_id: int) -> Event:
    """The event (inside the caller's unit of work), or NotFound in Russian."""
    event = uow.session.get(Event, event_id)
    if event is None:
        raise NotFound("Мероприятие не найдено: возможно, его уже удалили.")
    return event


def get_event(uow: UnitOfWork, event_id: int) -> EventData:
    with uow:
        uow.require(Permission.VIEW_EVENTS)
        e = event_or_error(uow, event_id)
        return EventData(title=e.title, category=e.category, starts_on=e.starts_on, ends_on=e.ends_on,
                         format=e.format, organizer_type=e.organizer_type, organizer_partner_id=e.organizer_partner_id,
                         target_grades=e.target_grades, hours=e.hours, roadmap_item_id=e.roadmap_item_id,
                         event_type_id=e.event_type_id, notes=e.notes)


def list_events(uow: UnitOfWork, *, year: int | None = None, month: int | None = None,
                category: str | None = None, class_id: int | None = None, text: str = "") -> list[EventRow]:
    """Events of an academic year (all, if None), newest first, with their participant counts.

    `month` is a calendar month (1–12) inside that year; `class_id` keeps events meant for the class's
    grade or attended by a student of the class; `text` searches title, category and organiser."""
    with uow:
        uow.require(Permission.VIEW_EVENTS)
        s = uow.session
        stmt = select(Event.id, Event.title, Event.category, Event.starts_on, Event.ends_on, Event.format,
                      Event.organizer_type, Partner.short_name, Partner.name, Event.target_grades, Event.hours
                      ).outerjoin(Partner, Partner.id == Event.organizer_partner_id)
        if year is not None:
            first, last = year_bounds(year)
            stmt = stmt.where(Event.starts_on.between(first, last))
        if category:
            stmt = stmt.where(Event.category == category)
        events = s.execute(stmt).all()
        ids = [e.id for e in events]
        attended: dict[int, int] = {}
        marked: dict[int, int] = {}
        # The marks of the events listed only (a big school has millions of marks over the years), counted
        # in the index's own order.
        counts = (select(Participation.event_id, Participation.status, func.count())
                  .group_by(Participation.event_id, Participation.status))
        if year is not None or category:
            counts = counts.where(Participation.event_id.in_(ids))
        for event_id, status, n in s.execute(counts) if ids else ():
            marked[event_id] = marked.get(event_id, 0) + n
            if status == "attended":
                attended[event_id] = n
        class_grade = class_year = None
        reached: set[int] = set()    # the events a student of the class took part in
        if class_id is not None:
            sc = s.get(SchoolClass, class_id)
            if sc is not None:
                class_grade = sc.grade
                from app.models import AcademicYear
                class_year = s.get(AcademicYear, sc.year_id).start_year
                reached = set(s.scalars(
                    select(Participation.event_id).distinct()
                    .join(Enrollment, Enrollment.student_id == Participation.student_id)
                    .where(Enrollment.year_id == sc.year_id, Enrollment.class_id == class_id)))
        words = fold(text).split()
        rows: list[EventRow] = []
        for e in events:
            if month is not None and e.starts_on.month != month:
                continue
            grades = _grades(e.target_grades)
            if class_id is not None:
                # A class is of one year: the events of that year meant for its grade or attended by its students.
                in_year = class_year is not None and start_year_of(e.starts_on) == class_year
                if not (in_year and (e.id in reached or not grades or class_grade in grades)):
                    continue
            organizer = (e.short_name or e.name) if (e.short_name or e.name) else ORGANIZER_TYPE_LABELS[e.organizer_type]
            search = fold(" ".join((e.title, EVENT_CATEGORY_LABELS[e.category], organizer)))
            if words and not all(w in search for w in words):
                continue
            rows.append(EventRow(e.id, e.title, e.category, e.starts_on, e.ends_on, e.format, e.organizer_type,
                                 organizer, grades, e.hours, attended.get(e.id, 0), marked.get(e.id, 0), search))
    rows.sort(key=lambda r: (r.starts_on, r.id), reverse=True)
    return rows


# --- Choices for the event dialog ------------------------------------------------------------------

@dataclass(frozen=True)
class EventTypeRow:
    id: int
    name: str
    category: str


def list_event_types(uow: UnitOfWork) -> list[EventTypeRow]:
    with uow:
        uow.require(Permission.VIEW_EVENTS)
        rows = [EventTypeRow(t.id, t.name, t.category) for t in uow.session.scalars(select(EventType))]
    return sorted(rows, key=lambda r: sort_key(r.name))


def save_event_type(uow: UnitOfWork, name: str, category: str, *, type_id: int | None = None) -> int:
    name = squeeze(name)
    if not name:
        raise UserError("Укажите название типа мероприятия.")
    if category not in EVENT_CATEGORIES:
        raise UserError("Выберите категорию, к которой относится тип мероприятия.")
    if fold(name) in {fold(v) for v in EVENT_CATEGORY_LABELS.values()}:
        raise UserError(f"«{name}» — это уже одна из категорий мероприятий.")
    with uow:
        uow.require(Permission.EDIT_EVENTS)
        s = uow.session
        clash = s.scalar(select(EventType.id).where(func.ru_fold(EventType.name) == fold(name)))
        if clash is not None and clash != type_id:
            raise UserError(f"Тип мероприятия «{name}» уже есть.")
        etype = s.get(EventType, type_id) if type_id else None
        if etype is None:
            etype = EventType()
            s.add(etype)
        etype.name, etype.category = name, category
        s.flush()
        uow.audit("event_types.save", entity="event_type", entity_id=etype.id, details=name)
        uow.commit()
        return etype.id


def list_roadmap_items(uow: UnitOfWork) -> list[Choice]:
    """Roadmap items an event can fulfil, as «1.2 Название» (items of every roadmap)."""
    with uow:
        uow.require(Permission.VIEW_EVENTS)
        rows = uow.session.execute(
            select(RoadmapItem.id, RoadmapItem.number, RoadmapItem.title)
            .join(RoadmapSection, RoadmapSection.id == RoadmapItem.section_id)
            .order_by(RoadmapSection.roadmap_id, RoadmapSection.position, RoadmapItem.position)).all()
    return [Choice(i, squeeze(f"{n} {t}")) for i, n, t in rows]


def list_partner_choices(uow: UnitOfWork) -> list[tuple[int, str, str]]:
    """(id, name, type) of every partner, for organiser and institution pickers."""
    with uow:
        uow.require(Permission.VIEW_EVENTS)
        rows = uow.session.execute(select(Partner.id, Partner.short_name, Partner.name, Partner.type)).all()
    return sorted(((i, sn or n, t) for i, sn, n, t in rows), key=lambda r: sort_key(r[1]))


def category_of(text: str, event_types: dict[str, str] | None = None) -> str | None:
    """A category code from its label («Экскурсия на предприятие / в организацию»), its code, or a user
    type's name; None when unknown."""
    key = fold(squeeze(text))
    if not key:
        return None
    for code, label in EVENT_CATEGORY_LABELS.items():
        if key == fold(label) or key == code:
            return code
    if event_types and key in event_types:
        return event_types[key]
    return None


def class_choices(uow: UnitOfWork, year: int) -> list[Choice]:
    """The classes of an academic year, «5А», in grade then letter order."""
    from app.models import AcademicYear
    with uow:
        uow.require(Permission.VIEW_EVENTS)
        rows = uow.session.execute(
            select(SchoolClass.id, SchoolClass.grade, SchoolClass.letter)
            .join(AcademicYear, AcademicYear.id == SchoolClass.year_id)
            .where(AcademicYear.start_year == year)).all()
    return [Choice(i, f"{g}{l}") for i, g, l in sorted(rows, key=lambda r: (r[1], sort_key(r[2])))]
