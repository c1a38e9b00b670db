"""Where 9th and 11th graders went (graduate destinations) and their exam choices (ОГЭ/ЕГЭ)."""
from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, in_list
from app.models.codes import DESTINATIONS, EXAM_KINDS


class GraduateDestination(Base):
    """Продолжение обучения выпускника: 10 класс, ПОО, ВО, работа, армия, другое."""

    __tablename__ = "graduate_destination"
    __table_args__ = (
        UniqueConstraint("student_id", "year_id"),
        CheckConstraint(in_list("destination", DESTINATIONS), name="destination_code"),
        Index(None, "year_id", "destination"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="RESTRICT"))
    # The academic year the student finished (graduated from grade 9 or 11).
    year_id: Mapped[int] = mapped_column(ForeignKey("academic_year.id", ondelete="RESTRICT"))
    destination: Mapped[str] = mapped_column(String(10))
    institution_partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"))
    institution_name: Mapped[str] = mapped_column(Text, default="")
    in_region: Mapped[bool | None] = mapped_column(Boolean)
    by_profile: Mapped[bool | None] = mapped_column(Boolean)


class ExamChoice(Base):
    """Выбор предметов ГИА: whether a 9th/11th grader's ОГЭ/ЕГЭ subjects match the profile."""

    __tablename__ = "exam_choice"
    __table_args__ = (
        UniqueConstraint("student_id", "year_id"),
        CheckConstraint(in_list("exam", EXAM_KINDS), name="exam_code"),
        Index(None, "year_id", "matches_profile"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="RESTRICT"))
    year_id: Mapped[int] = mapped_column(ForeignKey("academic_year.id", ondelete="RESTRICT"))
    exam: Mapped[str] = mapped_column(String(3))
    subjects: Mapped[str] = mapped_column(Text, default="")
    matches_profile: Mapped[bool | None] = mapped_column(Boolean)
