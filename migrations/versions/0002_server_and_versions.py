"""Several users at once: version columns for optimistic locking, and on PostgreSQL what SQLite's
connection set-up gives for free (the ru_fold search function, the append-only audit log).

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

VERSIONED = ("student", "event", "roadmap_item")

_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯё"
_LOWER = "abcdefghijklmnopqrstuvwxyzабвгдеежзийклмнопрстуфхцчшщъыьэюяе"

# The same fold as app/services/text.fold («Ё» and «ё» read as «е», any case), independent of the server's
# locale: lower() under ICU's root collation where the server has ICU (Debian's and the Windows installer's
# have), else translate(), which maps Russian and Latin letters one to one whatever LC_CTYPE the cluster has.
PG_RU_FOLD_ICU = """
CREATE OR REPLACE FUNCTION ru_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT replace(lower(value COLLATE "und-x-icu"), 'ё', 'е') $$
"""
PG_RU_FOLD_PLAIN = f"""
CREATE OR REPLACE FUNCTION ru_fold(value text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT translate(value, '{_UPPER}', '{_LOWER}') $$
"""

# The audit log is append-only for everyone: a trigger refuses UPDATE and DELETE whoever runs them
# (the program's role is also refused by its privileges, see README).
PG_AUDIT_GUARD = """
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'Журнал аудита нельзя изменять' USING ERRCODE = 'insufficient_privilege';
END $$
"""


def upgrade() -> None:
    for table in VERSIONED:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
    if op.get_bind().dialect.name == "postgresql":
        has_icu = op.get_bind().execute(sa.text("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'")).first()
        op.execute(PG_RU_FOLD_ICU if has_icu else PG_RU_FOLD_PLAIN)
        op.execute(PG_AUDIT_GUARD)
        op.execute("CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
                   "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()")
        op.execute("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
                   "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_change ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS audit_log_append_only()")
        op.execute("DROP FUNCTION IF EXISTS ru_fold(text)")
    for table in reversed(VERSIONED):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
