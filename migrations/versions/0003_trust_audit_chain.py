"""Trust, second round: the audit log's hash chain, and consultation notes encrypted at rest.

Notes: the table of wrapped notes keys is created, and notes already written in plain text are encrypted
here, with a new notes key wrapped by a new recovery key. No password is at hand during a migration, so the
key cannot be wrapped for a psychologist yet; the recovery key is handed to the program that runs the
upgrade (config.attributes["notes_recovery_key"] → MigrationResult), which shows it once, to be printed and
kept in the safe; with it a psychologist takes the key at their next sign-in (accounts.notes_access). The
alternative — encrypting at the first psychologist's sign-in — would leave the notes readable in the file and
in every backup made until then. The copy taken before the migration still holds the plain notes: it is the
way back if the upgrade fails, and it should be deleted once the new version is known to work.

Audit log: every existing entry is given its hash in id order (the append-only triggers are lifted for that and put
back in the same transaction); new entries get theirs when they are written (app/models/audit_chain.py).

Revision ID: 0003
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
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
    if not sqlite and rows:
        # PostgreSQL's append-only trigger (0002) is lifted for this one rewrite, inside the migration's transaction.
        op.execute("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
    for row in rows:
        previous = link(previous, canonical(row.id, parse_at(row.at), row.user_id, row.user_login, row.action,
                                            row.entity, row.entity_id, row.details))
        bind.execute(log.update().where(log.c.id == row.id).values(chain=previous))
    if sqlite:
        _create_triggers()
    elif rows:
        op.execute("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change")
    _encrypt_notes(bind)


def _encrypt_notes(bind) -> None:
    from sqlalchemy.orm import Session

    from app.services.accounts.notes_keys import NOTE_PREFIX, create_notes_key, encrypt_note

    op.create_table(
        "notes_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kdf", sa.String(length=80), nullable=False),
        sa.Column("salt", sa.LargeBinary(), nullable=False),
        sa.Column("wrapped", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.text("(CURRENT_TIMESTAMP)"), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["app_user.id"], name=op.f("fk_notes_key_user_id_app_user"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notes_key")),
        sa.UniqueConstraint("user_id", name=op.f("uq_notes_key_user_id")),
    )
    note = sa.table("consultation_note", sa.column("consultation_id", sa.Integer), sa.column("text", sa.Text))
    plain = [(cid, text) for cid, text in bind.execute(sa.select(note.c.consultation_id, note.c.text))
             if text and not text.startswith(NOTE_PREFIX)]
    if not plain:
        return  # no notes yet: the key is made with the first psychologist
    session = Session(bind=bind)
    key, recovery = create_notes_key(session)
    session.flush()
    for cid, text in plain:
        bind.execute(note.update().where(note.c.consultation_id == cid).values(text=encrypt_note(key, cid, text)))
    op.get_context().config.attributes["notes_recovery_key"] = recovery


def downgrade() -> None:
    # Encrypted notes stay encrypted: without a psychologist's password they cannot be turned back.
    op.drop_table("notes_key")
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        _drop_triggers()
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("chain")
    if sqlite:
        _create_triggers()
