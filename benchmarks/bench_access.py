"""Accounts and privacy: a login with the program's Argon2id parameters, the consultation journal of a
busy year, and anonymising the students who left, file scrub included."""
from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from benchmarks.common import Figure, best_of, print_figures


def _school(database, *, students: int, consultations: int, notes_key: bytes):
    from app.services.accounts.notes_keys import encrypt_note
    from app.models import (AcademicYear, Consultation, ConsultationNote, Enrollment, SchoolClass, Staff, Student,
                            consultation_student)
    with database.session() as s:
        year = AcademicYear(start_year=2026, is_current=True)
        s.add(year)
        psych = Staff(last_name="Смирнова", position="педагог-психолог")
        s.add(psych)
        s.flush()
        classes = [SchoolClass(year_id=year.id, grade=g, letter=letter) for g in range(1, 12) for letter in "АБВ"]
        s.add_all(classes)
        s.flush()
        people = [Student(last_name=f"Фамилия{i}", first_name="Имя", birth_date=dt.date(2012, 1, 1),
                          left_on=dt.date(2018, 6, 30) if i % 5 == 0 else None) for i in range(students)]
        s.add_all(people)
        s.flush()
        s.add_all(Enrollment(student_id=p.id, year_id=year.id, class_id=classes[i % len(classes)].id)
                  for i, p in enumerate(people))
        for i in range(consultations):
            c = Consultation(held_on=dt.date(2026, 9, 1) + dt.timedelta(days=i % 60), specialist_id=psych.id,
                             follow_up_on=dt.date(2027, 5, 20) - dt.timedelta(days=i % 200))
            s.add(c)
            s.flush()
            s.execute(consultation_student.insert().values(consultation_id=c.id, student_id=people[i % students].id))
            s.add(ConsultationNote(consultation_id=c.id, text=encrypt_note(notes_key, c.id, f"записи {i}")))
        s.commit()


def run() -> list[Figure]:
    from app.services.accounts import accounts
    from app.services.consultations import consultations
    from app.services.accounts import retention
    from app.services.access import Actor, Role
    from app.services.storage.migrations import open_database
    from app.services.uow import UnitOfWork

    folder = Path(tempfile.mkdtemp(prefix="bench-access-"))
    database = open_database(folder / "school.db")
    accounts.create_first_administrator(database, login="admin", password="Benchmark-password-1")
    login_time = best_of(lambda: accounts.login(database, "admin", "Benchmark-password-1"), repeat=3)
    admin_actor = accounts.login(database, "admin", "Benchmark-password-1")
    accounts.create_user(UnitOfWork(database, admin_actor), login="psy", password="Benchmark-password-2",
                         role=Role.PSYCHOLOGIST)
    # A psychologist's sign-in also derives the key that unwraps the notes key (a second Argon2id).
    psy_login_time = best_of(lambda: accounts.login(database, "psy", "Benchmark-password-2"), repeat=3)
    notes_key = accounts.login(database, "psy", "Benchmark-password-2").notes_key
    _school(database, students=1500, consultations=2000, notes_key=notes_key)
    psy = UnitOfWork(database, Actor(login="bench-psy", role=Role.PSYCHOLOGIST))
    list_time = best_of(lambda: consultations.list_consultations(psy, year=2026), repeat=3)
    follow_time = best_of(lambda: consultations.upcoming_follow_ups(psy, today=dt.date(2026, 11, 24)), repeat=3)
    admin = UnitOfWork(database, Actor(login="bench-admin", role=Role.ADMIN))
    import time
    t0 = time.perf_counter()
    result = retention.anonymise_left_students(admin, today=dt.date(2026, 11, 24))
    anonymise_time = time.perf_counter() - t0
    database.dispose()
    return [
        Figure("Вход (Argon2id, 64 МиБ, t=3)", "< 1 с", login_time, ok=login_time < 1),
        Figure("Вход психолога с ключом записей (два Argon2id)", "< 2 с", psy_login_time, ok=psy_login_time < 2),
        Figure("Журнал консультаций за год (2000 консультаций)", "< 0,5 с", list_time, ok=list_time < 0.5),
        Figure("Повторные встречи (2000 консультаций)", "< 0,2 с", follow_time, ok=follow_time < 0.2),
        Figure(f"Обезличивание {result.anonymised} выбывших с копией и VACUUM", "< 10 с", anonymise_time,
               ok=anonymise_time < 10),
    ]


if __name__ == "__main__":
    print_figures(run())
