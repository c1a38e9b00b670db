"""Anonymisation: past indicators unchanged, old names gone from the bytes of the .db and -wal files."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from app.models import Consultation, ConsultationNote, Enrollment, Event, Participation, Student
from app.services.accounts import retention
from app.services.access import Role
from app.services.consultations.consultations import count_consulted_students
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.school_people import add_attendance, add_consultation, build_school

TODAY = dt.date(2026, 11, 24)
OLD_NAMES = ["Уникальнова", "Редкофамильев"]


def _indicators(database, year: int) -> tuple[int, int, int]:
    """Distinct attending students, of them with ОВЗ, and consulted students in the year."""
    with database.session() as s:
        start, end = dt.date(year, 9, 1), dt.date(year + 1, 8, 31)
        attended = (select(Participation.student_id).join(Event, Event.id == Participation.event_id)
                    .where(Participation.status == "attended", Event.starts_on.between(start, end)))
        distinct = s.scalar(select(func.count(func.distinct(Participation.student_id)))
                            .where(Participation.student_id.in_(attended)))
        ovz = s.scalar(select(func.count()).select_from(Student).where(Student.id.in_(attended),
                                                                        Student.has_ovz.is_(True)))
        return distinct, ovz, count_consulted_students(s, year=year)


def test_anonymise_keeps_indicators_and_scrubs_the_file(database, db_path):
    people = build_school(database, year=2020, students={"Уникальнова": "9А", "Редкофамильев": "9А",
                                                         "Петрова": "9А", "Остаюшкин": "8А"})
    s = people.student_ids
    add_attendance(database, people, ["Уникальнова", "Редкофамильев", "Петрова"], on=dt.date(2020, 10, 1))
    add_attendance(database, people, ["Уникальнова", "Остаюшкин"], on=dt.date(2021, 3, 1))
    add_consultation(database, people, ["Уникальнова"], held_on=dt.date(2020, 11, 1), note="Уникальнова плакала")
    with database.session() as session:
        for name in ("Уникальнова", "Редкофамильев", "Петрова"):
            student = session.get(Student, s[name])
            student.left_on = dt.date(2021, 6, 30)
            student.external_id = f"ext-{name}"
        session.commit()
    before = _indicators(database, 2020)
    assert before == (4, 1, 1)

    admin = UnitOfWork(database, make_actor(Role.ADMIN))
    retention.set_retention_years(admin, 6)
    assert retention.retention_candidates(admin, today=TODAY) == []
    retention.set_retention_years(admin, 3)
    assert {c.student_id for c in retention.retention_candidates(admin, today=TODAY)} == {
        s["Уникальнова"], s["Редкофамильев"], s["Петрова"]}
    result = retention.anonymise_left_students(admin, today=TODAY)
    assert result.anonymised == 3 and result.backup_path is not None and result.backup_path.exists()

    assert _indicators(database, 2020) == before
    with database.session() as session:
        anonymised = session.get(Student, s["Уникальнова"])
        assert anonymised.is_anonymized and anonymised.last_name.startswith("Обезличен")
        assert anonymised.birth_date is None and anonymised.external_id is None and anonymised.first_name == ""
        assert session.get(Student, s["Остаюшкин"]).last_name == "Остаюшкин"
        assert session.scalar(select(func.count()).select_from(Enrollment)) == 4
        assert session.scalar(select(func.count()).select_from(Consultation)) == 1
        assert session.scalar(select(func.count()).select_from(ConsultationNote)) == 0
    assert retention.retention_candidates(admin, today=TODAY) == []

    files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    assert db_path in files
    raw = b"".join(p.read_bytes() for p in files)
    for name in OLD_NAMES + ["плакала"]:
        assert name.encode("utf-8") not in raw, name
    assert "Остаюшкин".encode() in raw  # the check reads the real bytes


def test_anonymisation_rewrites_the_backups_that_still_hold_the_old_names(database, db_path):
    """Issue 16: after anonymisation the old names remained in backups/."""
    from app.services.storage.backups import backup_folder, quick_check, take_backup

    people = build_school(database, year=2020, students={"Уникальнова": "9А", "Остаюшкин": "8А"})
    with database.session() as session:
        session.get(Student, people.student_ids["Уникальнова"]).left_on = dt.date(2021, 6, 30)
        session.commit()
    older = take_backup(database, reason="manual")
    admin = UnitOfWork(database, make_actor(Role.ADMIN))
    retention.set_retention_years(admin, 3)
    assert retention.backups_holding_names(admin, today=TODAY) == 1      # said before anonymising
    result = retention.anonymise_left_students(admin, today=TODAY)
    assert result.anonymised == 1 and result.backups_rewritten == 2      # the older copy and the one just taken
    copies = sorted(backup_folder(database).glob("*.db"))
    assert older in copies and result.backup_path in copies
    for copy in copies:
        raw = copy.read_bytes()
        assert "Уникальнова".encode() not in raw and "Остаюшкин".encode() in raw, copy.name
        assert quick_check(copy) == "ok"
    assert retention.backups_holding_names(admin, today=TODAY) == 0
