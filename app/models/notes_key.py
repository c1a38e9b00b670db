"""The consultation notes key, stored only wrapped (encrypted): once per psychologist (by a key derived from
their password) and once by the recovery key printed when the key was made. See accounts/notes_keys.py."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, LargeBinary, String, func
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class NotesKey(Base):
    __tablename__ = "notes_key"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None: the copy wrapped by the recovery key.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), unique=True)
    kdf: Mapped[str] = mapped_column(String(80))          # «argon2id t=3 m=65536 p=4»
    salt: Mapped[bytes] = mapped_column(LargeBinary)
    wrapped: Mapped[bytes] = mapped_column(LargeBinary)   # nonce + AES-GCM(notes key)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, server_default=func.current_timestamp())
