"""The roadmap (дорожная карта): sections nested as the document nests them, items, per-year status."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (Boolean, CheckConstraint, Date, DateTime, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, func)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, in_list
from app.models.codes import ROADMAP_ITEM_STATUSES


class Roadmap(Base):
    __tablename__ = "roadmap"
    __table_args__ = (
        CheckConstraint("period_end IS NULL OR period_start IS NULL OR period_end >= period_start",
                        name="period_order"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    # Calendar years of the period as documents write it («на 2022-2024 годы»).
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    goal: Mapped[str] = mapped_column(Text, default="")
    tasks: Mapped[str] = mapped_column(Text, default="")
    approved_by_name: Mapped[str] = mapped_column(String(200), default="")
    approved_by_position: Mapped[str] = mapped_column(String(300), default="")
    approved_on: Mapped[dt.date | None] = mapped_column(Date)
    approval_order: Mapped[str] = mapped_column(String(100), default="")
    # «Исполнитель» block printed under the table; empty = taken from the school's coordinator.
    executor_block: Mapped[str] = mapped_column(Text, default="")
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())

    sections: Mapped[list[RoadmapSection]] = relationship(
        back_populates="roadmap", cascade="all, delete-orphan", order_by="RoadmapSection.position")
    indicators: Mapped[list[RoadmapIndicator]] = relationship(
        back_populates="roadmap", cascade="all, delete-orphan", order_by="RoadmapIndicator.position")


class RoadmapSection(Base):
    """Направление / целевой ориентир; `parent_id` nests 4.1 and 4.2 under 4."""

    __tablename__ = "roadmap_section"
    __table_args__ = (Index(None, "roadmap_id", "parent_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_id: Mapped[int] = mapped_column(ForeignKey("roadmap.id", ondelete="CASCADE"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("roadmap_section.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(20), default="")
    title: Mapped[str] = mapped_column(Text, default="")

    roadmap: Mapped[Roadmap] = relationship(back_populates="sections")
    items: Mapped[list[RoadmapItem]] = relationship(
        back_populates="section", cascade="all, delete-orphan", order_by="RoadmapItem.position")


class RoadmapItem(Base):
    """Мероприятие дорожной карты. `deadline` is free text as documents write it («Сентябрь-октябрь»)."""

    __tablename__ = "roadmap_item"
    __table_args__ = (Index(None, "section_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(ForeignKey("roadmap_section.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(20), default="")
    title: Mapped[str] = mapped_column(Text)
    responsible: Mapped[str] = mapped_column(Text, default="")
    deadline: Mapped[str] = mapped_column(Text, default="")
    expected_result: Mapped[str] = mapped_column(Text, default="")
    result_form: Mapped[str] = mapped_column(Text, default="")
    # Optimistic locking: a save made from an outdated form is refused instead of overwriting.
    version: Mapped[int] = mapped_column(Integer, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    section: Mapped[RoadmapSection] = relationship(back_populates="items")
    statuses: Mapped[list[RoadmapItemStatus]] = relationship(
        back_populates="item", cascade="all, delete-orphan")


class RoadmapItemStatus(Base):
    """An item's status for one academic year, with a note; evidence = events linked to the item."""

    __tablename__ = "roadmap_item_status"
    __table_args__ = (
        UniqueConstraint("item_id", "year_id"),
        CheckConstraint(in_list("status", ROADMAP_ITEM_STATUSES), name="status_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("roadmap_item.id", ondelete="CASCADE"))
    year_id: Mapped[int] = mapped_column(ForeignKey("academic_year.id", ondelete="RESTRICT"))
    status: Mapped[str] = mapped_column(String(12), default="planned")
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(
        DateTime, server_default=func.current_timestamp(), onupdate=func.current_timestamp())

    item: Mapped[RoadmapItem] = relationship(back_populates="statuses")


class RoadmapIndicator(Base):
    """A row of the roadmap's own indicators table (№, цель, показатель, единица, значения)."""

    __tablename__ = "roadmap_indicator"
    __table_args__ = (Index(None, "roadmap_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    roadmap_id: Mapped[int] = mapped_column(ForeignKey("roadmap.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(20), default="")
    goal: Mapped[str] = mapped_column(Text, default="")
    name: Mapped[str] = mapped_column(Text, default="")
    unit: Mapped[str] = mapped_column(String(100), default="")
    target: Mapped[str] = mapped_column(Text, default="")

    roadmap: Mapped[Roadmap] = relationship(back_populates="indicators")
