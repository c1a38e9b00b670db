"""A small school built directly in the database for service and page tests: two years of classes,
students with health flags, events with participation, a consultation with a confidential note."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from app.models import (AcademicYear, Consultation, ConsultationNote, ConsultationTopic, Enrollment, Event,
                        GraduateDestination, Participation, SchoolClass, Setting, Staff, Student)


@dataclass
class SmallSchool:
    year: int
    classes: dict[str, int] = field(default_factory=dict)
    students: dict[str, int] = field(default_factory=dict)   # surname -> id
    events: dict[str, int] = field(default_factory=dict)
    teacher_id: int = 0


def build_small_school(database, *, year: int = 2025) -> SmallSchool:
    school = SmallSchool(year)
    with database.session() as s:
        y = AcademicYear(start_year=year, is_current=True)
        s.add(y)
        teacher = Staff(last_name="Павлова", first_name="Ольга", patronymic="Игоревна", position="Учитель")
        psych = Staff(last_name="Зорина", first_name="Анна", position="Педагог-психолог")
        s.add_all([teacher, psych])
        s.flush()
        school.teacher_id = teacher.id
        layout = {"6А": ["Ёлкин", "Анисимов"], "8Б": ["Белова"], "9А": ["Ворошилов", "Громова", "Дятлов"],
                  "10А": ["Ежов"], "11А": ["Жукова", "Зуев"]}
        for label, surnames in layout.items():
            grade, letter = int(label[:-1]), label[-1]
            c = SchoolClass(year_id=y.id, grade=grade, letter=letter,
                            homeroom_teacher_id=teacher.id if label == "9А" else None,
                            profile="технологический" if grade >= 10 else "")
            s.add(c)
            s.flush()
            school.classes[label] = c.id
            for i, surname in enumerate(surnames):
                st = Student(last_name=surname, first_name="Иван" if not surname.endswith("а") else "Мария",
                             patronymic="Петрович" if not surname.endswith("а") else "Петровна",
                             birth_date=dt.date(year - grade - 6, 3, 1 + i), has_ovz=surname == "Белова",
                             has_disability=surname == "Дятлов")
                s.add(st)
                s.flush()
                school.students[surname] = st.id
                s.add(Enrollment(student_id=st.id, year_id=y.id, class_id=c.id,
                                 profile="технологический" if grade >= 10 else ""))
        events = [("Урок «Россия — мои горизонты»", "horizons", dt.date(year, 9, 14), 1.0),
                  ("Профпроба «Сварщик»", "bvb_trial", dt.date(year, 11, 20), 4.0),
                  ("Онлайн-диагностика", "bvb_diagnostics", dt.date(year, 10, 5), 2.0),
                  ("Прошлогодняя экскурсия", "excursion", dt.date(year, 5, 10), 3.0)]
        for title, category, day, hours in events:
            e = Event(title=title, category=category, starts_on=day, hours=hours)
            s.add(e)
            s.flush()
            school.events[category] = e.id
        sid = school.students
        ev = school.events
        s.add_all([
            Participation(event_id=ev["horizons"], student_id=sid["Ёлкин"], status="attended"),
            Participation(event_id=ev["bvb_trial"], student_id=sid["Ёлкин"], status="attended", hours=6.0,
                          competence="Сварочные технологии", result="winner"),
            Participation(event_id=ev["bvb_diagnostics"], student_id=sid["Ёлкин"], status="attended"),
            Participation(event_id=ev["bvb_diagnostics"], student_id=sid["Анисимов"], status="absent"),
            Participation(event_id=ev["bvb_diagnostics"], student_id=sid["Белова"], status="registered"),
            Participation(event_id=ev["excursion"], student_id=sid["Ёлкин"], status="attended"),
            Participation(event_id=ev["horizons"], student_id=sid["Громова"], status="attended"),
        ])
        topic = ConsultationTopic(name="Выбор профессии")
        s.add(topic)
        s.flush()
        c = Consultation(held_on=dt.date(year, 12, 1), specialist_id=psych.id, topic_id=topic.id)
        c.students = [s.get(Student, sid["Ёлкин"])]
        s.add(c)
        s.flush()
        from app.services.accounts.notes_keys import encrypt_note
        from tests.conftest import TEST_NOTES_KEY
        s.add(ConsultationNote(consultation_id=c.id,
                               text=encrypt_note(TEST_NOTES_KEY, c.id, "Тревожится о выборе, мама против колледжа")))
        s.add(Setting(key="profminimum_level", value="main"))
        s.commit()
    return school


def add_destination(database, student_id: int, year: int, destination: str = "poo") -> None:
    with database.session() as s:
        y = s.query(AcademicYear).filter_by(start_year=year).one()
        s.add(GraduateDestination(student_id=student_id, year_id=y.id, destination=destination,
                                  institution_name="Калининградский колледж", in_region=True, by_profile=True))
        s.commit()
