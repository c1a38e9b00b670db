"""Encryption of the confidential consultation notes at rest.

One random notes key (AES-256-GCM) encrypts every note. It is never stored as it is: only wrapped — once for
each psychologist (or administrator explicitly allowed) by a key derived with Argon2id from their password,
and once by the recovery key, a random code shown once when the notes key is made, to be printed and kept in
the safe. So the database file, its -wal, every backup and every copy hold only ciphertext; counting and
listing consultations never need the key; an administrator who resets a psychologist's password gets a
password that unwraps nothing (the psychologist's wrapped copy is dropped), and the psychologist regains the
notes with the recovery key or from a colleague who has them."""
from __future__ import annotations

import base64
import os
import secrets

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import delete, func, select

from app.models import NotesKey
from app.services.errors import UserError

NOTE_PREFIX = "enc1:"
# Argon2id as for the passwords (RFC 9106 low-memory profile); tests lower it (tests/school_people.py).
KDF = "argon2id t=3 m=65536 p=4"
_RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"   # no 0/O, 1/I: it is typed from paper
_RECOVERY_LENGTH = 32                                      # 160 bits

NO_KEY = ("Записи консультаций зашифрованы, а у вашей учётной записи нет к ним ключа. Доступ даёт коллега — "
          "педагог-психолог, у которого он есть, или ключ восстановления, хранящийся в сейфе.")


def _derive(secret: str, salt: bytes, kdf: str) -> bytes:
    params = dict(part.split("=") for part in kdf.split()[1:])
    return hash_secret_raw(secret.encode("utf-8"), salt, time_cost=int(params["t"]), memory_cost=int(params["m"]),
                           parallelism=int(params["p"]), hash_len=32, type=Type.ID)


def _wrap(kek: bytes, key: bytes) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(kek).encrypt(nonce, key, b"proftrack-notes-key")


def _unwrap(kek: bytes, blob: bytes) -> bytes | None:
    try:
        return AESGCM(kek).decrypt(blob[:12], blob[12:], b"proftrack-notes-key")
    except (InvalidTag, ValueError):
        return None


def new_recovery_key() -> str:
    code = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(_RECOVERY_LENGTH))
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def _normalise_recovery(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


# --- the notes themselves --------------------------------------------------------------------------

def encrypt_note(key: bytes, consultation_id: int, text: str) -> str:
    """The stored form of a note: bound to its consultation, so a note cannot be moved to another one."""
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, text.encode("utf-8"), f"note:{consultation_id}".encode())
    return NOTE_PREFIX + base64.b64encode(nonce + sealed).decode("ascii")


def decrypt_note(key: bytes, consultation_id: int, stored: str) -> str:
    if not stored:
        return ""
    if not stored.startswith(NOTE_PREFIX):
        raise UserError(f"Запись консультации № {consultation_id} хранится незашифрованной: обновите базу "
                        "(при запуске программы) — записи будут зашифрованы.")
    try:
        blob = base64.b64decode(stored[len(NOTE_PREFIX):])
        return AESGCM(key).decrypt(blob[:12], blob[12:], f"note:{consultation_id}".encode()).decode("utf-8")
    except (InvalidTag, ValueError):
        raise UserError(f"Запись консультации № {consultation_id} повреждена или зашифрована другим ключом: "
                        "её нельзя прочитать.") from None


# --- the wrapped copies of the key -----------------------------------------------------------------

def notes_key_exists(session) -> bool:
    return bool(session.scalar(select(func.count()).select_from(NotesKey)))


def _store(session, user_id: int | None, secret: str, key: bytes) -> None:
    salt = os.urandom(16)
    session.execute(delete(NotesKey).where(NotesKey.user_id.is_(None) if user_id is None
                                           else NotesKey.user_id == user_id))
    session.add(NotesKey(user_id=user_id, kdf=KDF, salt=salt, wrapped=_wrap(_derive(secret, salt, KDF), key)))


def create_notes_key(session) -> tuple[bytes, str]:
    """A new notes key with its recovery copy; returns (key, recovery key to show once)."""
    if notes_key_exists(session):
        raise UserError("Ключ записей консультаций уже создан.")
    key = AESGCM.generate_key(bit_length=256)
    recovery = new_recovery_key()
    _store(session, None, _normalise_recovery(recovery), key)
    return key, recovery


def wrap_for_user(session, user_id: int, password: str, key: bytes) -> None:
    _store(session, user_id, password, key)


def unwrap_for_user(session, user_id: int, password: str) -> bytes | None:
    row = session.scalar(select(NotesKey).where(NotesKey.user_id == user_id))
    return _unwrap(_derive(password, row.salt, row.kdf), row.wrapped) if row is not None else None


def unwrap_with_recovery(session, recovery_key: str) -> bytes:
    row = session.scalar(select(NotesKey).where(NotesKey.user_id.is_(None)))
    key = _unwrap(_derive(_normalise_recovery(recovery_key), row.salt, row.kdf), row.wrapped) if row else None
    if key is None:
        raise UserError("Ключ восстановления не подходит: проверьте, что он введён полностью и без ошибок.")
    return key


def drop_user_key(session, user_id: int) -> bool:
    return bool(session.execute(delete(NotesKey).where(NotesKey.user_id == user_id)).rowcount)


def user_has_key(session, user_id: int) -> bool:
    return session.scalar(select(NotesKey.id).where(NotesKey.user_id == user_id)) is not None
