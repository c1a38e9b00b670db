"""Indicator sets on a 2,000-student school (goal < 100 ms a set) and on 100,000 students with
3 million participations (goal < 3 s a set), each beside the same counts written by hand in SQL
(goal: within 1.5×). The schools are built here with bulk inserts and cached in benchmarks/out/.

    /work/venv/bin/python -m benchmarks.bench_indicators [--small-only]"""
from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PROFTRACK_HOME", tempfile.mkdtemp(prefix="proftrack-bench-"))

from app.models.codes import EVENT_CATEGORIES  # noqa: E402
from app.services.access import system_actor  # noqa: E402
from app.services.indicators import compute_set  # noqa: E402
from app.services.storage.migrations import open_database  # noqa: E402
from app.services.uow import UnitOfWork  # noqa: E402
from benchmarks.common import Figure, best_of, print_figures  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"
YEAR = 2024
SCHEMA_VERSION = "v2"   # bump when the generator changes, so a stale cached file is rebuilt (v2: not analysed)
ORGANIZERS = ("school", "school", "school", "poo", "vo", "employer", "czn", "dop", "other")


def build_school(path: Path, *, students: int, events: int, per_student: int, seed: int = 7) -> None:
    """A migrated database filled with plain bulk inserts (the demo generator is another module's)."""
    rnd = random.Random(seed)
    db = open_database(path)
    db.dispose()
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=OFF")
    con.execute("PRAGMA synchronous=OFF")
    con.execute("PRAGMA foreign_keys=OFF")
    cur = con.cursor()
    cur.execute("INSERT INTO school (full_name, short_name, municipality, region, oo_code, inn, address, director_name,"
                " deputy_director_name, coordinator_name, coordinator_position, coordinator_phone,"
                " coordinator_email, is_demo) VALUES ('Школа для замеров', 'Школа', '', '', '', '', '', '', '',"
                " 'Координатор', '', '', '', 1)")
    cur.executemany("INSERT INTO academic_year (id, start_year, is_current) VALUES (?, ?, ?)",
                    [(1, YEAR - 1, 0), (2, YEAR, 1)])
    cur.execute("INSERT INTO setting (key, value) VALUES ('profminimum_level', 'basic')")
    per_class = 25
    classes, class_id = [], 0
    grade_of_class = {}
    for grade in range(1, 12):
        n_classes = max(1, students // 11 // per_class)
        for i in range(n_classes):
            class_id += 1
            letter = "АБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЭЮЯ"[i % 27] + (str(i // 27) if i >= 27 else "")
            classes.append((class_id, 2, grade, letter, "", None))
            grade_of_class[class_id] = grade
    cur.executemany("INSERT INTO school_class (id, year_id, grade, letter, profile, homeroom_teacher_id) "
                    "VALUES (?, ?, ?, ?, ?, ?)", classes)
    class_ids = [c[0] for c in classes]
    cur.executemany(
        "INSERT INTO student (id, last_name, first_name, patronymic, has_ovz, has_disability, left_reason, "
        "is_anonymized) VALUES (?, ?, 'Имя', '', ?, ?, '', 0)",
        ((i, f"Ученик{i}", int(rnd.random() < 0.03), int(rnd.random() < 0.01)) for i in range(1, students + 1)))
    enrol = [(i, i, 2, class_ids[(i - 1) % len(class_ids)], "", 0) for i in range(1, students + 1)]
    cur.executemany("INSERT INTO enrollment (id, student_id, year_id, class_id, profile, is_graduate) "
                    "VALUES (?, ?, ?, ?, ?, ?)", enrol)
    start = dt.date(YEAR, 9, 1)
    ev_rows = []
    for e in range(1, events + 1):
        day = start + dt.timedelta(days=rnd.randrange(-30, 395))  # some fall outside the year
        ev_rows.append((e, f"Мероприятие {e}", rnd.choice(EVENT_CATEGORIES), day.isoformat(), "offline",
                        rnd.choice(ORGANIZERS), "", float(rnd.choice((1, 1, 2, 2, 3, 4, 6))), ""))
    cur.executemany("INSERT INTO event (id, title, category, starts_on, format, organizer_type, target_grades, hours,"
                    " notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", ev_rows)
    statuses = ("attended",) * 17 + ("absent", "absent", "registered")

    def participations():
        pid = 0
        for s in range(1, students + 1):
            for e in rnd.sample(range(1, events + 1), per_student):
                pid += 1
                yield (pid, e, s, statuses[rnd.randrange(20)], "", 2.0 if rnd.random() < 0.05 else None)

    cur.executemany("INSERT INTO participation (id, event_id, student_id, status, competence, hours) "
                    "VALUES (?, ?, ?, ?, ?, ?)", participations())
    grads = [s for s in range(1, students + 1) if grade_of_class[enrol[s - 1][3]] in (9, 11)]
    cur.executemany("INSERT INTO graduate_destination (student_id, year_id, destination, institution_name, in_region,"
                    " by_profile) VALUES (?, 2, ?, '', ?, ?)",
                    ((s, rnd.choice(("grade10", "poo", "vo", "work")), rnd.random() < 0.7, rnd.random() < 0.5)
                     for s in grads))
    cur.executemany("INSERT INTO exam_choice (student_id, year_id, exam, subjects, matches_profile) "
                    "VALUES (?, 2, ?, '', ?)",
                    ((s, "oge" if grade_of_class[enrol[s - 1][3]] == 9 else "ege", rnd.random() < 0.6) for s in grads))
    cur.executemany("INSERT INTO club (id, name, orientation, leader, notes, is_active) VALUES (?, ?, ?, '', '', 1)",
                    [(c, f"Кружок {c}", rnd.choice(("profile", "preprofile"))) for c in range(1, 21)])
    cur.executemany("INSERT INTO club_enrollment (club_id, student_id, year_id) VALUES (?, ?, 2)",
                    ((rnd.randrange(1, 21), s) for s in range(1, students + 1) if rnd.random() < 0.2))
    n_cons = students // 20
    cur.executemany("INSERT INTO consultation (id, held_on, kind, requested_by) VALUES (?, ?, 'individual', 'student')",
                    ((c, (start + dt.timedelta(days=rnd.randrange(0, 365))).isoformat()) for c in range(1, n_cons + 1)))
    cur.executemany("INSERT OR IGNORE INTO consultation_student (consultation_id, student_id) VALUES (?, ?)",
                    ((c, rnd.randrange(1, students + 1)) for c in range(1, n_cons + 1) for _ in range(2)))
    cur.execute("INSERT INTO partner (id, name, short_name, type, in_region, address, contact, notes) "
                "VALUES (1, 'Колледж', '', 'poo', 1, '', '', '')")
    cur.executemany("INSERT INTO agreement (partner_id, number, signed_on, valid_until, subject) VALUES (1, ?, ?, ?, '')",
                    [(str(i), f"{2020 + i % 6}-03-01", None if i % 3 else f"{2021 + i % 6 + i % 3}-06-30")
                     for i in range(30)])
    cur.execute("INSERT INTO roadmap (title, period_start, period_end, goal, tasks, approved_by_name, "
                "approved_by_position, approved_on, approval_order, executor_block, is_current) "
                "VALUES ('Дорожная карта', 2024, 2026, '', '', '', '', '2024-08-30', '', '', 1)")
    con.commit()
    con.close()  # never analysed here: measured as a user's file is (bench_scale.py measures the demo schools)


def school(name: str, **size) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"indicators-{name}-{SCHEMA_VERSION}.db"
    if not path.exists():
        t0 = time.perf_counter()
        tmp = path.with_suffix(".building")
        tmp.unlink(missing_ok=True)
        build_school(tmp, **size)
        tmp.rename(path)
        print(f"построена школа {name}: {time.perf_counter() - t0:.0f} с", file=sys.stderr)
    return path


# --- the same counts, written by hand --------------------------------------------------------------------
Y = "e.starts_on BETWEEN '2024-09-01' AND '2025-08-31'"
ATT = "FROM event e JOIN participation p ON p.event_id = e.id AND p.status = 'attended' " \
      "JOIN enrollment en ON en.student_id = p.student_id AND en.year_id = 2"
GR = "JOIN school_class sc ON sc.id = en.class_id"
OVZ = "JOIN student s ON s.id = p.student_id"
OVZ_WHERE = "(s.has_ovz = 1 OR s.has_disability = 1)"
ENR = "SELECT COUNT(*) FROM enrollment en JOIN school_class sc ON sc.id = en.class_id WHERE en.year_id = 2"
G511, G611 = "sc.grade IN (5,6,7,8,9,10,11)", "sc.grade IN (6,7,8,9,10,11)"
GRAD = "FROM graduate_destination g JOIN enrollment en ON en.student_id = g.student_id AND en.year_id = 2"
HOURS = f"SELECT p.student_id, SUM(COALESCE(p.hours, e.hours)) h {ATT} {GR} WHERE {Y} AND {G611} GROUP BY p.student_id"

HAND: dict[str, list[str]] = {
    "kaliningrad-school": [
        "SELECT COUNT(*) FROM roadmap WHERE approved_on IS NOT NULL AND period_start <= 2024 AND period_end >= 2024",
        f"SELECT COUNT(DISTINCT x.student_id) FROM exam_choice x JOIN enrollment en ON en.student_id = x.student_id "
        f"AND en.year_id = 2 {GR} WHERE x.year_id = 2 AND x.matches_profile = 1 AND sc.grade = 11",
        f"SELECT COUNT(DISTINCT x.student_id) FROM exam_choice x JOIN enrollment en ON en.student_id = x.student_id "
        f"AND en.year_id = 2 {GR} WHERE x.year_id = 2 AND x.matches_profile = 1 AND sc.grade = 9",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} WHERE {Y} AND e.category = 'excursion'",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} {GR} WHERE {Y} AND e.category = 'bvb_trial' AND {G611}",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} {OVZ} WHERE {Y} AND {OVZ_WHERE}",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} WHERE {Y} AND e.category = 'intentions_survey'",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} WHERE {Y} AND e.organizer_type IN ('poo','vo')",
        "SELECT COUNT(DISTINCT cs.student_id) FROM consultation_student cs JOIN consultation c ON c.id = "
        "cs.consultation_id JOIN enrollment en ON en.student_id = cs.student_id AND en.year_id = 2 "
        "WHERE c.held_on BETWEEN '2024-09-01' AND '2025-08-31'",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} WHERE {Y} AND e.category = 'competition'",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} WHERE {Y} AND (e.category = 'fair' OR e.organizer_type = 'czn')",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} WHERE {Y} AND e.organizer_type IN ('poo','vo')",
        f"SELECT COUNT(DISTINCT g.student_id) {GRAD} WHERE g.year_id = 2 AND g.destination IN ('poo','vo') "
        f"AND g.by_profile = 1",
        f"SELECT COUNT(DISTINCT g.student_id) {GRAD} WHERE g.year_id = 2 AND g.destination = 'poo' AND g.in_region = 1",
        f"SELECT COUNT(DISTINCT g.student_id) {GRAD} WHERE g.year_id = 2 AND g.destination = 'vo' AND g.in_region = 1",
    ],
    "profminimum": [
        f"SELECT COUNT(*) FROM ({HOURS}) WHERE h >= 40", f"{ENR} AND {G611}",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} {GR} WHERE {Y} AND e.category IN ('bvb_diagnostics','diagnostics') "
        f"AND {G611}", f"{ENR} AND {G611}",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} {GR} WHERE {Y} AND e.category = 'horizons' AND {G611}",
        f"{ENR} AND {G611}",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} {GR} WHERE {Y} AND e.category IN ('bvb_trial','master_class') "
        f"AND {G611}", f"{ENR} AND {G611}",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} {GR} {OVZ} WHERE {Y} AND {G611} AND {OVZ_WHERE}",
        f"{ENR.replace('WHERE', 'JOIN student s ON s.id = en.student_id WHERE')} AND {G611} AND {OVZ_WHERE}",
        f"SELECT SUM(COALESCE(p.hours, e.hours)) {ATT} {GR} WHERE {Y} AND {G611}", f"{ENR} AND {G611}",
    ],
    "targets-shares": [
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} {GR} WHERE {Y} AND e.category IN ('bvb_diagnostics','diagnostics') "
        f"AND {G511}", f"{ENR} AND {G511}",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} {GR} WHERE {Y} AND e.category = 'proektoria' AND {G511}",
        f"{ENR} AND {G511}",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} {GR} WHERE {Y} AND e.category = 'bvb_trial' AND {G611}",
        f"{ENR} AND {G611}",
        f"SELECT COUNT(DISTINCT g.student_id) {GRAD} {GR} WHERE g.year_id = 2 AND g.destination IN ('poo','vo') "
        f"AND g.by_profile = 1 AND sc.grade IN (9, 11)", f"{ENR} AND sc.grade IN (9, 11)",
        f"SELECT COUNT(DISTINCT x.student_id) FROM exam_choice x JOIN enrollment en ON en.student_id = x.student_id "
        f"AND en.year_id = 2 {GR} WHERE x.year_id = 2 AND x.matches_profile = 1 AND sc.grade = 11",
        f"{ENR} AND sc.grade = 11",
        "SELECT COUNT(DISTINCT ce.student_id) FROM club_enrollment ce JOIN club c ON c.id = ce.club_id "
        "JOIN enrollment en ON en.student_id = ce.student_id AND en.year_id = 2 WHERE ce.year_id = 2",
        "SELECT COUNT(*) FROM enrollment WHERE year_id = 2",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} {GR} WHERE {Y} AND sc.grade IN (1,2,3,4)",
        f"{ENR} AND sc.grade IN (1,2,3,4)",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} {OVZ} WHERE {Y} AND {OVZ_WHERE}",
        "SELECT COUNT(*) FROM enrollment en JOIN student s ON s.id = en.student_id WHERE en.year_id = 2 "
        f"AND {OVZ_WHERE}",
        f"SELECT COUNT(*) FROM event e WHERE {Y} AND e.category = 'excursion'",
        "SELECT COUNT(*) FROM agreement WHERE (signed_on IS NULL OR signed_on <= '2025-08-31') "
        "AND (valid_until IS NULL OR valid_until >= '2024-09-01')",
        f"SELECT COUNT(DISTINCT p.student_id) {ATT} WHERE {Y} AND e.category = 'competition'",
        "SELECT COUNT(*) FROM enrollment WHERE year_id = 2",
    ],
}


def hand_counts(path: Path, set_code: str) -> list:
    con = sqlite3.connect(path)
    try:
        return [con.execute(q).fetchone()[0] for q in HAND[set_code]]
    finally:
        con.close()


def engine_counts(result) -> list:
    out = []
    for ind in result.indicators:
        out.append(ind.numerator)
        if ind.denominator is not None:
            out.append(ind.denominator)
    return out


def measure(name: str, path: Path, goal_seconds: float) -> list[Figure]:
    db = open_database(path)
    uow = UnitOfWork(db, system_actor("замер"))
    figures = []
    try:
        for set_code in HAND:
            result = compute_set(uow, set_code=set_code, year=YEAR)
            hand = hand_counts(path, set_code)
            got = engine_counts(result)
            if [round(float(x or 0), 1) for x in got] != [round(float(x or 0), 1) for x in hand]:
                raise AssertionError(f"{set_code}: движок {got} ≠ SQL вручную {hand}")
            engine_time = best_of(lambda: compute_set(uow, set_code=set_code, year=YEAR), repeat=3)
            hand_time = best_of(lambda: hand_counts(path, set_code), repeat=3)
            goal = f"< {goal_seconds * 1000:.0f} мс" if goal_seconds < 1 else f"< {goal_seconds:g} с"
            figures.append(Figure(f"Набор {set_code}, {name}", f"{goal}, ≤ 1.5× SQL вручную", engine_time,
                                  baseline=hand_time,
                                  ok=engine_time < goal_seconds and engine_time <= 1.5 * hand_time))
    finally:
        db.dispose()
    return figures


def run(*, small_only: bool = False) -> list[Figure]:
    figures = measure("2 000 обучающихся", school("2k", students=2_000, events=400, per_student=30), 0.1)
    if not small_only:
        figures += measure("100 000 обучающихся, 3 млн отметок",
                           school("100k", students=100_000, events=3_000, per_student=30), 3.0)
    return figures


if __name__ == "__main__":
    print_figures(run(small_only="--small-only" in sys.argv))
