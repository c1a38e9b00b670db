"""A small school with known numbers for the indicator tests (every figure is worked out by hand in
tests/unit/test_indicators.py). Two students share a name (namesakes), some did not come («не явился»),
some events fall outside the year, some students have ОВЗ or инвалидность."""
from __future__ import annotations

import datetime as dt

from app.models import (AcademicYear, Agreement, Club, ClubEnrollment, Consultation, ConsultationNote, Enrollment,
                        Event, ExamChoice, GraduateDestination, Participation, Partner, Roadmap, School,
                        SchoolClass, Setting, Student)
from app.services.storage.database import Database

D = dt.date
YEAR = 2024          # 2024/2025
PREVIOUS = 2023
EMPTY_YEAR = 2025    # a year with nobody enrolled: every share has an empty denominator


def build_school(database: Database, *, level: str = "basic") -> dict[str, int]:
    """Fill the database; returns student ids by key (s1…s10)."""
    with database.session() as s:
        s.add(School(full_name="Муниципальное автономное общеобразовательное учреждение города Калининграда "
                               "средняя общеобразовательная школа № 38",
                     short_name="МАОУ СОШ № 38", municipality="г. Калининград", region="Калининградская область",
                     coordinator_name="Пешков Е.О.", coordinator_position="учитель физики",
                     coordinator_phone="+79316061808", coordinator_email="pzo@example.ru",
                     deputy_director_name="Прядухин Д.В."))
        s.add(Setting(key="profminimum_level", value=level))
        years = {y: AcademicYear(start_year=y, is_current=(y == YEAR)) for y in (PREVIOUS, YEAR, EMPTY_YEAR)}
        s.add_all(years.values())
        s.flush()
        y = years[YEAR].id
        classes = {g: SchoolClass(year_id=y, grade=g, letter="А") for g in (3, 5, 7, 9, 11)}
        old6 = SchoolClass(year_id=years[PREVIOUS].id, grade=6, letter="А")
        s.add_all([*classes.values(), old6])
        s.flush()
        people = {
            "s1": ("Иванов", "Иван", 3, False, False), "s2": ("Петров", "Пётр", 3, False, False),
            "s3": ("Сидорова", "Анна", 5, False, False), "s4": ("Иванов", "Иван", 7, False, False),
            "s5": ("Кузнецов", "Олег", 7, True, False), "s6": ("Смирнова", "Мария", 9, False, True),
            "s7": ("Волков", "Денис", 9, False, False), "s8": ("Орлова", "Ольга", 11, False, False),
            "s9": ("Зайцев", "Павел", 11, False, False), "s10": ("Морозов", "Илья", 11, True, False),
        }
        ids: dict[str, int] = {}
        for key, (last, first, grade, ovz, disability) in people.items():
            st = Student(last_name=last, first_name=first, patronymic="", has_ovz=ovz, has_disability=disability)
            s.add(st)
            s.flush()
            ids[key] = st.id
            s.add(Enrollment(student_id=st.id, year_id=y, class_id=classes[grade].id,
                             is_graduate=grade in (9, 11)))
        s.add(Enrollment(student_id=ids["s4"], year_id=years[PREVIOUS].id, class_id=old6.id))

        poo = Partner(name="Колледж сервиса", type="poo")
        s.add(poo)
        s.flush()
        ev = {}
        for key, category, day, org, hours in (
                ("E1", "excursion", D(2024, 10, 10), "employer", 3), ("E2", "bvb_trial", D(2024, 11, 5), "poo", 4),
                ("E3", "bvb_diagnostics", D(2024, 9, 20), "school", 2), ("E4", "proektoria", D(2025, 1, 15), "school", 1),
                ("E5", "competition", D(2025, 3, 1), "vo", 5), ("E6", "fair", D(2025, 4, 10), "school", 2),
                ("E7", "class_hour", D(2025, 2, 2), "czn", 1), ("E8", "intentions_survey", D(2024, 12, 1), "school", 1),
                ("E9", "horizons", D(2024, 9, 5), "school", 30), ("E10", "master_class", D(2025, 5, 20), "employer", 2),
                ("E11", "excursion", D(2025, 8, 31), "employer", 3), ("E12", "diagnostics", D(2024, 9, 1), "school", 1),
                ("OUT1", "excursion", D(2024, 8, 31), "employer", 3), ("OUT2", "excursion", D(2025, 9, 1), "employer", 3)):
            e = Event(title=f"Мероприятие {key}", category=category, starts_on=day, organizer_type=org, hours=hours,
                      organizer_partner_id=poo.id if org == "poo" else None)
            s.add(e)
            s.flush()
            ev[key] = e.id
        attended = {"s1": ["E1", "E11", "OUT1"], "s3": ["E3", "E4", "E7"], "s4": ["E1", "E2", "E9", "E3"],
                    "s5": ["E2", "E12", "E9"], "s6": ["E5"], "s7": ["E6", "E7", "E8"], "s8": ["E5", "E10", "E8"],
                    "s9": ["OUT2"]}
        for key, events in attended.items():
            for e in events:
                hours = 40.0 if (key, e) == ("s5", "E9") else None  # an individual override of the event's hours
                s.add(Participation(event_id=ev[e], student_id=ids[key], status="attended", hours=hours))
        for key, e, status in (("s2", "E1", "absent"), ("s2", "E4", "registered"), ("s6", "E6", "absent"),
                               ("s10", "E4", "absent")):
            s.add(Participation(event_id=ev[e], student_id=ids[key], status=status))

        for day, keys in ((D(2024, 10, 1), ("s3", "s7")), (D(2025, 2, 1), ("s3",)), (D(2024, 6, 1), ("s8",))):
            c = Consultation(held_on=day, kind="group" if len(keys) > 1 else "individual")
            s.add(c)
            s.flush()
            s.execute(Consultation.__table__.metadata.tables["consultation_student"].insert(),
                      [{"consultation_id": c.id, "student_id": ids[k]} for k in keys])
            from app.services.accounts.notes_keys import encrypt_note
            from tests.conftest import TEST_NOTES_KEY
            s.add(ConsultationNote(consultation_id=c.id, text=encrypt_note(TEST_NOTES_KEY, c.id, "конфиденциально")))

        s.add(Roadmap(title="Дорожная карта 2024–2026", period_start=2024, period_end=2026, approved_on=D(2024, 8, 30)))
        s.add(Roadmap(title="Черновик", period_start=2023, period_end=2023))

        for key, kind, match in (("s8", "ege", True), ("s9", "ege", False), ("s10", "ege", True),
                                 ("s6", "oge", True), ("s7", "oge", None)):
            s.add(ExamChoice(student_id=ids[key], year_id=y, exam=kind, subjects="", matches_profile=match))
        for key, dest, region, profile in (("s6", "poo", True, True), ("s7", "grade10", None, None),
                                           ("s8", "vo", False, True), ("s9", "vo", True, False),
                                           ("s10", "poo", True, None)):
            s.add(GraduateDestination(student_id=ids[key], year_id=y, destination=dest, in_region=region,
                                      by_profile=profile))

        robo = Club(name="Робототехника", orientation="profile")
        chem = Club(name="Юный химик", orientation="preprofile")
        s.add_all([robo, chem])
        s.flush()
        for key, club, year_id in (("s1", robo, y), ("s3", robo, y), ("s3", chem, y),
                                   ("s4", robo, years[PREVIOUS].id)):
            s.add(ClubEnrollment(club_id=club.id, student_id=ids[key], year_id=year_id))

        for signed, until in ((D(2023, 1, 1), D(2025, 1, 1)), (D(2025, 3, 1), None), (D(2020, 1, 1), D(2024, 8, 31)),
                              (D(2025, 9, 2), None)):
            s.add(Agreement(partner_id=poo.id, number="1", signed_on=signed, valid_until=until))
        s.commit()
    return ids
