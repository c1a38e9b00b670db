"""Хранение данных: students who left more than N years ago (a school setting) are anonymised in one
action — names and personal fields replaced — while their enrolments and participation stay, so
that past indicators (counts of distinct students, shares, the ОВЗ counts) do not change.

A backup copy is taken first. `PRAGMA secure_delete` is on for every connection; after the change
the file is rebuilt (VACUUM) and the write-ahead log checkpointed and truncated, so the old names
are gone from the bytes of the database file and of its -wal file.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select

from app.models import Consent, ConsultationNote, Student, consultation_student
from app.services.access import Permission
from app.services.storage.backups import backup_folder, list_backups, take_backup
from app.services import settings
from app.services.progress import CancelledFn, ProgressFn, check_cancelled
from app.services.uow import UnitOfWork

ANONYMOUS_NAME = "Обезличен"


@dataclass(frozen=True)
class RetentionCandidate:
    student_id: int
    name: str
    left_on: dt.date


@dataclass(frozen=True)
class AnonymisationResult:
    anonymised: int
    backup_path: Path | None
    backups_rewritten: int = 0      # copies in backups/ that held the old names, now anonymised as well


def retention_years(uow: UnitOfWork) -> int:
    return settings.read(uow, settings.RETENTION_YEARS)


def set_retention_years(uow: UnitOfWork, years: int) -> None:
    settings.write(uow, settings.RETENTION_YEARS, years)


def _cutoff(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def retention_candidates(uow: UnitOfWork, *, today: dt.date) -> list[RetentionCandidate]:
    """Students who left before the cutoff and still carry their names."""
    with uow:
        uow.require(Permission.ANONYMIZE)
        cutoff = _cutoff(today, retention_years(uow))
        students = uow.session.scalars(
            select(Student).where(Student.left_on.is_not(None), Student.left_on < cutoff,
                                  Student.is_anonymized.is_(False)).order_by(Student.left_on, Student.id))
        return [RetentionCandidate(s.id, s.full_name, s.left_on) for s in students]  # type: ignore[arg-type]


def anonymise_left_students(uow: UnitOfWork, *, today: dt.date,
                            progress: ProgressFn | None = None,
                            cancelled: CancelledFn | None = None) -> AnonymisationResult:
    """Replace the names and personal fields of the students past the retention period, in one action."""
    with uow:
        uow.require(Permission.ANONYMIZE)
        candidates = retention_candidates(uow, today=today)
    if not candidates:
        return AnonymisationResult(0, None)
    backup = take_backup(uow.database, reason="before-anonymise") if uow.database.path else None
    with uow:
        uow.require(Permission.ANONYMIZE)
        ids = [c.student_id for c in candidates]
        total = len(ids)
        for done, student in enumerate(uow.session.scalars(select(Student).where(Student.id.in_(ids))), 1):
            check_cancelled(cancelled, "Обезличивание отменено")
            student.last_name = f"{ANONYMOUS_NAME} {student.id}"
            student.first_name = ""
            student.patronymic = ""
            student.birth_date = None
            student.sex = None
            student.external_id = None
            student.left_reason = ""
            student.is_anonymized = True
            # The ОВЗ / инвалидность flags stay: with no name they identify nobody, and past shares of
            # students with ОВЗ must not change.
            if progress:
                progress(done, total)
        uow.session.execute(delete(Consent).where(Consent.student_id.in_(ids)))
        # Notes of consultations that concern only anonymised students go: they are about a person.
        # The consultations stay for the counts.
        uow.session.flush()
        still_named = select(consultation_student.c.consultation_id).join(
            Student, Student.id == consultation_student.c.student_id).where(Student.is_anonymized.is_(False))
        concerned = select(consultation_student.c.consultation_id).where(consultation_student.c.student_id.in_(ids))
        uow.session.execute(delete(ConsultationNote).where(ConsultationNote.consultation_id.in_(concerned),
                                                           ConsultationNote.consultation_id.not_in(still_named)))
        uow.audit("retention.anonymise", entity="student", details=f"обезличено обучающихся: {total}")
        uow.commit()
    scrub_file(uow)
    # The copies in backups/ (the one just taken included) would keep the old names for years: they are
    # anonymised the same way, so that what the user was told (backups_holding_names) is what happens.
    rewritten = _rewrite_backups(uow.database, ids)
    if rewritten:
        with uow:
            uow.audit("retention.backups", entity="student", details=f"обезличено резервных копий: {rewritten}")
            uow.commit()
    return AnonymisationResult(total, backup, rewritten)


def _backup_copies(database) -> list[Path]:
    if database.path is None:
        return []
    return [b.path for b in list_backups(backup_folder(database), stem=database.path.stem)]


def _named_in(path: Path, ids: list[int]) -> bool:
    import sqlite3

    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            marks = ",".join("?" * len(ids))
            return bool(con.execute(f"SELECT 1 FROM student WHERE is_anonymized = 0 AND id IN ({marks}) LIMIT 1",
                                    ids).fetchone())
        finally:
            con.close()
    except sqlite3.DatabaseError:
        return False   # a damaged copy is not a copy the program restores; it is reported by the backups list


def backups_holding_names(uow: UnitOfWork, *, today: dt.date) -> int:
    """How many copies in backups/ still hold the names of the students past the retention period: said
    to the user before anonymising, since those copies are rewritten too."""
    ids = [c.student_id for c in retention_candidates(uow, today=today)]
    return sum(1 for path in _backup_copies(uow.database) if ids and _named_in(path, ids)) if ids else 0


def _rewrite_backups(database, ids: list[int]) -> int:
    from sqlalchemy import text

    from app.services.storage.database import Database

    count = 0
    for path in _backup_copies(database):
        if not _named_in(path, ids):
            continue
        copy = Database.open(path, wal=False)
        try:
            marks = ",".join(str(int(i)) for i in ids)
            with copy.engine.begin() as conn:
                conn.execute(text(
                    f"UPDATE student SET last_name = '{ANONYMOUS_NAME} ' || id, first_name = '', patronymic = '', "
                    "birth_date = NULL, sex = NULL, external_id = NULL, left_reason = '', is_anonymized = 1 "
                    f"WHERE id IN ({marks})"))
                conn.execute(text(f"DELETE FROM consent WHERE student_id IN ({marks})"))
                conn.execute(text(
                    "DELETE FROM consultation_note WHERE consultation_id IN (SELECT consultation_id FROM "
                    f"consultation_student WHERE student_id IN ({marks})) AND consultation_id NOT IN (SELECT cs."
                    "consultation_id FROM consultation_student cs JOIN student s ON s.id = cs.student_id "
                    "WHERE s.is_anonymized = 0)"))
            copy.engine.dispose()
            con = copy.engine.raw_connection()
            try:
                con.cursor().execute("VACUUM")
            finally:
                con.close()
        finally:
            copy.dispose()
        count += 1
    return count


def scrub_file(uow: UnitOfWork) -> None:
    """Rebuild the file and empty the write-ahead log so that no old value survives in their bytes."""
    database = uow.database
    if database.path is None:
        return
    database.engine.dispose()  # no pooled connection may hold a read snapshot during the checkpoint
    # A raw connection of the engine carries the Russian collation and functions VACUUM may need,
    # and runs in autocommit (VACUUM cannot run inside a transaction).
    con = database.engine.raw_connection()
    try:
        cursor = con.cursor()
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    finally:
        con.close()
    database.engine.dispose()
