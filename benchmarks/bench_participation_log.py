"""The participation import at the sizes issue 18 and issue 15 name, the way the user runs it (preview, then
load with the backup copy):

- a participation log of 1 000 000 rows (goal < 90 s, peak memory < 300 MB): a CSV, since an XLSX of a million
  rows unpacks to more than the 200 MB the file checks allow;
- a «Билет в будущее» per-student export of 20 000 students (goal < 10 s).

Each import runs in a child process that reports its own peak memory (ru_maxrss), not the building of the data."""
from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import Figure, print_figures

LOG_ROWS = 1_000_000
LOG_STUDENTS = 5_000          # × 200 events: every (event, student) pair once
LOG_EVENTS = LOG_ROWS // LOG_STUDENTS
PLATFORM_STUDENTS = 20_000
ROOT = Path(__file__).resolve().parents[1]

_CHILD = """
import json, resource, sys, time
from app.services.access import system_actor
from app.services.events.participation_import import PARTICIPATION_IMPORT
from app.services.storage.migrations import open_database
from app.services.uow import UnitOfWork
database = open_database(sys.argv[1])
uow = lambda: UnitOfWork(database, system_actor("benchmark"))
t0 = time.perf_counter()
plan = PARTICIPATION_IMPORT.plan(uow(), sys.argv[2])
preview = plan.preview()
t1 = time.perf_counter()
assert not preview.errors, preview.lines()[:20]
done = PARTICIPATION_IMPORT.apply(uow(), plan)
t2 = time.perf_counter()
database.dispose()
print("@@" + json.dumps({"plan": t1 - t0, "apply": t2 - t1, "marks": done.marks_new, "rows": done.rows,
                        "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def _school(path: Path, students: int, *, birth: bool) -> list[tuple[str, int, str, dt.date]]:
    """Grades 6–11 in 2026/2027, classes of 28 lettered «А», «Б»… then «АА», «АБ»… (a municipality's export
    is this long); returns (full name, grade, letter, birth date)."""
    from sqlalchemy import insert

    from app.models import AcademicYear, Enrollment, SchoolClass, Student
    from app.services.storage.migrations import open_database

    database = open_database(path)
    people: list[tuple[str, str, dt.date]] = []
    per_class = 28
    with database.session() as s:
        year = AcademicYear(start_year=2026, is_current=True)
        s.add(year)
        s.flush()
        classes = []
        alphabet = "АБВГДЕЖИКЛМНОПРСТУФХ"
        letters = list(alphabet) + [a + b for a in alphabet for b in alphabet]
        for i in range(-(-students // per_class)):
            classes.append(SchoolClass(year_id=year.id, grade=6 + i % 6, letter=letters[i // 6]))
        s.add_all(classes)
        s.flush()
        rows, enrol = [], []
        for sid in range(1, students + 1):
            sc = classes[(sid - 1) // per_class]
            born = dt.date(2026 - sc.grade - 7, 1 + sid % 12, 1 + sid % 28)
            rows.append(dict(id=sid, last_name=f"Фамилия{sid}", first_name="Имя", patronymic=f"Отчество{sid % 97}",
                             birth_date=born if birth else None))
            enrol.append(dict(student_id=sid, year_id=year.id, class_id=sc.id))
            people.append((f"Фамилия{sid} Имя Отчество{sid % 97}", sc.grade, sc.letter, born))
        s.execute(insert(Student), rows)
        s.execute(insert(Enrollment), enrol)
        s.commit()
    database.dispose()
    return people


def _write_log(path: Path, people) -> None:
    categories = ("Билет в будущее: профессиональная проба", "Открытый онлайн-урок «ПроеКТОриЯ»",
                  "Занятие курса «Россия — мои горизонты»", "Классный час / день профориентации")
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("Дата;Мероприятие;Категория;ФИО;Класс;Отметка;Часы\n")
        for e in range(LOG_EVENTS):
            day = (dt.date(2026, 9, 1) + dt.timedelta(days=e % 250)).strftime("%d.%m.%Y")
            head = f"{day};Мероприятие № {e};{categories[e % len(categories)]};"
            out.writelines(f"{head}{name};{grade}{letter};{'' if n % 9 else 'не явился'};1\n"
                           for n, (name, grade, letter, _born) in enumerate(people))


def _write_platform(path: Path, people) -> None:
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    ws = book.create_sheet("Отчёт")
    ws.append(["Отчёт по участникам проекта «Билет в будущее»"])
    ws.append([])
    ws.append(["№", "Муниципалитет", "ФИО", "Дата рождения", "Образовательная организация", "Класс (без буквы)",
               "Буква класса", "Названия профпроб", "Даты прохождения профпроб", "Темы диагностик",
               "Даты пройденных диагностик", "Ответственный педагог-навигатор"])
    trials = ("Повар", "Сварщик", "Программист", "Медицинская сестра", "Электромонтёр", "Дизайнер")
    for n, (name, grade, letter, born) in enumerate(people, start=1):
        t1, t2 = trials[n % 6], trials[(n + 1) % 6]
        d1, d2 = dt.date(2026, 10, 1 + n % 20), dt.date(2026, 11, 1 + n % 25)
        ws.append([n, "г. Калининград", name, born.strftime("%d.%m.%Y"), "МАОУ СОШ", grade, letter,
                   f"{t1}, {t2}", f"{d1:%d.%m.%Y}, {d2:%d.%m.%Y}", "Мои интересы", "20.09.2026", "Смирнова Е. В."])
    book.save(path)


def _run_child(db: Path, file: Path) -> tuple[dict, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, "-c", _CHILD, str(db), str(file)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.stdout[-300:])
    data = json.loads(proc.stdout[proc.stdout.rfind("@@") + 2:])
    return data, data["peak_kb"] / 1024     # Linux reports ru_maxrss in KiB


def run() -> list[Figure]:
    folder = Path(tempfile.mkdtemp(prefix="bench-participation-"))
    figures: list[Figure] = []

    people = _school(folder / "platform.db", PLATFORM_STUDENTS, birth=True)
    export = folder / "bvb.xlsx"
    _write_platform(export, people)
    data, _peak = _run_child(folder / "platform.db", export)
    assert data["rows"] == PLATFORM_STUDENTS and data["marks"] == PLATFORM_STUDENTS * 3, data
    total = data["plan"] + data["apply"]
    figures.append(Figure(f"Выгрузка «Билет в будущее»: {PLATFORM_STUDENTS} обучающихся ({data['marks']} отметок), "
                          "проверка и загрузка", "< 10 с", total, ok=total < 10))

    people = _school(folder / "log.db", LOG_STUDENTS, birth=False)
    log = folder / "log.csv"
    t0 = time.perf_counter()
    _write_log(log, people)
    written = time.perf_counter() - t0
    data, peak = _run_child(folder / "log.db", log)
    assert data["rows"] == LOG_ROWS and data["marks"] == LOG_ROWS, data
    total = data["plan"] + data["apply"]
    figures += [
        Figure(f"Журнал участия {LOG_ROWS:,} строк (CSV {log.stat().st_size // 1048576} МБ): проверка и загрузка"
               .replace(",", " "), "< 90 с", total, ok=total < 90),
        Figure("  из них проверка (предпросмотр)", "—", data["plan"]),
        Figure("То же: наибольшая занятая память процесса", "< 300 МБ", peak, unit="МБ", ok=peak < 300),
    ]
    print(f"(файл журнала записан за {written:.1f} с)", file=sys.stderr)
    return figures


if __name__ == "__main__":
    print_figures(run())
