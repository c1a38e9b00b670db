"""Classes, students and their enrolment per academic year (history is kept)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (Boolean, CheckConstraint, Date, ForeignKey, ForeignKeyConstraint, Index,
                        Integer, String, UniqueConstraint)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, in_list
from app.models.codes import SEXES


class SchoolClass(Base):
    """Класс «5А» of one academic year: grade (параллель) 1–11 and letter (литера)."""

    __tablename__ = "school_class"
    __table_args__ = (
        CheckConstraint("grade BETWEEN 1 AND 11", name="grade_range"),
        CheckConstraint("length(letter) BETWEEN 1 AND 3", name="letter_length"),
        UniqueConstraint("year_id", "grade", "letter"),
        # Lets enrolment reference (class, year) so a student can never sit in a class of another year.
        UniqueConstraint("id", "year_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(ForeignKey("academic_year.id", ondelete="RESTRICT"))
    grade: Mapped[int] = mapped_column(Integer)
    letter: Mapped[str] = mapped_column(String(3))
    profile: Mapped[str] = mapped_column(String(100), default="")
    homeroom_teacher_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))

    @property
    def label(self) -> str:
        return f"{self.grade}{self.letter}"


class Student(Base):
    """Обучающийся. Never deleted: a student who left is archived (left_on), later maybe anonymised."""

    __tablename__ = "student"
    __table_args__ = (
        CheckConstraint(in_list("sex", SEXES) + " OR sex IS NULL", name="sex_code"),
        CheckConstraint("length(trim(last_name)) > 0", name="last_name_present"),
        Index(None, "last_name", "first_name", "patronymic", "birth_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    last_name: Mapped[str] = mapped_column(String(100))
    first_name: Mapped[str] = mapped_column(String(100), default="")
    patronymic: Mapped[str] = mapped_column(String(100), default="")
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[str | None] = mapped_column(String(1))
    has_ovz: Mapped[bool] = mapped_column(Boolean, default=False)
    has_disability: Mapped[bool] = mapped_column(Boolean, default=False)
    external_id: Mapped[str | None] = mapped_column(String(100), unique=True)
    left_on: Mapped[dt.date | None] = mapped_column(Date)
    left_reason: Mapped[str] = mapped_column(String(200), default="")
    is_anonymized: Mapped[bool] = mapped_column(Boolean, default=False)
    # Optimistic locking: a save made from an outdated form is refused instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    enrollments: Mapped[list[Enrollment]] = relationship(back_populates="student")

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)


class Enrollment(Base):
    """A student's class in one academic year; one per student per year."""

    __tablename__ = "enrollment"
    __table_args__ = (
        UniqueConstraint("student_id", "year_id"),
        ForeignKeyConstraint(["class_id", "year_id"], ["school_class.id", "school_class.year_id"],
                             name="fk_enrollment_class_year", ondelete="RESTRICT"),
        Index(None, "year_id", "class_id", "student_id"),
        Index(None, "year_id", "student_id", "class_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="RESTRICT"))
    year_id: Mapped[int] = mapped_column(ForeignKey("academic_year.id", ondelete="RESTRICT"))
    class_id: Mapped[int] = mapped_column(Integer)
    # Профиль обучения (10–11 классы) for this year; empty for other grades.
    profile: Mapped[str] = mapped_column(String(100), default="")
    # Marked a graduate (выпускник) of this year at rollover: a 9th or 11th grader who left after it.
    is_graduate: Mapped[bool] = mapped_column(Boolean, default=False)

    student: Mapped[Student] = relationship(back_populates="enrollments")
    school_class: Mapped[SchoolClass] = relationship(
        primaryjoin="Enrollment.class_id == SchoolClass.id", foreign_keys="Enrollment.class_id", viewonly=True)
