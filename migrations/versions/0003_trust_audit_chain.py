"""Trust, second round: the audit log's hash chain.

Every existing entry is given its hash in id order (the append-only triggers are lifted for that and put
back in the same transaction); new entries get theirs when they are written (app/models/audit_chain.py).

Revision ID: 0003
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

_TRIGGERS = ("UPDATE", "DELETE")


def _drop_triggers() -> None:
    for operation in _TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS audit_log_no_{operation.lower()}")


def _create_triggers() -> None:
    from app.models.audit_chain import TRIGGERS

    for sql in TRIGGERS.values():
        op.execute(sql)


def upgrade() -> None:
    from app.models.audit_chain import canonical, link, parse_at

    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        _drop_triggers()
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain", sa.String(length=64), server_default="", nullable=False))
    log = sa.table("audit_log", sa.column("id", sa.Integer), sa.column("at", sa.DateTime),
                   sa.column("user_id", sa.Integer), sa.column("user_login", sa.String),
                   sa.column("action", sa.String), sa.column("entity", sa.String),
                   sa.column("entity_id", sa.Integer), sa.column("details", sa.Text), sa.column("chain", sa.String))
    previous = ""
    rows = bind.execute(sa.select(log.c.id, log.c.at, log.c.user_id, log.c.user_login, log.c.action, log.c.entity,
                                  log.c.entity_id, log.c.details).order_by(log.c.id)).all()
    for row in rows:
        previous = link(previous, canonical(row.id, parse_at(row.at), row.user_id, row.user_login, row.action,
                                            row.entity, row.entity_id, row.details))
        bind.execute(log.update().where(log.c.id == row.id).values(chain=previous))
    if sqlite:
        _create_triggers()


def downgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        _drop_triggers()
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("chain")
    if sqlite:
        _create_triggers()
