"""The school (ОО), its academic years and its key/value settings."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class School(Base):
    """One database holds one school; the row fills document headers and footers."""

    __tablename__ = "school"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(Text, default="")
    short_name: Mapped[str] = mapped_column(String(200), default="")
    municipality: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(200), default="")
    oo_code: Mapped[str] = mapped_column(String(50), default="")
    inn: Mapped[str] = mapped_column(String(12), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    director_name: Mapped[str] = mapped_column(String(200), default="")
    deputy_director_name: Mapped[str] = mapped_column(String(200), default="")
    coordinator_name: Mapped[str] = mapped_column(String(200), default="")
    coordinator_position: Mapped[str] = mapped_column(String(200), default="")
    coordinator_phone: Mapped[str] = mapped_column(String(50), default="")
    coordinator_email: Mapped[str] = mapped_column(String(200), default="")
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)


class AcademicYear(Base):
    """Учебный год «2025/2026»: 1 September 2025 – 31 August 2026, keyed by its first calendar year."""

    __tablename__ = "academic_year"
    __table_args__ = (CheckConstraint("start_year BETWEEN 2000 AND 2100", name="start_year_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    start_year: Mapped[int] = mapped_column(Integer, unique=True)
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)

    @property
    def title(self) -> str:
        return f"{self.start_year}/{self.start_year + 1}"

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.start_year, 9, 1)

    @property
    def ends_on(self) -> dt.date:
        return dt.date(self.start_year + 1, 8, 31)


class Setting(Base):
    """School-wide settings kept with the data (profminimum level, retention, idle lock...).

    Personal preferences of one user on one PC (window geometry) belong in QSettings instead.
    """

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


