"""Trust: backup, change check, restore and integrity checks of a 2,000-student school database."""
from __future__ import annotations

import datetime as dt
import random
import tempfile
from pathlib import Path

from benchmarks.common import Figure, best_of, print_figures

STUDENTS = 2000


def _fill_plainly(database, students: int) -> None:
    """A school of `students` with classes, events and participations, when the demo builder is absent."""
    rng = random.Random(1)
    with database.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO academic_year(id, start_year, is_current) VALUES (1, 2026, 1)")
        classes = [(i + 1, 1, grade, letter) for i, (grade, letter) in
                   enumerate((g, ch) for g in range(1, 12) for ch in "АБВ")]
        conn.connection.executemany(
            "INSERT INTO school_class(id, year_id, grade, letter, profile) VALUES (?, ?, ?, ?, '')", classes)
        conn.connection.executemany(
            "INSERT INTO student(id, last_name, first_name, patronymic, birth_date, has_ovz, has_disability, "
            "left_reason, is_anonymized) VALUES (?, ?, ?, ?, ?, ?, 0, '', 0)",
            [(i, f"Фамилия{i}", "Имя", "Отчество", dt.date(2010, 1, 1 + i % 28).isoformat(), int(i % 40 == 0))
             for i in range(1, students + 1)])
        conn.connection.executemany(
            "INSERT INTO enrollment(student_id, year_id, class_id, profile, is_graduate) VALUES (?, 1, ?, '', 0)",
            [(i, 1 + i % len(classes)) for i in range(1, students + 1)])
        conn.connection.executemany(
            "INSERT INTO event(id, title, category, starts_on, format, organizer_type, target_grades, hours, notes) "
            "VALUES (?, ?, 'excursion', ?, 'offline', 'school', '', 2, '')",
            [(e, f"Мероприятие {e}", dt.date(2026, 9, 1 + e % 28).isoformat()) for e in range(1, 201)])
        conn.connection.executemany(
            "INSERT INTO participation(event_id, student_id, status, competence) VALUES (?, ?, 'attended', '')",
            list({(rng.randint(1, 200), rng.randint(1, students)) for _ in range(30_000)}))


def school_database(folder: Path) -> Path:
    from app.services.storage.migrations import open_database

    path = folder / "school.db"
    database = open_database(path)
    try:
        try:
            from app.services.demo.build import build_demo
        except ImportError:
            _fill_plainly(database, STUDENTS)
        else:
            build_demo(database, students=STUDENTS)
    finally:
        database.dispose()
    return path


def run() -> list[Figure]:
    from app.services.access import system_actor
    from app.services.storage.backups import backup_if_changed, quick_check, take_backup
    from app.services.storage.integrity import full_check
    from app.services.storage.restore import restore_backup

    with tempfile.TemporaryDirectory(prefix="proftrack-bench-") as tmp:
        folder = Path(tmp)
        path = school_database(folder)
        size_mb = path.stat().st_size / 1048576
        copies = folder / "copies"
        backup = best_of(lambda: take_backup(path, reason="manual", folder=copies))
        take_backup(path, reason="start")
        unchanged = best_of(lambda: backup_if_changed(path, reason="start"))
        check_start = best_of(lambda: quick_check(path))
        check_full = best_of(lambda: full_check(path))
        copy = next(copies.glob("*.db"))
        restore = best_of(lambda: restore_backup(path, copy, actor=system_actor()), repeat=2)
    label = f"{STUDENTS} учащихся, {size_mb:.1f} МБ".replace(".", ",")
    return [
        Figure(f"Резервная копия с проверкой ({label})", "< 2 с", backup, ok=backup < 2),
        Figure("Копия при запуске, когда данные не менялись (копия + сравнение)", "< 2 с", unchanged,
               ok=unchanged < 2),
        Figure("Проверка базы при запуске (quick_check)", "< 1 с", check_start, ok=check_start < 1),
        Figure("Полная проверка: python main.py check", "< 5 с", check_full, ok=check_full < 5),
        Figure("Восстановление из копии (с копией текущего состояния)", "< 5 с", restore, ok=restore < 5),
    ]


if __name__ == "__main__":
    print_figures(run())
