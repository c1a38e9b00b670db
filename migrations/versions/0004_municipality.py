"""The municipal database: the municipality, its schools, the reports they sent (every indicator's
numerator, denominator and value) and the log of loads. A school's database gets the same tables, empty.

Revision ID: 0004
Revises: 0001
Create Date: 2026-12-01 22:07:13.322036
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('district_school',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.Text(), nullable=False),
    sa.Column('short_name', sa.String(length=200), nullable=False),
    sa.Column('oo_code', sa.String(length=50), nullable=False),
    sa.Column('inn', sa.String(length=12), nullable=False),
    sa.Column('name_key', sa.String(length=400), nullable=False),
    sa.Column('added_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_district_school')),
    sa.UniqueConstraint('name_key', name=op.f('uq_district_school_name_key'))
    )
    op.create_table('municipality',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('region', sa.String(length=200), nullable=False),
    sa.Column('executor_name', sa.String(length=200), nullable=False),
    sa.Column('executor_position', sa.String(length=200), nullable=False),
    sa.Column('executor_phone', sa.String(length=50), nullable=False),
    sa.Column('executor_email', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_municipality'))
    )
    op.create_table('report_load',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('set_code', sa.String(length=100), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('replaced', sa.Boolean(), nullable=False),
    sa.Column('loaded_at', sa.DateTime(), nullable=False),
    sa.Column('loaded_by', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['school_id'], ['district_school.id'], name=op.f('fk_report_load_school_id_district_school'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_load'))
    )
    with op.batch_alter_table('report_load', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_load_school_id'), ['school_id'], unique=False)

    op.create_table('school_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('school_id', sa.Integer(), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('set_code', sa.String(length=100), nullable=False),
    sa.Column('set_title', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('file_name', sa.Text(), nullable=False),
    sa.Column('made_on', sa.Date(), nullable=True),
    sa.Column('checksum', sa.String(length=64), nullable=False),
    sa.Column('coordinator', sa.Text(), nullable=False),
    sa.Column('loaded_at', sa.DateTime(), nullable=False),
    sa.Column('loaded_by', sa.String(length=64), nullable=False),
    sa.CheckConstraint("source IN ('program', 'hand')", name=op.f('ck_school_report_source_code')),
    sa.ForeignKeyConstraint(['school_id'], ['district_school.id'], name=op.f('fk_school_report_school_id_district_school'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school_report')),
    sa.UniqueConstraint('school_id', 'start_year', 'set_code', name=op.f('uq_school_report_school_id_start_year_set_code'))
    )
    with op.batch_alter_table('school_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_school_report_school_id'), ['school_id'], unique=False)

    op.create_table('school_report_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('report_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('unit', sa.String(length=50), nullable=False),
    sa.Column('measure', sa.String(length=10), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('numerator', sa.Float(), nullable=True),
    sa.Column('denominator', sa.Integer(), nullable=True),
    sa.CheckConstraint("measure IN ('count', 'share', 'average')", name=op.f('ck_school_report_value_measure_code')),
    sa.ForeignKeyConstraint(['report_id'], ['school_report.id'], name=op.f('fk_school_report_value_report_id_school_report'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school_report_value')),
    sa.UniqueConstraint('report_id', 'code', name=op.f('uq_school_report_value_report_id_code'))
    )
    with op.batch_alter_table('school_report_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_school_report_value_report_id'), ['report_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('school_report_value', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_school_report_value_report_id'))

    op.drop_table('school_report_value')
    with op.batch_alter_table('school_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_school_report_school_id'))

    op.drop_table('school_report')
    with op.batch_alter_table('report_load', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_load_school_id'))

    op.drop_table('report_load')
    op.drop_table('municipality')
    op.drop_table('district_school')
