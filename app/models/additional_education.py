"""Additional education: clubs and sections of profile or pre-profile orientation, and who attends."""
from __future__ import annotations

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, in_list
from app.models.codes import CLUB_ORIENTATIONS


class Club(Base):
    """Кружок / секция профильной или предпрофильной направленности."""

    __tablename__ = "club"
    __table_args__ = (CheckConstraint(in_list("orientation", CLUB_ORIENTATIONS), name="orientation_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    orientation: Mapped[str] = mapped_column(String(12), default="profile")
    partner_id: Mapped[int | None] = mapped_column(ForeignKey("partner.id", ondelete="SET NULL"))
    leader: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class ClubEnrollment(Base):
    __tablename__ = "club_enrollment"
    __table_args__ = (
        UniqueConstraint("club_id", "student_id", "year_id"),
        Index(None, "year_id", "student_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    club_id: Mapped[int] = mapped_column(ForeignKey("club.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="RESTRICT"))
    year_id: Mapped[int] = mapped_column(ForeignKey("academic_year.id", ondelete="RESTRICT"))
