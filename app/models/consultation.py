"""Psychological-pedagogical consultations.

The confidential notes live in their own table so that counting and listing consultations never
loads them: only the service that checks the psychologist's right reads `consultation_note`.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (CheckConstraint, Column, Date, DateTime, ForeignKey, Index, String, Table, Text,
                        func)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, in_list
from app.models.codes import CONSULTATION_KINDS, CONSULTATION_REQUESTERS

consultation_student = Table(
    "consultation_student",
    Base.metadata,
    Column("consultation_id", ForeignKey("consultation.id", ondelete="CASCADE"), primary_key=True),
    Column("student_id", ForeignKey("student.id", ondelete="RESTRICT"), primary_key=True),
    Index("ix_consultation_student_student_id", "student_id"),
)


class ConsultationTopic(Base):
    """Тема консультации: a list the user can extend."""

    __tablename__ = "consultation_topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class Consultation(Base):
    __tablename__ = "consultation"
    __table_args__ = (
        CheckConstraint(in_list("kind", CONSULTATION_KINDS), name="kind_code"),
        CheckConstraint(in_list("requested_by", CONSULTATION_REQUESTERS), name="requested_by_code"),
        CheckConstraint("follow_up_on IS NULL OR follow_up_on >= held_on", name="follow_up_after"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    specialist_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="RESTRICT"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default="individual")
    requested_by: Mapped[str] = mapped_column(String(12), default="student")
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("consultation_topic.id", ondelete="RESTRICT"))
    follow_up_on: Mapped[dt.date | None] = mapped_column(Date)
    created_by_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())

    students = relationship("Student", secondary=consultation_student)
    note: Mapped[ConsultationNote | None] = relationship(
        back_populates="consultation", cascade="all, delete-orphan", uselist=False, lazy="raise")


class ConsultationNote(Base):
    """Конфиденциальные записи консультации (only psychologists and an explicitly allowed admin)."""

    __tablename__ = "consultation_note"

    consultation_id: Mapped[int] = mapped_column(
        ForeignKey("consultation.id", ondelete="CASCADE"), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")

    consultation: Mapped[Consultation] = relationship(back_populates="note")
