"""Events benchmarks: importing a 50 000-row participation log (goal < 10 s) and opening the attendance
of an event with 500 participants (goal < 200 ms). The data is built here, in a temporary database."""
from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure, median_of, print_figures

LOG_ROWS = 50_000
CLASS_SIZE = 25
LETTERS = "АБВ"
SURNAMES = ("Иванов", "Петров", "Сидоров", "Смирнов", "Кузнецов", "Попов", "Волков", "Соколов", "Лебедев",
            "Козлов", "Новиков", "Морозов", "Орлов", "Зайцев", "Павлов", "Семёнов", "Голубев", "Виноградов")
NAMES = ("Александр", "Михаил", "Иван", "Дмитрий", "Артём", "Максим", "Егор", "Никита", "Кирилл", "Андрей")
CATEGORIES = ("Билет в будущее: профессиональная проба", "Открытый онлайн-урок «ПроеКТОриЯ»",
              "Занятие курса «Россия — мои горизонты»", "Экскурсия на предприятие / в организацию",
              "Классный час / день профориентации")


def _build_school(database) -> list[tuple[str, str]]:
    """Grades 1–11 × 3 letters × 25 students in 2026/2027; returns (full name, class) of everyone."""
    from sqlalchemy import insert

    from app.models import AcademicYear, Enrollment, SchoolClass, Student
    people: list[tuple[str, str]] = []
    with database.session() as s:
        year = AcademicYear(start_year=2026, is_current=True)
        s.add(year)
        s.flush()
        sid = 0
        students, enrollments = [], []
        for grade in range(1, 12):
            for letter in LETTERS:
                sc = SchoolClass(year_id=year.id, grade=grade, letter=letter)
                s.add(sc)
                s.flush()
                for i in range(CLASS_SIZE):
                    sid += 1
                    last = f"{SURNAMES[sid % len(SURNAMES)]}{'а' * 0}"
                    first = NAMES[(sid // len(SURNAMES)) % len(NAMES)]
                    patronymic = f"Тестович{sid}"   # unique within the class
                    students.append(dict(id=sid, last_name=last, first_name=first, patronymic=patronymic))
                    enrollments.append(dict(student_id=sid, year_id=year.id, class_id=sc.id))
                    people.append((f"{last} {first} {patronymic}", f"{grade}{letter}"))
        s.execute(insert(Student), students)
        s.execute(insert(Enrollment), enrollments)
        s.commit()
    return people


def _write_log(path: Path, people: list[tuple[str, str]]) -> None:
    import openpyxl
    rng = random.Random(7)
    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("Журнал")
    ws.append(["Дата", "Мероприятие", "Категория", "ФИО", "Класс", "Отметка", "Часы"])
    events = [(dt.date(2026, 9, 1) + dt.timedelta(days=i % 250), f"Мероприятие № {i}", CATEGORIES[i % len(CATEGORIES)])
              for i in range(400)]
    used: set[tuple[int, int]] = set()
    while len(used) < LOG_ROWS:
        used.add((rng.randrange(len(events)), rng.randrange(len(people))))
    for e, p in used:
        day, title, category = events[e]
        name, cls = people[p]
        ws.append([day, title, category, name, cls, "" if p % 9 else "не явился", 1])
    book.save(path)


def run() -> list[Figure]:
    from app.services.access import system_actor
    from app.services.events.attendance import AttendanceMark, load_attendance, save_attendance
    from app.services.events.events import EventData, create_event
    from app.services.storage.migrations import open_database
    from app.services.events.participation_import import apply_participation_import, read_participation_log
    from app.services.uow import UnitOfWork

    folder = Path(tempfile.mkdtemp(prefix="bench-events-"))
    database = open_database(folder / "school.db")
    uow = UnitOfWork(database, system_actor("benchmark"))
    people = _build_school(database)
    log_path = folder / "log.xlsx"
    _write_log(log_path, people)

    t0 = time.perf_counter()
    log = read_participation_log(log_path)
    plan = apply_participation_import(uow, log)   # with the backup copy, as the user gets it
    import_time = time.perf_counter() - t0
    assert plan.marks_new == LOG_ROWS, plan.summary_lines()

    event = create_event(uow, EventData(title="Большая ярмарка", category="fair", starts_on=dt.date(2026, 11, 20),
                                        target_grades="5-11"))
    sheet = load_attendance(uow, event)
    save_attendance(uow, event, [AttendanceMark(r.student_id, "attended") for r in sheet.rows[:500]])
    opened = median_of(lambda: load_attendance(uow, event), repeat=15)
    n = sum(r.status == "attended" for r in load_attendance(uow, event).rows)
    assert n == 500
    open_ui = _open_dialog_time(database, event)
    database.dispose()
    figures = [
        Figure(f"Загрузка журнала участия, {LOG_ROWS} строк", "< 10 с", import_time, ok=import_time < 10),
        Figure(f"Открытие отметки участия: мероприятие с 500 участниками (список {len(sheet.rows)} чел.), сервис",
               "< 200 мс", opened * 1000, unit="мс", ok=opened < 0.2),
    ]
    if open_ui is not None:
        figures.append(Figure("То же, окно отметки участия целиком (Qt, offscreen)", "< 200 мс", open_ui * 1000,
                              unit="мс", ok=open_ui < 0.2))
    return figures


def _open_dialog_time(database, event_id: int) -> float | None:
    try:
        import os
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        from app.services.access import system_actor
        from app.ui.context import AppContext
        from app.ui.events.attendance_dialog import AttendanceDialog
    except ImportError:
        return None
    app = QApplication.instance() or QApplication([])
    ctx = AppContext(database, system_actor("benchmark"))

    def open_once() -> None:
        dialog = AttendanceDialog(ctx, event_id)
        dialog.show()
        app.processEvents()
        dialog.model.set_rows([])
        dialog.close()
        dialog.deleteLater()

    return median_of(open_once, repeat=7)


if __name__ == "__main__":
    print_figures(run())
