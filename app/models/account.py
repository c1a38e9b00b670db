"""Accounts of the people who use the program, the audit log, and parents' consents."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text,
                        func)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, in_list
from app.models.codes import CONSENT_SCOPES, ROLES


class User(Base):
    """Учётная запись. No built-in account exists: the first start creates the administrator."""

    __tablename__ = "app_user"
    __table_args__ = (
        CheckConstraint(in_list("role", ROLES), name="role_code"),
        CheckConstraint("login = lower(trim(login)) AND length(login) > 0", name="login_normalised"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id", ondelete="SET NULL"))
    # An administrator reads consultation notes only when explicitly allowed.
    can_read_notes: Mapped[bool] = mapped_column(Boolean, default=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())


class AuditEntry(Base):
    """Журнал аудита. Append-only: triggers in the migration refuse UPDATE and DELETE."""

    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
    # No foreign key: the log must outlive and never block changes to accounts.
    user_id: Mapped[int | None] = mapped_column(Integer)
    user_login: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(50))
    entity: Mapped[str] = mapped_column(String(50), default="")
    entity_id: Mapped[int | None] = mapped_column(Integer)
    details: Mapped[str] = mapped_column(Text, default="")
    # SHA-256 chained to the previous entry (app/models/audit_chain.py); `check` verifies it.
    chain: Mapped[str] = mapped_column(String(64), default="", server_default="")


class Consent(Base):
    """Согласие родителей на обработку персональных данных (paper, recorded with its date)."""

    __tablename__ = "consent"
    __table_args__ = (
        CheckConstraint(in_list("scope", CONSENT_SCOPES), name="scope_code"),
        CheckConstraint("withdrawn_on IS NULL OR withdrawn_on >= received_on", name="withdrawn_after"),
        Index(None, "student_id", "received_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"))
    received_on: Mapped[dt.date] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(String(30), default="personal_and_health")
    withdrawn_on: Mapped[dt.date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
