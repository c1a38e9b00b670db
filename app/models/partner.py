"""Partners (ПОО, ВО, employers, ЦЗН, additional-education centres) and agreements with them."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, in_list
from app.models.codes import PARTNER_TYPES


class Partner(Base):
    __tablename__ = "partner"
    __table_args__ = (
        CheckConstraint(in_list("type", PARTNER_TYPES), name="type_code"),
        CheckConstraint("length(trim(name)) > 0", name="name_present"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    short_name: Mapped[str] = mapped_column(String(200), default="")
    type: Mapped[str] = mapped_column(String(20))
    in_region: Mapped[bool] = mapped_column(Boolean, default=True)
    address: Mapped[str] = mapped_column(Text, default="")
    contact: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")

    agreements: Mapped[list[Agreement]] = relationship(back_populates="partner", cascade="all, delete-orphan")


class Agreement(Base):
    """Договор / соглашение о взаимодействии."""

    __tablename__ = "agreement"
    __table_args__ = (
        CheckConstraint("valid_until IS NULL OR signed_on IS NULL OR valid_until >= signed_on",
                        name="valid_after_signed"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partner.id", ondelete="CASCADE"), index=True)
    number: Mapped[str] = mapped_column(String(100), default="")
    signed_on: Mapped[dt.date | None] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(Text, default="")

    partner: Mapped[Partner] = relationship(back_populates="agreements")
