"""The municipal database (муниципальный орган управления образованием): the municipality itself, the
schools of the district, the reports they sent with every indicator's numerator, denominator and value,
and the log of who loaded which file and when.

A database is a municipal one when its `municipality` table holds a row; a school's database has the
same (empty) tables and is otherwise exactly as it was."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, DateTime, Float, ForeignKey, Integer, String, Text, \
    UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, in_list

REPORT_SOURCES = ("program", "hand")     # the program's own report with its data sheet | a form filled by hand
MEASURES = ("count", "share", "average")


class Municipality(Base):
    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    region: Mapped[str] = mapped_column(String(200), default="")
    executor_name: Mapped[str] = mapped_column(String(200), default="")
    executor_position: Mapped[str] = mapped_column(String(200), default="")
    executor_phone: Mapped[str] = mapped_column(String(50), default="")
    executor_email: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class DistrictSchool(Base):
    """A school of the district, added by hand or by its first report."""

    __tablename__ = "district_school"

    id: Mapped[int] = mapped_column(primary_key=True)
    full_name: Mapped[str] = mapped_column(Text)
    short_name: Mapped[str] = mapped_column(String(200), default="")
    oo_code: Mapped[str] = mapped_column(String(50), default="")
    inn: Mapped[str] = mapped_column(String(12), default="")
    # The folded full name: how a report finds its school when it carries neither INN nor OO code.
    name_key: Mapped[str] = mapped_column(String(400), unique=True)
    added_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())

    reports: Mapped[list[SchoolReport]] = relationship(back_populates="school", cascade="all, delete-orphan",
                                                       passive_deletes=True)


class SchoolReport(Base):
    """One school's report for one academic year and indicator set; a newer one replaces it."""

    __tablename__ = "school_report"
    __table_args__ = (UniqueConstraint("school_id", "start_year", "set_code"),
                      CheckConstraint(in_list("source", REPORT_SOURCES), name="source_code"))

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("district_school.id", ondelete="CASCADE"), index=True)
    start_year: Mapped[int] = mapped_column(Integer)
    set_code: Mapped[str] = mapped_column(String(100))
    set_title: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(10))
    file_name: Mapped[str] = mapped_column(Text, default="")
    made_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    checksum: Mapped[str] = mapped_column(String(64), default="")
    coordinator: Mapped[str] = mapped_column(Text, default="")
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    loaded_by: Mapped[str] = mapped_column(String(64), default="")

    school: Mapped[DistrictSchool] = relationship(back_populates="reports")
    values: Mapped[list[SchoolReportValue]] = relationship(
        back_populates="report", cascade="all, delete-orphan", passive_deletes=True,
        order_by="SchoolReportValue.position")


class SchoolReportValue(Base):
    __tablename__ = "school_report_value"
    __table_args__ = (UniqueConstraint("report_id", "code"),
                      CheckConstraint(in_list("measure", MEASURES), name="measure_code"))

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("school_report.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(50), default="")
    measure: Mapped[str] = mapped_column(String(10), default="count")
    value: Mapped[float | None] = mapped_column(Float, nullable=True)
    numerator: Mapped[float | None] = mapped_column(Float, nullable=True)
    denominator: Mapped[int | None] = mapped_column(Integer, nullable=True)

    report: Mapped[SchoolReport] = relationship(back_populates="values")


class ReportLoad(Base):
    """Who loaded which file and when, kept when a later report replaces the earlier one."""

    __tablename__ = "report_load"

    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("district_school.id", ondelete="CASCADE"), index=True)
    start_year: Mapped[int] = mapped_column(Integer)
    set_code: Mapped[str] = mapped_column(String(100))
    file_name: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(10), default="program")
    replaced: Mapped[bool] = mapped_column(Boolean, default=False)
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    loaded_by: Mapped[str] = mapped_column(String(64), default="")
