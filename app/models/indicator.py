"""What the indicator engine keeps: manual values and remembered mappings of ministry forms."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Float, ForeignKey, String, Text, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class ManualIndicatorValue(Base):
    """A value the user enters for what the program cannot count itself."""

    __tablename__ = "manual_indicator_value"
    __table_args__ = (UniqueConstraint("set_code", "indicator_code", "year_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    set_code: Mapped[str] = mapped_column(String(100))
    indicator_code: Mapped[str] = mapped_column(String(50))
    year_id: Mapped[int] = mapped_column(ForeignKey("academic_year.id", ondelete="RESTRICT"))
    value: Mapped[float | None] = mapped_column(Float)
    note: Mapped[str] = mapped_column(Text, default="")


class ReportFormMapping(Base):
    """How a ministry's form maps onto our indicators, remembered by the form's fingerprint."""

    __tablename__ = "report_form_mapping"

    id: Mapped[int] = mapped_column(primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    form_name: Mapped[str] = mapped_column(String(300), default="")
    mapping_json: Mapped[str] = mapped_column(Text, default="{}")
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp())
