"""The demonstration school: a deterministic, realistic school to try the program on and to benchmark it.

Two academic years anchored on today: the previous one complete (events of every category, graduates with
their destinations and exam choices) and the current one from September to today. Everything comes from
`random.Random(seed)`, so one seed always gives the same school on the same day. Rows are written with
Core bulk inserts in chunks inside one unit of work: the school is built whole or not at all.
"""
from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select

from app.models import (AcademicYear, Agreement, Club, ClubEnrollment, Consent, Consultation, ConsultationNote,
                        ConsultationTopic, Enrollment, Event, EventType, ExamChoice, GraduateDestination,
                        Participation, Partner, School, SchoolClass, Staff, Student, consultation_student)
from app.services.demo import catalogue as cat
from app.services.access import system_actor
from app.services.calendar import start_year_of, year_title
from app.services.storage.database import Database
from app.services.storage.optimize import optimize
from app.services.storage.server import reset_sequences
from app.services.demo.names import random_person
from app.services.demo.roadmap import build_demo_roadmap
from app.services.errors import UserError
from app.services.labels import DEFAULT_CONSULTATION_TOPICS
from app.services.progress import CancelledFn, ProgressFn, check_cancelled
from app.services.uow import UnitOfWork

CHUNK = 20_000
LETTERS = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"
SENIOR_WEIGHT = 0.6          # classes 10–11 are smaller than the others
CONTINUE_SHARE = 0.96        # of a class, those who were in the school the year before
TENTH_FROM_OUR_NINTH = 0.8   # of the 10th grade, last year's own 9th graders
OVZ_SHARE = 0.05
DISABILITY_SHARE = 0.008
HORIZONS_LESSONS = 34
# Weeks without lessons: autumn, winter and spring holidays (month, first day, last day).
HOLIDAYS = ((10, 27, 31), (11, 1, 8), (12, 29, 31), (1, 1, 11), (3, 21, 31))
PROGRESS_TOTAL = 1000


@dataclass(frozen=True)
class DemoSummary:
    school: str
    years: tuple[str, ...]
    current_year: str
    students: int               # every student record, former students included
    current_students: int       # enrolled in the current year
    classes: int                # classes of both years
    staff: int
    partners: int
    agreements: int
    events: int
    participations: int
    consultations: int
    graduates: int
    destinations: int
    exam_choices: int
    clubs: int
    club_enrollments: int
    consents: int
    roadmap_items: int
    roadmap_statuses: int
    # The demonstration school's notes are encrypted as a real school's; this recovery key is shown once.
    notes_recovery_key: str = field(default="", compare=False, repr=False)


class _Progress:
    """Maps generation and writing onto one 0…PROGRESS_TOTAL scale, and asks between steps whether the user
    has cancelled (the whole build is one transaction, so a cancelled build writes nothing)."""

    def __init__(self, fn: ProgressFn | None, expected_rows: int, cancelled: CancelledFn | None = None):
        self.fn, self.cancelled = fn, cancelled
        self.expected = max(expected_rows, 1)
        self.rows = 0

    def step(self, done: int) -> None:
        check_cancelled(self.cancelled, "Создание демонстрационной школы отменено")
        if self.fn:
            self.fn(min(done, PROGRESS_TOTAL), PROGRESS_TOTAL)

    def wrote(self, rows: int) -> None:
        # Rows written so far against the rows expected: generation runs between the writes.
        self.rows += rows
        self.step(int((PROGRESS_TOTAL - 10) * min(self.rows / self.expected, 1.0)))


@dataclass
class _Year:
    index: int                  # 0 = previous, 1 = current
    id: int
    start: int
    first_day: dt.date
    last_day: dt.date           # the last day events are held (today for the current year)
    roster: dict[tuple[int, str], list[int]] = field(default_factory=dict)   # (grade, letter) → students

    def grade_students(self, grade: int) -> list[int]:
        return [sid for (g, _l), ids in self.roster.items() if g == grade for sid in ids]


MIN_STUDENTS = 50
MAX_STUDENTS = 200_000


def check_demo_size(students: int) -> None:
    if not MIN_STUDENTS <= students <= MAX_STUDENTS:
        raise UserError(f"Число учащихся демонстрационной школы — от {MIN_STUDENTS} до {MAX_STUDENTS:,}"
                        .replace(",", " ") + f", указано {students}.")


class _DemoBuilder:
    def __init__(self, uow: UnitOfWork, students: int, seed: int, today: dt.date, progress: ProgressFn | None,
                 cancelled: CancelledFn | None = None):
        self.uow = uow
        self.s = uow.session
        self.n = students
        self.rng = random.Random(seed)
        self.today = today
        # Roughly 30 participations per student; used only to scale the progress bar.
        self.progress = _Progress(progress, expected_rows=students * 36, cancelled=cancelled)
        cur = start_year_of(today)
        self.years = [
            _Year(0, 1, cur - 1, dt.date(cur - 1, 9, 1), dt.date(cur, 8, 31)),
            _Year(1, 2, cur, dt.date(cur, 9, 1), today),
        ]
        per_grade = max(2, round(students / (11 * 30)))
        self.letters = [LETTERS[i % len(LETTERS)] + (str(i // len(LETTERS)) if i >= len(LETTERS) else "")
                        for i in range(per_grade)]
        self.class_ids: dict[tuple[int, int, str], int] = {}
        self.class_profile: dict[tuple[int, str], str] = {}
        self.student_rows: list[dict] = []
        self.sex: dict[int, str] = {}
        self.left_on: dict[int, dt.date] = {}
        self.partners_by_type: dict[str, list[int]] = {}
        self.partner_by_short_name: dict[str, int] = {}
        self.partner_names: dict[int, str] = {}
        self.partner_in_region: dict[int, bool] = {}
        self.counts: dict[str, int] = {}
        self.staff_ids: dict[str, list[int]] = {}

    # --- writing ---------------------------------------------------------------------------------
    def write(self, model, rows: Iterable[dict]) -> int:
        """Insert rows in chunks (Core executemany: no ORM objects, no per-row round trips)."""
        table = getattr(model, "__table__", model)
        total = 0
        chunk: list[dict] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= CHUNK:
                self.s.execute(insert(table), chunk)
                total += len(chunk)
                self.progress.wrote(len(chunk))
                chunk = []
        if chunk:
            self.s.execute(insert(table), chunk)
            total += len(chunk)
            self.progress.wrote(len(chunk))
        key = table.name
        self.counts[key] = self.counts.get(key, 0) + total
        return total

    # --- the build -------------------------------------------------------------------------------
    def build(self) -> None:
        self.progress.step(0)
        self.write(AcademicYear, [{"id": y.id, "start_year": y.start, "is_current": y.index == 1}
                                  for y in self.years])
        self.build_staff()
        self.build_school()
        self.build_classes()
        self.build_students()
        self.build_partners()
        self.build_clubs()
        self.build_events_and_participations()
        self.build_consultations()
        self.build_graduates()
        self.build_roadmap()
        self.uow.audit("demo.build", entity="school",
                       details=f"Демонстрационная школа: {self.n} учащихся")

    # --- people ----------------------------------------------------------------------------------
    def _staff_row(self, sid: int, position: str) -> dict:
        person = random_person(self.rng, "f" if self.rng.random() < 0.8 else "m")
        self.staff_ids.setdefault(position, []).append(sid)
        return {"id": sid, "last_name": person.last_name, "first_name": person.first_name,
                "patronymic": person.patronymic, "position": position,
                "phone": f"+7 (401) 555-{10 + sid % 90:02d}-{sid % 100:02d}",
                "email": f"staff{sid}@school7-demo.ru", "is_active": True}

    def build_staff(self) -> None:
        rows = [self._staff_row(i + 1, position) for i, position in enumerate(cat.STAFF_POSITIONS)]
        first = len(rows) + 1
        # One homeroom teacher per class of the current year; they led the same cohort last year.
        rows += [self._staff_row(first + i, cat.HOMEROOM_POSITION) for i in range(11 * len(self.letters))]
        self.staff = {row["id"]: row for row in rows}
        self.write(Staff, rows)

    def _staff_name(self, position: str, *, short: bool = False) -> tuple[int, str]:
        row = self.staff[self.staff_ids[position][0]]
        if short:
            return row["id"], f"{row['first_name'][0]}.{row['patronymic'][0]}. {row['last_name']}"
        return row["id"], f"{row['last_name']} {row['first_name']} {row['patronymic']}"

    def build_school(self) -> None:
        _, director = self._staff_name("Директор")
        _, deputy = self._staff_name("Заместитель директора по УВР")
        _, coordinator = self._staff_name("Педагог-навигатор")
        self.write(School, [{**cat.SCHOOL, "id": 1, "director_name": director, "deputy_director_name": deputy,
                             "coordinator_name": coordinator, "is_demo": True}])

    def build_classes(self) -> None:
        homeroom = self.staff_ids[cat.HOMEROOM_POSITION]
        rows = []
        for y in self.years:
            for grade in range(1, 12):
                for li, letter in enumerate(self.letters):
                    cid = len(rows) + 1
                    self.class_ids[(y.index, grade, letter)] = cid
                    # The current class (g, letter) keeps last year's teacher of (g-1, letter);
                    # the teacher of last year's 11th class now has a 1st class.
                    cohort_grade = grade if y.index == 1 else (grade % 11) + 1
                    teacher = homeroom[(cohort_grade - 1) * len(self.letters) + li]
                    profile = ""
                    if grade >= 10:
                        profile = cat.CLASS_PROFILES.get(letter) or cat.OTHER_PROFILES[li % len(cat.OTHER_PROFILES)]
                        self.class_profile[(grade, letter)] = profile
                    rows.append({"id": cid, "year_id": y.id, "grade": grade, "letter": letter,
                                 "profile": profile, "homeroom_teacher_id": teacher})
                    y.roster[(grade, letter)] = []
        self.write(SchoolClass, rows)

    def _class_sizes(self) -> dict[tuple[int, str], int]:
        """Sizes of the current year's classes adding up exactly to the requested number of students."""
        keys = [(g, letter) for g in range(1, 12) for letter in self.letters]
        weights = [SENIOR_WEIGHT if g >= 10 else 1.0 for g, _ in keys]
        unit = self.n / sum(weights)
        sizes = {k: int(w * unit) for k, w in zip(keys, weights)}
        for k in keys[: self.n - sum(sizes.values())]:
            sizes[k] += 1
        return sizes

    def _new_student(self, cohort_grade: int) -> int:
        """A student who is in `cohort_grade` this year (12 = finished school last June)."""
        rng = self.rng
        sid = len(self.student_rows) + 1
        person = random_person(rng)
        # Born between March of one year and February of the next: 6½–7½ years old in the 1st grade.
        born = dt.date(self.years[1].start - cohort_grade - 6, 3, 1) + dt.timedelta(days=rng.randrange(365))
        self.student_rows.append({
            "id": sid, "last_name": person.last_name, "first_name": person.first_name,
            "patronymic": person.patronymic, "birth_date": born, "sex": person.sex, "has_ovz": False,
            "has_disability": False, "left_on": None, "left_reason": "",
            "external_id": f"39-07-{100000 + sid * 7 + rng.randrange(7):07d}" if rng.random() < 0.97 else None,
        })
        self.sex[sid] = person.sex
        return sid

    def _leave(self, sid: int, day: dt.date, reason: str) -> None:
        self.student_rows[sid - 1]["left_on"] = day
        self.student_rows[sid - 1]["left_reason"] = reason
        self.left_on[sid] = day

    def _random_day(self, first: dt.date, last: dt.date) -> dt.date:
        """A school day (Monday–Friday) between the two dates."""
        span = max((last - first).days, 0)
        for _ in range(20):
            day = first + dt.timedelta(days=self.rng.randint(0, span))
            if day.weekday() < 5:
                return day
        return first

    def build_students(self) -> None:
        rng = self.rng
        prev, cur = self.years
        sizes = self._class_sizes()
        ninth_letters = list(self.letters)
        for grade in range(11, 0, -1):
            for letter in self.letters:
                size = sizes[(grade, letter)]
                roster = cur.roster[(grade, letter)]
                if grade == 1:
                    roster.extend(self._new_student(1) for _ in range(size))
                    continue
                share = TENTH_FROM_OUR_NINTH if grade == 10 else CONTINUE_SHARE
                staying = round(size * share)
                for i in range(size):
                    sid = self._new_student(grade)
                    roster.append(sid)
                    if i < staying:
                        came_from = rng.choice(ninth_letters) if grade == 10 else letter
                        prev.roster[(grade - 1, came_from)].append(sid)
        # Last year's classes: those who finished school, and those who left during or after the year.
        for letter in self.letters:
            for _ in range(sizes[(11, letter)]):
                sid = self._new_student(12)
                prev.roster[(11, letter)].append(sid)
            for sid in prev.roster[(11, letter)]:
                self._leave(sid, dt.date(cur.start, 6, 30), _graduated(self.sex[sid], 11))
            nine = prev.roster[(9, letter)]
            for _ in range(max(sizes[(9, letter)] - len(nine), 0)):
                sid = self._new_student(10)
                nine.append(sid)
                self._leave(sid, dt.date(cur.start, 6, 28), _graduated(self.sex[sid], 9))
            for grade in (1, 2, 3, 4, 5, 6, 7, 8, 10):
                roster = prev.roster[(grade, letter)]
                for _ in range(round(len(roster) * rng.uniform(0.0, 0.05))):
                    sid = self._new_student(grade + 1)
                    roster.append(sid)
                    day = self._random_day(dt.date(prev.start, 10, 1), dt.date(cur.start, 5, 25))
                    self._leave(sid, day, rng.choice(LEAVE_REASONS))
        # A few of this year's students have already left (they stay on last autumn's lists).
        if cur.last_day > cur.first_day + dt.timedelta(days=10):
            for roster in cur.roster.values():
                for sid in roster:
                    if rng.random() < 0.01:
                        day = self._random_day(cur.first_day + dt.timedelta(days=7), cur.last_day)
                        self._leave(sid, day, rng.choice(LEAVE_REASONS))
        # Last year's 9th graders who went on to our own 10th grade: not graduates who left.
        last_ninth = {sid for (g, _l), ids in prev.roster.items() if g == 9 for sid in ids}
        self.prev_ninth_continuing = {sid for (g, _l), ids in cur.roster.items() if g == 10
                                      for sid in ids if sid in last_ninth}
        self._mark_health()
        self.write(Student, self.student_rows)
        self.write(Enrollment, self._enrollment_rows())
        self.write(Consent, self._consent_rows())

    def _mark_health(self) -> None:
        """ОВЗ for 5 % of the students and инвалидность for a few (half of them also with ОВЗ)."""
        rows = self.student_rows
        for row in self.rng.sample(rows, round(len(rows) * OVZ_SHARE)):
            row["has_ovz"] = True
        for i, row in enumerate(self.rng.sample(rows, max(2, round(len(rows) * DISABILITY_SHARE)))):
            row["has_disability"] = True
            row["has_ovz"] = row["has_ovz"] or i % 2 == 0

    def _enrollment_rows(self) -> Iterator[dict]:
        prev = self.years[0]
        for y in self.years:
            for (grade, letter), ids in y.roster.items():
                cid = self.class_ids[(y.index, grade, letter)]
                profile = self.class_profile.get((grade, letter), "")
                for sid in ids:
                    graduate = (y is prev and grade in (9, 11) and sid not in self.prev_ninth_continuing)
                    yield {"student_id": sid, "year_id": y.id, "class_id": cid, "profile": profile,
                           "is_graduate": graduate}

    def _consent_rows(self) -> Iterator[dict]:
        rng = self.rng
        first_year = {}
        for y in reversed(self.years):
            for ids in y.roster.values():
                for sid in ids:
                    first_year[sid] = y
        for sid in range(1, len(self.student_rows) + 1):
            if rng.random() < 0.94:
                y = first_year[sid]
                yield {"student_id": sid, "received_on": y.first_day + dt.timedelta(days=rng.randrange(14)),
                       "scope": "personal_and_health" if rng.random() < 0.85 else "personal",
                       "withdrawn_on": None, "note": ""}

    # --- partners and clubs ----------------------------------------------------------------------
    def build_partners(self) -> None:
        rows, agreements = [], []
        cur = self.years[1]
        for pid, (ptype, name, short, in_region, address) in enumerate(cat.PARTNERS, start=1):
            self.partners_by_type.setdefault(ptype, []).append(pid)
            self.partner_by_short_name[short] = pid
            self.partner_names[pid] = name
            self.partner_in_region[pid] = in_region
            rows.append({"id": pid, "name": name, "short_name": short, "type": ptype, "in_region": in_region,
                         "address": address, "contact": f"+7 (401) 555-{pid:02d}-{pid * 3:02d}", "notes": ""})
            signed = dt.date(cur.start - 1 - pid % 3, 9 + pid % 4, 1 + pid % 20)
            if pid % 7 == 3:     # ends soon: the program should warn
                until = self.today + dt.timedelta(days=20 + pid)
            elif pid % 7 == 5:   # ended last summer
                until = dt.date(cur.start, 6, 30)
            else:
                until = dt.date(cur.start + 2, 8, 31)
            agreements.append({"partner_id": pid, "number": f"{pid:02d}/{signed.year}",
                               "signed_on": signed, "valid_until": until,
                               "subject": cat.AGREEMENT_SUBJECTS[ptype]})
        self.write(Partner, rows)
        self.write(Agreement, agreements)
        self.write(EventType, [{"id": i, "name": name, "category": category}
                               for i, (name, category) in enumerate(cat.EVENT_TYPES, start=1)])
        self.event_type_ids = {name: i for i, (name, _c) in enumerate(cat.EVENT_TYPES, start=1)}

    def build_clubs(self) -> None:
        rng = self.rng
        short_to_id = {row[2]: pid for pid, row in enumerate(cat.PARTNERS, start=1)}
        clubs = []
        for cid, (name, orientation, partner) in enumerate(cat.CLUBS, start=1):
            _, leader = self._staff_name(rng.choice(("Учитель технологии", "Учитель информатики",
                                                     cat.HOMEROOM_POSITION)), short=True)
            clubs.append({"id": cid, "name": name, "orientation": orientation,
                          "partner_id": short_to_id.get(partner) if partner else None, "leader": leader,
                          "notes": "", "is_active": True})
        self.write(Club, clubs)

        def rows() -> Iterator[dict]:
            for y in self.years:
                for (grade, _l), ids in y.roster.items():
                    if grade < 5:
                        continue
                    for sid in ids:
                        if rng.random() < 0.3:
                            chosen = rng.sample(range(1, len(clubs) + 1), 2 if rng.random() < 0.15 else 1)
                            for club in chosen:
                                yield {"club_id": club, "student_id": sid, "year_id": y.id}

        self.write(ClubEnrollment, rows())

    # --- events ----------------------------------------------------------------------------------
    def _present(self, ids: Iterable[int], day: dt.date) -> list[int]:
        left = self.left_on
        return [sid for sid in ids if sid not in left or left[sid] >= day]

    def _lesson_days(self, y: _Year) -> list[dt.date]:
        """Thursdays of the year outside the holidays: the weekly «Россия — мои горизонты» lessons."""
        day = y.first_day + dt.timedelta(days=(3 - y.first_day.weekday()) % 7)
        days = []
        while len(days) < HORIZONS_LESSONS and day <= dt.date(y.start + 1, 5, 25):
            if not any(day.month == m and a <= day.day <= b for m, a, b in HOLIDAYS):
                days.append(day)
            day += dt.timedelta(days=7)
        return days

    def _plan_days(self, plan: cat.EventPlan, y: _Year) -> list[dt.date]:
        days = []
        for i in range(plan.per_year):
            month = plan.months[i % len(plan.months)]
            year = y.start if month >= 9 else y.start + 1
            first = dt.date(year, month, 1)
            last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))
            days.append(self._random_day(first, last))
        return sorted(days)

    def build_events_and_participations(self) -> None:
        events: list[dict] = []
        # Per event: the students listed and how to mark them (the shared loop below writes them).
        lists: list[tuple[int, list[int], cat.EventPlan | None]] = []
        rng = self.rng
        for y in self.years:
            for n, day in enumerate(self._lesson_days(y)):
                if day > y.last_day:
                    break
                topic = cat.HORIZONS_TOPICS[n % len(cat.HORIZONS_TOPICS)]
                for grade in range(6, 12):
                    eid = len(events) + 1
                    events.append(self._event(eid, f"«Россия — мои горизонты»: {topic}", "horizons", day,
                                              target=str(grade), hours=1.0))
                    lists.append((eid, self._present(y.grade_students(grade), day), None))
            for plan in cat.EVENT_PLAN:
                for i, day in enumerate(self._plan_days(plan, y)):
                    if day > y.last_day:
                        continue
                    eid = len(events) + 1
                    organizer = plan.organizers[i % len(plan.organizers)]
                    partner = self._partner(organizer, i)
                    which = (i + y.index) % len(plan.titles)
                    title = plan.titles[which]
                    if plan.hosts:
                        partner = self.partner_by_short_name[plan.hosts[which]]
                    if plan.per_class:
                        grade = plan.grades[rng.randrange(len(plan.grades))]
                        letter = rng.choice(self.letters)
                        pool = self._present(y.roster[(grade, letter)], day)
                        target = str(grade)
                        title = f"{title} ({grade}{letter})"
                    else:
                        pool = self._present((s for g in plan.grades for s in y.grade_students(g)), day)
                        target = ",".join(map(str, plan.grades))
                    share = min(plan.share * rng.uniform(0.8, 1.2), 1.0)
                    listed = rng.sample(pool, round(len(pool) * share)) if share < 1 else pool
                    notes = ""
                    if plan.category == "parents_meeting":
                        notes = f"Присутствовали родители: {round(len(pool) * rng.uniform(0.5, 0.8))} чел."
                    events.append(self._event(
                        eid, title, plan.category, day, target=target, hours=plan.hours, fmt=plan.fmt,
                        organizer=organizer if partner else "school", partner=partner,
                        ends=day + dt.timedelta(days=13) if plan.category == "summer" else None,
                        event_type=self.event_type_ids.get(plan.event_type or ""), notes=notes))
                    lists.append((eid, sorted(listed), plan))
        self._add_upcoming(events, lists)
        self.events = events
        self.write(Event, events)
        self.write(Participation, self._participations(events, lists))

    def _add_upcoming(self, events: list[dict], lists: list) -> None:
        """Two events of the coming weeks with students already signed up («записан»)."""
        cur = self.years[1]
        if cur.last_day != self.today:
            return
        rng = self.rng
        for days, plan in ((9, cat.EVENT_PLAN[1]), (16, cat.EVENT_PLAN[6])):
            day = self.today + dt.timedelta(days=days)
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            eid = len(events) + 1
            organizer = plan.organizers[0]
            pool = [s for g in plan.grades for s in cur.grade_students(g) if s not in self.left_on]
            events.append(self._event(eid, plan.titles[-1], plan.category, day,
                                      target=",".join(map(str, plan.grades)), hours=plan.hours,
                                      organizer=organizer, partner=self._partner(organizer, 1),
                                      notes="Запись открыта"))
            lists.append((eid, sorted(rng.sample(pool, max(1, round(len(pool) * plan.share)))), "registered"))

    def _partner(self, organizer: str, i: int) -> int | None:
        ids = self.partners_by_type.get(organizer)
        return ids[i % len(ids)] if ids else None

    def _event(self, eid: int, title: str, category: str, day: dt.date, *, target: str, hours: float,
               fmt: str = "offline", organizer: str = "school", partner: int | None = None,
               ends: dt.date | None = None, event_type: int | None = None, notes: str = "") -> dict:
        return {"id": eid, "title": title, "category": category, "event_type_id": event_type, "starts_on": day,
                "ends_on": ends, "format": fmt, "organizer_type": organizer, "organizer_partner_id": partner,
                "target_grades": target, "hours": hours, "roadmap_item_id": None, "notes": notes}

    def _participations(self, events: list[dict], lists: list) -> Iterator[dict]:
        rng = self.rng
        random_ = rng.random
        for eid, listed, plan in lists:
            if plan == "registered":
                for sid in listed:
                    yield {"event_id": eid, "student_id": sid, "status": "registered", "result": None,
                           "competence": "", "hours": None}
                continue
            absent = 0.08 if plan is None else plan.absent
            category = "horizons" if plan is None else plan.category
            competence = ""
            if category in ("bvb_trial", "master_class"):
                competence = events[eid - 1]["title"].rsplit("«", 1)[-1].rstrip("»")
            statuses = ["absent" if random_() < absent else "attended" for _ in listed]
            # Every competition has its winner and prize-winners (about 5 % and 15 % of those who took part).
            came = statuses.count("attended")
            winners, prizes = max(1, round(came * 0.05)), max(1, round(came * 0.15))
            place = 0
            for sid, status in zip(listed, statuses):
                result = None
                hours = None
                if category == "competition" and status == "attended":
                    result = "winner" if place < winners else "prize" if place < winners + prizes else "participant"
                    place += 1
                elif category == "summer" and status == "attended":
                    hours = float(rng.choice((18, 24, 30, 36)))
                yield {"event_id": eid, "student_id": sid, "status": status, "result": result,
                       "competence": competence if status == "attended" else "", "hours": hours}

    # --- consultations ---------------------------------------------------------------------------
    def build_consultations(self) -> None:
        rng = self.rng
        self.write(ConsultationTopic, [{"id": i, "name": name}
                                       for i, name in enumerate(DEFAULT_CONSULTATION_TOPICS, start=1)])
        psychologists = self.staff_ids["Педагог-психолог"]
        social = self.staff_ids["Социальный педагог"]
        consultations, links, notes = [], [], []
        for y in self.years:
            elapsed = (min(y.last_day, dt.date(y.start + 1, 5, 31)) - y.first_day).days / 272
            if elapsed <= 0:
                continue
            individual = round(self.n * 0.10 * elapsed)
            group = max(1, round(self.n * 0.012 * elapsed))
            seniors = [k for k in y.roster if k[0] >= 7]
            weights = [3 if g in (9, 11) else 1 for g, _ in seniors]
            last = min(y.last_day, dt.date(y.start + 1, 5, 31))
            for k in range(individual + group):
                cid = len(consultations) + 1
                day = self._random_day(y.first_day + dt.timedelta(days=7), last)
                key = rng.choices(seniors, weights)[0]
                pool = self._present(y.roster[key], day)
                if not pool:
                    continue
                kind = "individual" if k < individual else "group"
                chosen = [rng.choice(pool)] if kind == "individual" else rng.sample(pool, min(len(pool),
                                                                                              rng.randint(4, 12)))
                follow = day + dt.timedelta(days=rng.randint(14, 30)) if rng.random() < 0.3 else None
                specialist = rng.choice(psychologists) if rng.random() < 0.85 else social[0]
                consultations.append({
                    "id": cid, "held_on": day, "specialist_id": specialist, "kind": kind,
                    "requested_by": rng.choices(("student", "parent", "teacher"), (5, 3, 2))[0],
                    "topic_id": rng.randint(1, len(DEFAULT_CONSULTATION_TOPICS)), "follow_up_on": follow,
                    "created_by_user_id": None})
                links.extend({"consultation_id": cid, "student_id": sid} for sid in chosen)
                note = cat.CONSULTATION_NOTES[5] if kind == "group" else rng.choice(cat.CONSULTATION_NOTES)
                notes.append({"consultation_id": cid, "text": note})
        from app.services.accounts.notes_keys import create_notes_key, encrypt_note
        key, self.notes_recovery_key = create_notes_key(self.s)
        for row in notes:
            row["text"] = encrypt_note(key, row["consultation_id"], row["text"])
        self.write(Consultation, consultations)
        self.write(consultation_student, links)
        self.write(ConsultationNote, notes)

    # --- graduates -------------------------------------------------------------------------------
    def build_graduates(self) -> None:
        rng = self.rng
        prev, cur = self.years
        destinations, choices = [], []
        other_vo = ("ФГБОУ ВО «Приволжский государственный инженерный университет» (г. Нижний Новгород)",
                    "ФГАОУ ВО «Балтийский институт морских технологий» (г. Калининград)")
        for (grade, letter), ids in prev.roster.items():
            if grade not in (9, 11):
                continue
            profile = self.class_profile.get((grade, letter), "")
            for sid in ids:
                choices.append(self._exam_choice(sid, prev.id, grade, profile, 0.8 if grade == 11 else 0.7))
                destinations.append(self._destination_11(sid, prev.id, other_vo) if grade == 11
                                    else self._destination_9(sid, prev.id))
        # This year's preliminary choices (collected in the autumn, before the February deadline).
        for (grade, letter), ids in cur.roster.items():
            if grade not in (9, 11):
                continue
            profile = self.class_profile.get((grade, letter), "")
            for sid in ids:
                if sid not in self.left_on and rng.random() < 0.7:
                    choices.append(self._exam_choice(sid, cur.id, grade, profile, 0.75))
        self.write(GraduateDestination, destinations)
        self.write(ExamChoice, choices)

    def _exam_choice(self, sid: int, year_id: int, grade: int, profile: str, match_share: float) -> dict:
        matches = self.rng.random() < match_share
        if grade == 11:
            subjects = cat.EGE_SUBJECTS[profile] if matches else cat.EGE_MISMATCH
        else:
            subjects = self.rng.choice(cat.OGE_SUBJECTS)
        return {"student_id": sid, "year_id": year_id, "exam": "ege" if grade == 11 else "oge",
                "subjects": subjects, "matches_profile": matches}

    def _to_partner(self, sid: int, year_id: int, destination: str, ptype: str) -> dict:
        pid = self.rng.choice(self.partners_by_type[ptype])
        return {"student_id": sid, "year_id": year_id, "destination": destination, "institution_partner_id": pid,
                "institution_name": self.partner_names[pid], "in_region": self.partner_in_region[pid],
                "by_profile": self.rng.random() < 0.65}

    def _destination_11(self, sid: int, year_id: int, other_vo: tuple[str, ...]) -> dict:
        rng = self.rng
        r = rng.random()
        if r < 0.45:
            return self._to_partner(sid, year_id, "vo", "vo")
        if r < 0.55:
            name = rng.choice(other_vo)
            return {"student_id": sid, "year_id": year_id, "destination": "vo", "institution_partner_id": None,
                    "institution_name": name, "in_region": "Калининград" in name, "by_profile": rng.random() < 0.6}
        if r < 0.8:
            return self._to_partner(sid, year_id, "poo", "poo")
        if r < 0.88 and self.sex[sid] == "m":
            return {"student_id": sid, "year_id": year_id, "destination": "army", "institution_partner_id": None,
                    "institution_name": "", "in_region": None, "by_profile": None}
        if r < 0.95:
            return {"student_id": sid, "year_id": year_id, "destination": "work", "institution_partner_id": None,
                    "institution_name": rng.choice(("ООО «Балтийская рыбная компания»", "ИП Смирнова О.В.",
                                                    "АО «Светлоборский судоремонтный завод»")),
                    "in_region": True, "by_profile": None}
        return {"student_id": sid, "year_id": year_id, "destination": "other", "institution_partner_id": None,
                "institution_name": "Подготовка к повторному поступлению", "in_region": None, "by_profile": None}

    def _destination_9(self, sid: int, year_id: int) -> dict:
        rng = self.rng
        if sid in self.prev_ninth_continuing:
            return {"student_id": sid, "year_id": year_id, "destination": "grade10", "institution_partner_id": None,
                    "institution_name": cat.SCHOOL_NAME_SHORT, "in_region": True, "by_profile": None}
        r = rng.random()
        if r < 0.82:
            return self._to_partner(sid, year_id, "poo", "poo")
        if r < 0.93:
            return {"student_id": sid, "year_id": year_id, "destination": "grade10", "institution_partner_id": None,
                    "institution_name": "МАОУ гимназия № 2 г. Светлоборска", "in_region": True, "by_profile": None}
        return {"student_id": sid, "year_id": year_id, "destination": "other", "institution_partner_id": None,
                "institution_name": "Переезд в другой регион, продолжает обучение", "in_region": False,
                "by_profile": None}

    # --- roadmap ---------------------------------------------------------------------------------
    def build_roadmap(self) -> None:
        prev, cur = self.years
        _, director = self._staff_name("Директор", short=True)
        _, coordinator = self._staff_name("Педагог-навигатор", short=True)
        items, statuses = build_demo_roadmap(
            self.uow, self.rng, first_year=(prev.start, prev.id), current_year_id=cur.id, today=self.today,
            director=director, coordinator=coordinator, coordinator_phone=cat.SCHOOL["coordinator_phone"],
            coordinator_email=cat.SCHOOL["coordinator_email"])
        self.counts["roadmap_item"] = items
        self.counts["roadmap_item_status"] = statuses

    # --- summary ---------------------------------------------------------------------------------
    def summary(self) -> DemoSummary:
        c = self.counts.get
        return DemoSummary(
            school=cat.SCHOOL_NAME_SHORT, years=tuple(year_title(y.start) for y in self.years),
            current_year=year_title(self.years[1].start), students=c("student", 0),
            current_students=sum(len(ids) for ids in self.years[1].roster.values()),
            classes=c("school_class", 0), staff=c("staff", 0), partners=c("partner", 0),
            agreements=c("agreement", 0), events=c("event", 0), participations=c("participation", 0),
            consultations=c("consultation", 0),
            graduates=sum(1 for y in self.years[:1] for (g, _), ids in y.roster.items() if g in (9, 11)
                          for sid in ids if sid not in self.prev_ninth_continuing),
            destinations=c("graduate_destination", 0), exam_choices=c("exam_choice", 0), clubs=c("club", 0),
            club_enrollments=c("club_enrollment", 0), consents=c("consent", 0),
            roadmap_items=c("roadmap_item", 0), roadmap_statuses=c("roadmap_item_status", 0),
            notes_recovery_key=getattr(self, "notes_recovery_key", ""))


LEAVE_REASONS = ("Перевод в другую образовательную организацию", "Переезд в другой регион",
                 "Переход на семейное обучение")


def _graduated(sex: str, grade: int) -> str:
    return f"{'Окончил' if sex == 'm' else 'Окончила'} {grade} классов"


def database_has_data(database: Database) -> bool:
    """True when the file already holds a school, students, events or years (anything a user entered)."""
    with database.engine.connect() as conn:
        for model in (School, AcademicYear, Student, Event, Partner, Staff):
            if conn.execute(select(func.count()).select_from(model)).scalar():
                return True
    return False


def build_demo(database: Database, *, students: int = 700, seed: int = 1, progress: ProgressFn | None = None,
               cancelled: CancelledFn | None = None, today: dt.date | None = None) -> DemoSummary:
    """Fill an empty, migrated database with the demonstration school, all or nothing."""
    check_demo_size(students)
    if database_has_data(database):
        name = database.name
        raise UserError(f"База данных «{name}» уже содержит данные. Демонстрационная школа создаётся только "
                        "в пустой базе.")
    uow = UnitOfWork(database, system_actor("демонстрация"))
    with uow:
        builder = _DemoBuilder(uow, students, seed, today or dt.date.today(), progress, cancelled)
        builder.build()
        reset_sequences(uow.session.connection())   # the builder writes its own ids
        builder.progress.step(PROGRESS_TOTAL)   # the last chance to cancel, before anything is committed
        uow.commit()
    optimize(database, bulk_load=True)
    return builder.summary()
