"""A partial index of the attended marks that carry a student's own hours (rare: a few in a thousand).

Every summary of a year corrects the event's hours by these marks; without the index it walked all
participations to find them (0.8 s at 100,000 students, on every «Обзор»).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 00:40:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

OWN_HOURS = "hours IS NOT NULL AND status = 'attended'"


def upgrade() -> None:
    op.create_index('ix_participation_own_hours', 'participation', ['event_id', 'student_id', 'hours'],
                    unique=False, sqlite_where=sa.text(OWN_HOURS), postgresql_where=sa.text(OWN_HOURS))


def downgrade() -> None:
    op.drop_index('ix_participation_own_hours', table_name='participation')
