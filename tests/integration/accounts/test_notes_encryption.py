"""Consultation notes are readable only with a psychologist's key (issue 16): the demo school's note texts are
in no byte of the database, its -wal or a backup; an administrator cannot read a note, not by granting
themself «может читать записи», nor by resetting a psychologist's password and signing in with it; the
psychologist regains the notes with the recovery key, and a colleague gives them to a new psychologist;
notes written before the upgrade are encrypted by the migration."""
from __future__ import annotations

import datetime as dt
import io
import re
import sqlite3
import sys

import pytest

from app.cli.main import run
from app.services.access import Role
from app.services.accounts import accounts
from app.services.accounts.notes_access import grant_notes_access, recover_notes_access
from app.services.consultations import consultations
from app.services.demo import catalogue
from app.services.errors import PermissionDenied, UserError
from app.services.storage.backups import take_backup
from app.services.storage.database import Database
from app.services.storage.migrations import open_database, upgrade
from app.services.uow import UnitOfWork
from tests.school_people import build_school, fast_hashing  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("fast_hashing")

SECRET = "Мама против колледжа, мальчик хочет в лицей — сверхсекретно"


def _files_bytes(*paths) -> bytes:
    return b"".join(p.read_bytes() for p in paths if p.exists())


def test_demo_note_texts_are_in_no_byte_of_the_database_wal_or_backup(tmp_path, capsys, monkeypatch):
    path = tmp_path / "demo.db"
    assert run(["demo", "--db", str(path), "--students", "120"]) == 0
    out = capsys.readouterr().out
    recovery = re.search(r"Ключ восстановления записей консультаций: (\S+)", out).group(1)
    wal = path.with_name(path.name + "-wal")
    database = open_database(path)
    try:
        copy = take_backup(database, reason="manual")
        with database.session() as s:
            stored = [t for (t,) in s.execute(consultations.select(consultations.ConsultationNote.text))]
        raw = _files_bytes(path, wal) + copy.read_bytes()
    finally:
        database.dispose()
    assert len(stored) > 10 and all(t.startswith("enc1:") for t in stored)
    for note in catalogue.CONSULTATION_NOTES:
        for encoding in ("utf-8", "utf-16-le", "cp1251"):
            assert note.encode(encoding) not in raw
        assert note[:20].encode("utf-8") not in raw

    # The key is not lost: a psychologist of the demonstration school takes it with the recovery key.
    monkeypatch.setattr(sys, "stdin", io.StringIO("Пароль-админа-1\n"))
    assert run(["user", "add", "admin", "--role", "admin", "--db", str(path)]) == 0
    database = open_database(path)
    try:
        admin = accounts.login(database, "admin", "Пароль-админа-1")
        accounts.create_user(UnitOfWork(database, admin), login="psy", password="Пароль-психолога",
                             role=Role.PSYCHOLOGIST)
        psy = recover_notes_access(database, login="psy", password="Пароль-психолога", recovery_key=recovery.lower())
        first = consultations.list_consultations(UnitOfWork(database, psy))[0]
        assert consultations.read_note(UnitOfWork(database, psy), first.id) in catalogue.CONSULTATION_NOTES
    finally:
        database.dispose()


@pytest.fixture
def school(database):
    people = build_school(database)
    admin = accounts.create_first_administrator(database, login="admin", password="Пароль-админа-1")
    shown: list[str] = []
    psy_id = accounts.create_user(UnitOfWork(database, admin), login="psy", password="Пароль-психолога",
                                  role=Role.PSYCHOLOGIST, show_recovery_key=shown.append)
    assert len(shown) == 1 and len(shown[0]) == 39
    psy = accounts.login(database, "psy", "Пароль-психолога")
    cid = consultations.save_consultation(UnitOfWork(database, psy), consultations.ConsultationInput(
        held_on=dt.date(2026, 10, 1), kind="individual", requested_by="parent",
        student_ids=[people.student_ids["Иванов"]], note=SECRET))
    return {"admin": admin, "psy_id": psy_id, "cid": cid, "recovery": shown[0]}


def test_the_note_is_ciphertext_and_reads_back_for_the_psychologist(database, db_path, school):
    psy = accounts.login(database, "psy", "Пароль-психолога")
    assert consultations.read_note(UnitOfWork(database, psy), school["cid"]) == SECRET
    with database.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    assert SECRET.encode() not in _files_bytes(db_path, db_path.with_name(db_path.name + "-wal"))
    # Counting needs no key.
    assert consultations.count_consulted_students(database.session(), year=2026) == 1


def test_an_administrator_never_reads_a_note(database, school):
    admin, cid = school["admin"], school["cid"]
    # Granting themself «может читать записи» gives the right, not the key.
    accounts.update_user(UnitOfWork(database, admin), admin.user_id, role=Role.ADMIN, is_active=True,
                         can_read_notes=True, full_name="")
    admin = accounts.login(database, "admin", "Пароль-админа-1")
    assert admin.can_read_notes
    with pytest.raises(PermissionDenied, match="нет к ним ключа"):
        consultations.read_note(UnitOfWork(database, admin), cid)
    # Resetting the psychologist's password and signing in with it opens nothing either.
    accounts.set_password(UnitOfWork(database, admin), school["psy_id"], "Пароль-от-админа")
    as_psy = accounts.login(database, "psy", "Пароль-от-админа")
    with pytest.raises(PermissionDenied):
        consultations.read_note(UnitOfWork(database, as_psy), cid)
    with pytest.raises(PermissionDenied):
        grant_notes_access(UnitOfWork(database, admin), login="psy", password="Пароль-от-админа")
    # Nor can a guessed recovery key.
    with pytest.raises(UserError, match="не подходит"):
        recover_notes_access(database, login="psy", password="Пароль-от-админа", recovery_key="AAAA-BBBB")
    # The psychologist regains the notes with the recovery key from the safe…
    psy = recover_notes_access(database, login="psy", password="Пароль-от-админа", recovery_key=school["recovery"])
    assert consultations.read_note(UnitOfWork(database, psy), cid) == SECRET
    # …and after changing the password, the key goes on with it.
    accounts.change_own_password(UnitOfWork(database, psy), old_password="Пароль-от-админа",
                                 new_password="Свой-пароль-психолога")
    psy = accounts.login(database, "psy", "Свой-пароль-психолога")
    assert consultations.read_note(UnitOfWork(database, psy), cid) == SECRET


def test_a_colleague_gives_the_notes_to_a_new_psychologist(database, school):
    accounts.create_user(UnitOfWork(database, school["admin"]), login="psy2", password="Пароль-второго-1",
                         role=Role.PSYCHOLOGIST)
    newcomer = accounts.login(database, "psy2", "Пароль-второго-1")
    with pytest.raises(PermissionDenied):
        consultations.read_note(UnitOfWork(database, newcomer), school["cid"])
    psy = accounts.login(database, "psy", "Пароль-психолога")
    with pytest.raises(UserError, match="неверно"):
        grant_notes_access(UnitOfWork(database, psy), login="psy2", password="не его пароль")
    grant_notes_access(UnitOfWork(database, psy), login="psy2", password="Пароль-второго-1")
    newcomer = accounts.login(database, "psy2", "Пароль-второго-1")
    assert consultations.read_note(UnitOfWork(database, newcomer), school["cid"]) == SECRET


def test_the_cli_grants_and_recovers(db_path, database, school, monkeypatch, capsys):
    def cli(argv, stdin):
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        return run([*argv, "--db", str(db_path)])
    assert cli(["user", "add", "psy2", "--role", "psychologist", "--user", "admin"],
               "Пароль-админа-1\nПароль-второго-1\n") == 0
    assert cli(["user", "grant-notes", "psy2", "--user", "psy"], "Пароль-психолога\nПароль-второго-1\n") == 0
    assert cli(["user", "grant-notes", "psy2", "--user", "admin"], "Пароль-админа-1\nПароль-второго-1\n") == 1
    assert "Недостаточно прав" in capsys.readouterr().err
    assert cli(["user", "recover-notes", "psy"], f"Пароль-психолога\n{school['recovery']}\n") == 0
    assert "восстановлен" in capsys.readouterr().out
    newcomer = accounts.login(database, "psy2", "Пароль-второго-1")
    assert consultations.read_note(UnitOfWork(database, newcomer), school["cid"]) == SECRET


def test_plain_notes_written_before_the_upgrade_are_encrypted_by_it(tmp_path):
    path = tmp_path / "old.db"
    database = Database.open(path)
    try:
        upgrade(database, revision="0001")
        with database.engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO consultation(id, held_on, kind, requested_by) "
                                 "VALUES (7, '2026-10-01', 'individual', 'student')")
            conn.exec_driver_sql(f"INSERT INTO consultation_note(consultation_id, text) VALUES (7, '{SECRET}')")
        result = upgrade(database)
        with database.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.dispose()
    assert result.notes_recovery_key and result.backup_path is not None
    con = sqlite3.connect(path)
    (stored,) = con.execute("SELECT text FROM consultation_note WHERE consultation_id = 7").fetchone()
    con.close()
    assert stored.startswith("enc1:")
    assert SECRET.encode() not in _files_bytes(path, path.with_name(path.name + "-wal"))
    database = open_database(path)
    try:
        accounts.create_first_administrator(database, login="admin", password="Пароль-админа-1")
        admin = accounts.login(database, "admin", "Пароль-админа-1")
        accounts.create_user(UnitOfWork(database, admin), login="psy", password="Пароль-психолога",
                             role=Role.PSYCHOLOGIST, show_recovery_key=pytest.fail)  # the key exists already
        psy = recover_notes_access(database, login="psy", password="Пароль-психолога",
                                   recovery_key=result.notes_recovery_key)
        assert consultations.read_note(UnitOfWork(database, psy), 7) == SECRET
    finally:
        database.dispose()
