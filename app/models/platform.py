"""Figures the «Билет в будущее» platform gives per student and year in its count-only summaries: how many
diagnostics, trials, excursions and master classes — no dates, no events, so they are kept as they are
(never turned into invented events) and counted where an indicator asks «at least one»."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class PlatformFigures(Base):
    __tablename__ = "platform_figures"
    __table_args__ = (
        UniqueConstraint("student_id", "year_id"),
        CheckConstraint("diagnostics >= 0 AND trials >= 0 AND excursions >= 0 AND master_classes >= 0",
                        name="counts_not_negative"),
        Index(None, "year_id", "student_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="RESTRICT"))
    year_id: Mapped[int] = mapped_column(ForeignKey("academic_year.id", ondelete="RESTRICT"))
    diagnostics: Mapped[int] = mapped_column(Integer, default=0)
    trials: Mapped[int] = mapped_column(Integer, default=0)
    excursions: Mapped[int] = mapped_column(Integer, default=0)
    master_classes: Mapped[int] = mapped_column(Integer, default=0)
    archived_on: Mapped[dt.date | None] = mapped_column(Date)       # «Дата архивации» of the export
    source: Mapped[str] = mapped_column(String(300), default="")     # the file the figures came from
