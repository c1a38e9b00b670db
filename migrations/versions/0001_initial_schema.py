"""Initial schema: every table of the domain model, and the append-only audit log.

Revision ID: 0001
Revises: 
Create Date: 2026-11-24 04:58:50.585849
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('academic_year',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('start_year', sa.Integer(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.CheckConstraint('start_year BETWEEN 2000 AND 2100', name=op.f('ck_academic_year_start_year_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_academic_year')),
    sa.UniqueConstraint('start_year', name=op.f('uq_academic_year_start_year'))
    )
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('user_login', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('details', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_at'), ['at'], unique=False)

    op.create_table('consultation_topic',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation_topic')),
    sa.UniqueConstraint('name', name=op.f('uq_consultation_topic_name'))
    )
    op.create_table('event_type',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.CheckConstraint("category IN ('bvb_diagnostics', 'bvb_trial', 'bvb_event', 'proektoria', 'horizons', 'excursion', 'open_day', 'fair', 'master_class', 'competition', 'class_hour', 'meeting', 'intentions_survey', 'diagnostics', 'parents_meeting', 'summer', 'other')", name=op.f('ck_event_type_category_code')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_type')),
    sa.UniqueConstraint('name', name=op.f('uq_event_type_name'))
    )
    op.create_table('partner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('short_name', sa.String(length=200), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('in_region', sa.Boolean(), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('contact', sa.Text(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.CheckConstraint("type IN ('poo', 'vo', 'employer', 'czn', 'dop', 'other')", name=op.f('ck_partner_type_code')),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_partner_name_present')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner')),
    sa.UniqueConstraint('name', name=op.f('uq_partner_name'))
    )
    op.create_table('report_form_mapping',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('form_name', sa.String(length=300), nullable=False),
    sa.Column('mapping_json', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_form_mapping')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_report_form_mapping_fingerprint'))
    )
    op.create_table('roadmap',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('period_start', sa.Integer(), nullable=True),
    sa.Column('period_end', sa.Integer(), nullable=True),
    sa.Column('goal', sa.Text(), nullable=False),
    sa.Column('tasks', sa.Text(), nullable=False),
    sa.Column('approved_by_name', sa.String(length=200), nullable=False),
    sa.Column('approved_by_position', sa.String(length=300), nullable=False),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('approval_order', sa.String(length=100), nullable=False),
    sa.Column('executor_block', sa.Text(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('period_end IS NULL OR period_start IS NULL OR period_end >= period_start', name=op.f('ck_roadmap_period_order')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roadmap'))
    )
    op.create_table('school',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.Text(), nullable=False),
    sa.Column('short_name', sa.String(length=200), nullable=False),
    sa.Column('municipality', sa.String(length=200), nullable=False),
    sa.Column('region', sa.String(length=200), nullable=False),
    sa.Column('oo_code', sa.String(length=50), nullable=False),
    sa.Column('inn', sa.String(length=12), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('director_name', sa.String(length=200), nullable=False),
    sa.Column('deputy_director_name', sa.String(length=200), nullable=False),
    sa.Column('coordinator_name', sa.String(length=200), nullable=False),
    sa.Column('coordinator_position', sa.String(length=200), nullable=False),
    sa.Column('coordinator_phone', sa.String(length=50), nullable=False),
    sa.Column('coordinator_email', sa.String(length=200), nullable=False),
    sa.Column('is_demo', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )
    op.create_table('staff',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('patronymic', sa.String(length=100), nullable=False),
    sa.Column('position', sa.String(length=200), nullable=False),
    sa.Column('phone', sa.String(length=50), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff'))
    )
    op.create_table('student',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('patronymic', sa.String(length=100), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('sex', sa.String(length=1), nullable=True),
    sa.Column('has_ovz', sa.Boolean(), nullable=False),
    sa.Column('has_disability', sa.Boolean(), nullable=False),
    sa.Column('external_id', sa.String(length=100), nullable=True),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.Column('left_reason', sa.String(length=200), nullable=False),
    sa.Column('is_anonymized', sa.Boolean(), nullable=False),
    sa.CheckConstraint("sex IN ('m', 'f') OR sex IS NULL", name=op.f('ck_student_sex_code')),
    sa.CheckConstraint('length(trim(last_name)) > 0', name=op.f('ck_student_last_name_present')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_student')),
    sa.UniqueConstraint('external_id', name=op.f('uq_student_external_id'))
    )
    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_student_last_name_first_name_patronymic_birth_date'), ['last_name', 'first_name', 'patronymic', 'birth_date'], unique=False)

    op.create_table('agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=100), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.CheckConstraint('valid_until IS NULL OR signed_on IS NULL OR valid_until >= signed_on', name=op.f('ck_agreement_valid_after_signed')),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_agreement_partner_id_partner'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreement'))
    )
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_partner_id'), ['partner_id'], unique=False)

    op.create_table('app_user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('login', sa.String(length=64), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('can_read_notes', sa.Boolean(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('failed_attempts', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("role IN ('admin', 'coordinator', 'psychologist', 'deputy', 'class_teacher')", name=op.f('ck_app_user_role_code')),
    sa.CheckConstraint('login = lower(trim(login)) AND length(login) > 0', name=op.f('ck_app_user_login_normalised')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_app_user_staff_id_staff'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_app_user')),
    sa.UniqueConstraint('login', name=op.f('uq_app_user_login'))
    )
    op.create_table('club',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('orientation', sa.String(length=12), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=True),
    sa.Column('leader', sa.String(length=200), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("orientation IN ('profile', 'preprofile')", name=op.f('ck_club_orientation_code')),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], name=op.f('fk_club_partner_id_partner'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_club')),
    sa.UniqueConstraint('name', name=op.f('uq_club_name'))
    )
    op.create_table('consent',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('scope', sa.String(length=30), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.CheckConstraint("scope IN ('personal', 'personal_and_health')", name=op.f('ck_consent_scope_code')),
    sa.CheckConstraint('withdrawn_on IS NULL OR withdrawn_on >= received_on', name=op.f('ck_consent_withdrawn_after')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_consent_student_id_student'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent'))
    )
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_student_id_received_on'), ['student_id', 'received_on'], unique=False)

    op.create_table('exam_choice',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('year_id', sa.Integer(), nullable=False),
    sa.Column('exam', sa.String(length=3), nullable=False),
    sa.Column('subjects', sa.Text(), nullable=False),
    sa.Column('matches_profile', sa.Boolean(), nullable=True),
    sa.CheckConstraint("exam IN ('oge', 'ege')", name=op.f('ck_exam_choice_exam_code')),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_exam_choice_student_id_student'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['year_id'], ['academic_year.id'], name=op.f('fk_exam_choice_year_id_academic_year'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_choice')),
    sa.UniqueConstraint('student_id', 'year_id', name=op.f('uq_exam_choice_student_id_year_id'))
    )
    with op.batch_alter_table('exam_choice', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exam_choice_year_id_matches_profile'), ['year_id', 'matches_profile'], unique=False)

    op.create_table('graduate_destination',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('year_id', sa.Integer(), nullable=False),
    sa.Column('destination', sa.String(length=10), nullable=False),
    sa.Column('institution_partner_id', sa.Integer(), nullable=True),
    sa.Column('institution_name', sa.Text(), nullable=False),
    sa.Column('in_region', sa.Boolean(), nullable=True),
    sa.Column('by_profile', sa.Boolean(), nullable=True),
    sa.CheckConstraint("destination IN ('grade10', 'poo', 'vo', 'work', 'army', 'other')", name=op.f('ck_graduate_destination_destination_code')),
    sa.ForeignKeyConstraint(['institution_partner_id'], ['partner.id'], name=op.f('fk_graduate_destination_institution_partner_id_partner'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_graduate_destination_student_id_student'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['year_id'], ['academic_year.id'], name=op.f('fk_graduate_destination_year_id_academic_year'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_graduate_destination')),
    sa.UniqueConstraint('student_id', 'year_id', name=op.f('uq_graduate_destination_student_id_year_id'))
    )
    with op.batch_alter_table('graduate_destination', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_graduate_destination_year_id_destination'), ['year_id', 'destination'], unique=False)

    op.create_table('manual_indicator_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('set_code', sa.String(length=100), nullable=False),
    sa.Column('indicator_code', sa.String(length=50), nullable=False),
    sa.Column('year_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['year_id'], ['academic_year.id'], name=op.f('fk_manual_indicator_value_year_id_academic_year'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_manual_indicator_value')),
    sa.UniqueConstraint('set_code', 'indicator_code', 'year_id', name=op.f('uq_manual_indicator_value_set_code_indicator_code_year_id'))
    )
    op.create_table('roadmap_indicator',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roadmap_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('goal', sa.Text(), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('unit', sa.String(length=100), nullable=False),
    sa.Column('target', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['roadmap_id'], ['roadmap.id'], name=op.f('fk_roadmap_indicator_roadmap_id_roadmap'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roadmap_indicator'))
    )
    with op.batch_alter_table('roadmap_indicator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmap_indicator_roadmap_id_position'), ['roadmap_id', 'position'], unique=False)

    op.create_table('roadmap_section',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('roadmap_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['roadmap_section.id'], name=op.f('fk_roadmap_section_parent_id_roadmap_section'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['roadmap_id'], ['roadmap.id'], name=op.f('fk_roadmap_section_roadmap_id_roadmap'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roadmap_section'))
    )
    with op.batch_alter_table('roadmap_section', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmap_section_roadmap_id_parent_id_position'), ['roadmap_id', 'parent_id', 'position'], unique=False)

    op.create_table('school_class',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year_id', sa.Integer(), nullable=False),
    sa.Column('grade', sa.Integer(), nullable=False),
    sa.Column('letter', sa.String(length=3), nullable=False),
    sa.Column('profile', sa.String(length=100), nullable=False),
    sa.Column('homeroom_teacher_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('grade BETWEEN 1 AND 11', name=op.f('ck_school_class_grade_range')),
    sa.CheckConstraint('length(letter) BETWEEN 1 AND 3', name=op.f('ck_school_class_letter_length')),
    sa.ForeignKeyConstraint(['homeroom_teacher_id'], ['staff.id'], name=op.f('fk_school_class_homeroom_teacher_id_staff'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['year_id'], ['academic_year.id'], name=op.f('fk_school_class_year_id_academic_year'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_school_class')),
    sa.UniqueConstraint('id', 'year_id', name=op.f('uq_school_class_id_year_id')),
    sa.UniqueConstraint('year_id', 'grade', 'letter', name=op.f('uq_school_class_year_id_grade_letter'))
    )
    op.create_table('club_enrollment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('club_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('year_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['club_id'], ['club.id'], name=op.f('fk_club_enrollment_club_id_club'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_club_enrollment_student_id_student'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['year_id'], ['academic_year.id'], name=op.f('fk_club_enrollment_year_id_academic_year'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_club_enrollment')),
    sa.UniqueConstraint('club_id', 'student_id', 'year_id', name=op.f('uq_club_enrollment_club_id_student_id_year_id'))
    )
    with op.batch_alter_table('club_enrollment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_club_enrollment_year_id_student_id'), ['year_id', 'student_id'], unique=False)

    op.create_table('consultation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('specialist_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('requested_by', sa.String(length=12), nullable=False),
    sa.Column('topic_id', sa.Integer(), nullable=True),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('created_by_user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("kind IN ('individual', 'group')", name=op.f('ck_consultation_kind_code')),
    sa.CheckConstraint("requested_by IN ('student', 'parent', 'teacher')", name=op.f('ck_consultation_requested_by_code')),
    sa.CheckConstraint('follow_up_on IS NULL OR follow_up_on >= held_on', name=op.f('ck_consultation_follow_up_after')),
    sa.ForeignKeyConstraint(['created_by_user_id'], ['app_user.id'], name=op.f('fk_consultation_created_by_user_id_app_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['specialist_id'], ['staff.id'], name=op.f('fk_consultation_specialist_id_staff'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['topic_id'], ['consultation_topic.id'], name=op.f('fk_consultation_topic_id_consultation_topic'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consultation'))
    )
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consultation_held_on'), ['held_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_consultation_specialist_id'), ['specialist_id'], unique=False)

    op.create_table('enrollment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('year_id', sa.Integer(), nullable=False),
    sa.Column('class_id', sa.Integer(), nullable=False),
    sa.Column('profile', sa.String(length=100), nullable=False),
    sa.Column('is_graduate', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['class_id', 'year_id'], ['school_class.id', 'school_class.year_id'], name='fk_enrollment_class_year', ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_enrollment_student_id_student'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['year_id'], ['academic_year.id'], name=op.f('fk_enrollment_year_id_academic_year'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrollment')),
    sa.UniqueConstraint('student_id', 'year_id', name=op.f('uq_enrollment_student_id_year_id'))
    )
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_enrollment_year_id_class_id_student_id'), ['year_id', 'class_id', 'student_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_enrollment_year_id_student_id_class_id'), ['year_id', 'student_id', 'class_id'], unique=False)

    op.create_table('roadmap_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('section_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('responsible', sa.Text(), nullable=False),
    sa.Column('deadline', sa.Text(), nullable=False),
    sa.Column('expected_result', sa.Text(), nullable=False),
    sa.Column('result_form', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['section_id'], ['roadmap_section.id'], name=op.f('fk_roadmap_item_section_id_roadmap_section'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roadmap_item'))
    )
    with op.batch_alter_table('roadmap_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_roadmap_item_section_id_position'), ['section_id', 'position'], unique=False)

    op.create_table('consultation_note',
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_consultation_note_consultation_id_consultation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('consultation_id', name=op.f('pk_consultation_note'))
    )
    op.create_table('consultation_student',
    sa.Column('consultation_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['consultation_id'], ['consultation.id'], name=op.f('fk_consultation_student_consultation_id_consultation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_consultation_student_student_id_student'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('consultation_id', 'student_id', name=op.f('pk_consultation_student'))
    )
    with op.batch_alter_table('consultation_student', schema=None) as batch_op:
        batch_op.create_index('ix_consultation_student_student_id', ['student_id'], unique=False)

    op.create_table('event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('event_type_id', sa.Integer(), nullable=True),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('format', sa.String(length=10), nullable=False),
    sa.Column('organizer_type', sa.String(length=20), nullable=False),
    sa.Column('organizer_partner_id', sa.Integer(), nullable=True),
    sa.Column('target_grades', sa.String(length=40), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('roadmap_item_id', sa.Integer(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("category IN ('bvb_diagnostics', 'bvb_trial', 'bvb_event', 'proektoria', 'horizons', 'excursion', 'open_day', 'fair', 'master_class', 'competition', 'class_hour', 'meeting', 'intentions_survey', 'diagnostics', 'parents_meeting', 'summer', 'other')", name=op.f('ck_event_category_code')),
    sa.CheckConstraint("format IN ('offline', 'online')", name=op.f('ck_event_format_code')),
    sa.CheckConstraint("organizer_type IN ('school', 'poo', 'vo', 'employer', 'czn', 'dop', 'other')", name=op.f('ck_event_organizer_type_code')),
    sa.CheckConstraint('ends_on IS NULL OR ends_on >= starts_on', name=op.f('ck_event_ends_after_starts')),
    sa.CheckConstraint('hours >= 0 AND hours <= 1000', name=op.f('ck_event_hours_range')),
    sa.CheckConstraint('length(trim(title)) > 0', name=op.f('ck_event_title_present')),
    sa.ForeignKeyConstraint(['event_type_id'], ['event_type.id'], name=op.f('fk_event_event_type_id_event_type'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organizer_partner_id'], ['partner.id'], name=op.f('fk_event_organizer_partner_id_partner'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['roadmap_item_id'], ['roadmap_item.id'], name=op.f('fk_event_roadmap_item_id_roadmap_item'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event'))
    )
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_organizer_partner_id'), ['organizer_partner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_organizer_type_starts_on'), ['organizer_type', 'starts_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_roadmap_item_id'), ['roadmap_item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_starts_on_category'), ['starts_on', 'category'], unique=False)

    op.create_table('roadmap_item_status',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('year_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint("status IN ('planned', 'in_progress', 'done', 'cancelled')", name=op.f('ck_roadmap_item_status_status_code')),
    sa.ForeignKeyConstraint(['item_id'], ['roadmap_item.id'], name=op.f('fk_roadmap_item_status_item_id_roadmap_item'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['year_id'], ['academic_year.id'], name=op.f('fk_roadmap_item_status_year_id_academic_year'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roadmap_item_status')),
    sa.UniqueConstraint('item_id', 'year_id', name=op.f('uq_roadmap_item_status_item_id_year_id'))
    )
    op.create_table('participation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('result', sa.String(length=12), nullable=True),
    sa.Column('competence', sa.String(length=300), nullable=False),
    sa.Column('hours', sa.Float(), nullable=True),
    sa.CheckConstraint("result IN ('participant', 'prize', 'winner') OR result IS NULL", name=op.f('ck_participation_result_code')),
    sa.CheckConstraint("status IN ('registered', 'attended', 'absent')", name=op.f('ck_participation_status_code')),
    sa.CheckConstraint('hours IS NULL OR (hours >= 0 AND hours <= 1000)', name=op.f('ck_participation_hours_range')),
    sa.ForeignKeyConstraint(['event_id'], ['event.id'], name=op.f('fk_participation_event_id_event'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['student.id'], name=op.f('fk_participation_student_id_student'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participation')),
    sa.UniqueConstraint('event_id', 'student_id', name=op.f('uq_participation_event_id_student_id'))
    )
    with op.batch_alter_table('participation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participation_event_id_status_student_id'), ['event_id', 'status', 'student_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_participation_student_id_status'), ['student_id', 'status'], unique=False)



    # The audit log is append-only for everyone, the program included (PostgreSQL: revision 0002).
    for operation in ("UPDATE", "DELETE") if op.get_bind().dialect.name == "sqlite" else ():
        op.execute(
            f"CREATE TRIGGER audit_log_no_{operation.lower()} BEFORE {operation} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'Журнал аудита нельзя изменять'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    with op.batch_alter_table('participation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participation_student_id_status'))
        batch_op.drop_index(batch_op.f('ix_participation_event_id_status_student_id'))

    op.drop_table('participation')
    op.drop_table('roadmap_item_status')
    with op.batch_alter_table('event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_starts_on_category'))
        batch_op.drop_index(batch_op.f('ix_event_roadmap_item_id'))
        batch_op.drop_index(batch_op.f('ix_event_organizer_type_starts_on'))
        batch_op.drop_index(batch_op.f('ix_event_organizer_partner_id'))

    op.drop_table('event')
    with op.batch_alter_table('consultation_student', schema=None) as batch_op:
        batch_op.drop_index('ix_consultation_student_student_id')

    op.drop_table('consultation_student')
    op.drop_table('consultation_note')
    with op.batch_alter_table('roadmap_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmap_item_section_id_position'))

    op.drop_table('roadmap_item')
    with op.batch_alter_table('enrollment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_enrollment_year_id_student_id_class_id'))
        batch_op.drop_index(batch_op.f('ix_enrollment_year_id_class_id_student_id'))

    op.drop_table('enrollment')
    with op.batch_alter_table('consultation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consultation_specialist_id'))
        batch_op.drop_index(batch_op.f('ix_consultation_held_on'))

    op.drop_table('consultation')
    with op.batch_alter_table('club_enrollment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_club_enrollment_year_id_student_id'))

    op.drop_table('club_enrollment')
    op.drop_table('school_class')
    with op.batch_alter_table('roadmap_section', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmap_section_roadmap_id_parent_id_position'))

    op.drop_table('roadmap_section')
    with op.batch_alter_table('roadmap_indicator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_roadmap_indicator_roadmap_id_position'))

    op.drop_table('roadmap_indicator')
    op.drop_table('manual_indicator_value')
    with op.batch_alter_table('graduate_destination', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_graduate_destination_year_id_destination'))

    op.drop_table('graduate_destination')
    with op.batch_alter_table('exam_choice', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exam_choice_year_id_matches_profile'))

    op.drop_table('exam_choice')
    with op.batch_alter_table('consent', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_student_id_received_on'))

    op.drop_table('consent')
    op.drop_table('club')
    op.drop_table('app_user')
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_partner_id'))

    op.drop_table('agreement')
    with op.batch_alter_table('student', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_student_last_name_first_name_patronymic_birth_date'))

    op.drop_table('student')
    op.drop_table('staff')
    op.drop_table('setting')
    op.drop_table('school')
    op.drop_table('roadmap')
    op.drop_table('report_form_mapping')
    op.drop_table('partner')
    op.drop_table('event_type')
    op.drop_table('consultation_topic')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_log_at'))

    op.drop_table('audit_log')
    op.drop_table('academic_year')
