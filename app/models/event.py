"""Events (мероприятия), user event types, and participation of students in them."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (CheckConstraint, Date, DateTime, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, func, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, in_list
from app.models.codes import (COMPETITION_RESULTS, EVENT_CATEGORIES, EVENT_FORMATS, ORGANIZER_TYPES,
                              PARTICIPATION_STATUSES)

# The marks whose own hours replace the event's (participation.hours), attended: a partial index holds them
# (read by name in app/services/indicators/sql.py).
OWN_HOURS = "hours IS NOT NULL AND status = 'attended'"
OWN_HOURS_INDEX = "ix_participation_own_hours"


class EventType(Base):
    """A type the user adds («Профориентационный квест»), mapped to one fixed category."""

    __tablename__ = "event_type"
    __table_args__ = (CheckConstraint(in_list("category", EVENT_CATEGORIES), name="category_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    category: Mapped[str] = mapped_column(String(30))


class Event(Base):
    __tablename__ = "event"
    __table_args__ = (
        CheckConstraint(in_list("category", EVENT_CATEGORIES), name="category_code"),
        CheckConstraint(in_list("format", EVENT_FORMATS), name="format_code"),
        CheckConstraint(in_list("organizer_type", ORGANIZER_TYPES), name="organizer_type_code"),
        CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="ends_after_starts"),
        CheckConstraint("hours >= 0 AND hours <= 1000", name="hours_range"),
        CheckConstraint("length(trim(title)) > 0", name="title_present"),
        # Indicator queries select the year's events by date, then by category or organiser.
        Index(None, "starts_on", "category"),
        Index(None, "organizer_type", "starts_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    category: Mapped[str] = mapped_column(String(30))
    event_type_id: Mapped[int | None] = mapped_column(ForeignKey("event_type.id", ondelete="SET NULL"))
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date | None] = mapped_column(Date)
    format: Mapped[str] = mapped_column(String(10), default="offline")
    organizer_type: Mapped[str] = mapped_column(String(20), default="school")
    organizer_partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partner.id", ondelete="RESTRICT"), index=True)
    # Target grades as written by the normaliser: comma-separated numbers, "6,7,8,9,10,11"; empty = any.
    target_grades: Mapped[str] = mapped_column(String(40), default="")
    hours: Mapped[float] = mapped_column(Float, default=0.0)
    roadmap_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("roadmap_item.id", ondelete="SET NULL"), index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp())
    # Optimistic locking of the event and its attendance: saving marks bumps it (events.attendance).
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    participations: Mapped[list[Participation]] = relationship(
        back_populates="event", cascade="all, delete-orphan", passive_deletes=True)


class Participation(Base):
    """A student at an event: записан / участвовал / не явился. A student is listed once per event."""

    __tablename__ = "participation"
    __table_args__ = (
        UniqueConstraint("event_id", "student_id"),
        CheckConstraint(in_list("status", PARTICIPATION_STATUSES), name="status_code"),
        CheckConstraint(in_list("result", COMPETITION_RESULTS) + " OR result IS NULL", name="result_code"),
        CheckConstraint("hours IS NULL OR (hours >= 0 AND hours <= 1000)", name="hours_range"),
        # Covering index for "distinct students who attended these events".
        Index(None, "event_id", "status", "student_id"),
        Index(None, "student_id", "status"),
        # The rare marks with a student's own hours, which correct every year's summary (indicators/sql.py).
        Index(OWN_HOURS_INDEX, "event_id", "student_id", "hours",
              sqlite_where=text(OWN_HOURS), postgresql_where=text(OWN_HOURS)),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(12), default="attended")
    result: Mapped[str | None] = mapped_column(String(12))
    competence: Mapped[str] = mapped_column(String(300), default="")
    # Hours for this student when they differ from the event's hours; NULL = the event's.
    hours: Mapped[float | None] = mapped_column(Float)

    event: Mapped[Event] = relationship(back_populates="participations")
