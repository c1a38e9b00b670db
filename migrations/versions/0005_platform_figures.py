"""Platform figures: the counts a «Билет в будущее» summary export gives per student and year.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 22:30:00
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('platform_figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('year_id', sa.Integer(), nullable=False),
    sa.Column('diagnostics', sa.Integer(), nullable=False),
    sa.Column('trials', sa.Integer(), nullable=False),
    sa.Column('excursions', sa.Integer(), nullable=False),
    sa.Column('master_classes', sa.Integer(), nullable=False),
    sa.Column('archived_on', sa.Date(), nullable=True),
    sa.Column('source', sa.String(length=300), nullable=False),
    sa.CheckConstraint('diagnostics >= 0 AND trials >= 0 AND excursions >= 0 AND master_classes >= 0', name=op.f('ck_platform_figures_counts_not_negative')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_platform_figures_student_id_student'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['year_id'], ['academic_year.id'], name=op.f('fk_platform_figures_year_id_academic_year'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_figures')),
    sa.UniqueConstraint('student_id', 'year_id', name=op.f('uq_platform_figures_student_id_year_id'))
    )
    with op.batch_alter_table('platform_figures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_figures_year_id_student_id'), ['year_id', 'student_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('platform_figures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_figures_year_id_student_id'))
    op.drop_table('platform_figures')
