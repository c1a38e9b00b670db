"""«Билет в будущее» exports as schools and municipalities get them, built here in each layout: title rows above
the header, merged cells, columns in any order with extra ones, comma-separated lists paired with their dates,
class in two columns, initials, students the roster lacks — and every count checked."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import openpyxl
import pytest
from sqlalchemy import select, update

from app.models import AuditEntry, Event, Participation, Partner, Student
from app.services import settings
from app.services.errors import ImportRejected, UserError
from app.services.events.participation_import import (PARTICIPATION_IMPORT, apply_participation_import,
                                                      check_participation_log, read_participation_log)
from app.services.indicators.compute import compute_set
from tests.conftest import REPO_ROOT
from tests.events_data import make_roster, participation_counts

CLASSES = {"8Б": ["Иванов Иван Иванович", "Петрова Анна Сергеевна", "Сидоров Олег Петрович"],
           "9А": ["Кузнецова Мария Ильинична", "Петров Пётр Павлович", "Петров Павел Петрович"],
           "5А": ["Малышев Егор Ильич"]}
BIRTHS = {"Иванов Иван Иванович": dt.date(2012, 3, 4), "Петрова Анна Сергеевна": dt.date(2012, 5, 6),
          "Сидоров Олег Петрович": dt.date(2012, 7, 8), "Кузнецова Мария Ильинична": dt.date(2011, 1, 2),
          "Петров Пётр Павлович": dt.date(2011, 2, 3), "Петров Павел Петрович": dt.date(2011, 4, 5),
          "Малышев Егор Ильич": dt.date(2015, 6, 7)}
PLATFORM_HEADER = ["№", "Муниципалитет", "Буква класса", "ФИО", "Дата рождения", "Образовательная организация",
                   "Класс (без буквы)", "Названия профпроб", "Даты прохождения профпроб", "Темы диагностик",
                   "Даты пройденных диагностик", "Ответственный педагог-навигатор"]


@pytest.fixture
def roster(uow):
    built = make_roster(uow, classes=CLASSES)
    with uow:
        for (_cls, name), sid in built.students.items():
            uow.session.execute(update(Student).where(Student.id == sid).values(birth_date=BIRTHS[name]))
        uow.commit()
    return built


def platform_row(n, name, grade, letter, trials="", trial_dates="", diagnostics="", diagnostic_dates=""):
    return [n, "г. Калининград", letter, name, BIRTHS.get(name, dt.date(2012, 1, 1)).strftime("%d.%m.%Y"),
            "МАОУ СОШ № 38", grade, trials, trial_dates, diagnostics, diagnostic_dates, "Смирнова Е. В."]


def write_platform_list(path, rows, *, header=PLATFORM_HEADER):
    """The per-student list: a merged title block, the header on row 4 with two cells merged down to row 5."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Отчёт"
    ws["A1"] = "Отчёт по участникам проекта «Билет в будущее»"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A2"] = "Сформирован 20.12.2026"
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=4)
    for col, title in enumerate(header, start=1):
        ws.cell(row=4, column=col, value=title)
    for col in (1, 4):   # «№» and «ФИО» merged over rows 4–5, as the platform's reports do
        ws.merge_cells(start_row=4, start_column=col, end_row=5, end_column=col)
    for r, values in enumerate(rows, start=6):
        for col, value in enumerate(values, start=1):
            ws.cell(row=r, column=col, value=value)
    book.save(path)
    return path


def counts(uow):
    return participation_counts(uow)[:2]


def run(uow, path, **kw):
    return apply_participation_import(uow, read_participation_log(path), backup=False, **kw)


def indicator(uow, set_code, code, year=2026):
    return next(v for v in compute_set(uow, set_code=set_code, year=year, summary=False).indicators if v.code == code)


def test_per_student_list_makes_events_from_comma_lists_and_reimport_adds_nothing(uow, roster, tmp_path):
    rows = [platform_row(1, "Иванов Иван Иванович", 8, "Б", "Повар, Сварщик, Программист",
                         "01.10.2026, 15.10.2026, 05.11.2026", "Мои интересы", "20.09.2026"),
            platform_row(2, "Петрова Анна Сергеевна", 8, "б", "Повар", "01.10.2026", "Мои интересы, Мой выбор",
                         "20.09.2026, 12.12.2026"),
            platform_row(3, "Сидоров Олег Петрович", "8", "Б"),     # nothing passed yet: nothing to record
            platform_row(4, "Кузнецова Мария Ильинична", 9, "А", "Сварщик", "15.10.2026", "", ""),
            platform_row(5, "Малышев Егор Ильич", 5, "А", "", "", "Мои интересы", "20.09.2026")]
    path = write_platform_list(tmp_path / "бвб.xlsx", rows)
    plan = run(uow, path)
    # Trials: Повар 01.10, Сварщик 15.10, Программист 05.11; diagnostics: Мои интересы 20.09, Мой выбор 12.12.
    assert (plan.layout, plan.rows, plan.events_new, plan.marks_new, plan.students) == \
        ("platform_list", 5, 5, 9, 4)
    with uow:
        s = uow.session
        events = {(e.title, e.starts_on, e.category, e.organizer_type) for e in s.scalars(select(Event))}
        platform = s.scalar(select(Partner).where(Partner.name == "Платформа «Билет в будущее»"))
        assert platform is not None and platform.in_region is False
        assert set(s.scalars(select(Event.organizer_partner_id))) == {platform.id}
    assert events == {("Повар", dt.date(2026, 10, 1), "bvb_trial", "other"),
                      ("Сварщик", dt.date(2026, 10, 15), "bvb_trial", "other"),
                      ("Программист", dt.date(2026, 11, 5), "bvb_trial", "other"),
                      ("Мои интересы", dt.date(2026, 9, 20), "bvb_diagnostics", "other"),
                      ("Мой выбор", dt.date(2026, 12, 12), "bvb_diagnostics", "other")}
    again = run(uow, path)
    assert (again.events_new, again.events_reused, again.marks_new, again.marks_unchanged, again.partners_new) == \
        (0, 5, 0, 9, 0)
    assert counts(uow) == (5, 9)
    # A later export of the same year adds only what is new.
    rows[3] = platform_row(4, "Кузнецова Мария Ильинична", 9, "А", "Сварщик, Повар", "15.10.2026, 01.10.2026")
    third = run(uow, write_platform_list(tmp_path / "бвб-декабрь.xlsx", rows))
    assert (third.events_new, third.marks_new, third.marks_unchanged) == (0, 1, 9)
    # The indicators counted from the list equal the hand count: trials (grades 6–11) — Иванов, Петрова,
    # Кузнецова; diagnostics (grades 5–11) — Иванов, Петрова, Малышев.
    assert indicator(uow, "kaliningrad-school", "3").value == 3
    d1 = indicator(uow, "targets-shares", "D1")
    assert (d1.numerator, d1.denominator) == (3, 7)
    d3 = indicator(uow, "targets-shares", "D3")
    assert (d3.numerator, d3.denominator) == (3, 6)


def test_a_list_and_its_dates_that_do_not_pair_are_a_problem_of_that_row(uow, roster, tmp_path):
    rows = [platform_row(1, "Иванов Иван Иванович", 8, "Б", "Повар, Сварщик", "01.10.2026"),
            platform_row(2, "Петрова Анна Сергеевна", 8, "Б", "Повар", "01.10.2026", "Мои интересы", "31.02.2026")]
    path = write_platform_list(tmp_path / "бвб.xlsx", rows)
    with pytest.raises(ImportRejected) as caught:
        run(uow, path)
    found = [(p.row, p.column) for p in caught.value.problems]
    assert found == [(6, "Названия профпроб"), (7, "Даты пройденных диагностик")]
    assert "2 назв. и 1 дат" in caught.value.problems[0].message
    assert counts(uow) == (0, 0)


def test_initials_match_only_one_student_and_class_in_two_columns_without_birth_dates(uow, roster, tmp_path):
    header = [h for h in PLATFORM_HEADER if h != "Дата рождения"]

    def row(n, name, grade, letter, trials, dates):
        full = platform_row(n, name, grade, letter, trials, dates)
        return full[:4] + full[5:]
    rows = [row(1, "Иванов И.И.", 8, "Б", "Повар", "01.10.2026"),
            row(2, "Кузнецова М. И.", 9, "А", "Повар", "01.10.2026"),
            row(3, "Петров П.П.", 9, "А", "Повар", "01.10.2026")]         # two Petrovs fit: not guessed
    path = write_platform_list(tmp_path / "инициалы.xlsx", rows, header=header)
    with pytest.raises(ImportRejected) as caught:
        run(uow, path)
    [problem] = caught.value.problems
    assert (problem.row, problem.value) == (8, "Петров П.П.") and "несколько" in problem.message
    plan = run(uow, write_platform_list(tmp_path / "ok.xlsx", rows[:2], header=header))
    assert (plan.marks_new, plan.students) == (2, 2)
    with uow:
        names = set(uow.session.scalars(select(Student.last_name).join(Participation,
                                                                       Participation.student_id == Student.id)))
    assert names == {"Иванов", "Кузнецова"}


def test_unknown_students_write_nothing_unless_skipped_and_the_skip_is_audited(uow, roster, tmp_path):
    rows = [platform_row(1, "Иванов Иван Иванович", 8, "Б", "Повар", "01.10.2026"),
            platform_row(2, "Выбывший Артём Олегович", 8, "Б", "Повар", "01.10.2026"),
            platform_row(3, "Петрова Анна Сергеевна", 8, "Б", "Повар", "01.10.2026")]
    path = write_platform_list(tmp_path / "бвб.xlsx", rows)
    with pytest.raises(ImportRejected) as caught:
        run(uow, path)
    [problem] = caught.value.problems
    assert (problem.row, problem.value) == (7, "Выбывший Артём Олегович") and "не найден" in problem.message
    assert counts(uow) == (0, 0)
    preview = PARTICIPATION_IMPORT.plan(uow, path).preview()
    assert preview.rest_option and not preview.can_apply() and preview.can_apply(load_rest=True)
    assert [t.rows for t in preview.tables if t.name == "import_unknown"][0][0][:2] == (7, "Выбывший Артём Олегович")
    plan = run(uow, path, skip_unknown=True)
    assert (plan.marks_new, plan.skipped) == (2, 1)
    assert any("Пропущено строк" in line for line in plan.summary_lines())
    with uow:
        entry = uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "participation.import"))
        assert "Выбывший Артём Олегович" in entry.details and "строка 7" in entry.details
    assert counts(uow) == (1, 2)


def test_cli_names_unknown_students_and_loads_the_rest_with_skip_unknown(db_path, database, uow, tmp_path):
    make_roster(uow, classes={"8Б": ["Иванов Иван Иванович"]})
    database.dispose()
    header = [h for h in PLATFORM_HEADER if h != "Дата рождения"]
    rows = [[1, "г. Калининград", "Б", "Иванов Иван Иванович", "СОШ", 8, "Повар", "01.10.2026", "", "", ""],
            [2, "г. Калининград", "Б", "Никого Нет", "СОШ", 8, "Повар", "01.10.2026", "", "", ""]]
    path = write_platform_list(tmp_path / "cli.xlsx", rows, header=header)
    cmd = [sys.executable, "main.py", "import-participation", str(path), "--db", str(db_path)]
    refused = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert refused.returncode == 1 and "Никого Нет" in refused.stderr and "строка 7" in refused.stderr
    assert "--skip-unknown" in refused.stderr and "Traceback" not in refused.stderr
    done = subprocess.run(cmd + ["--skip-unknown"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Пропущено строк с обучающимися, которых нет в списке школы: 1" in done.stdout
    assert "Никого Нет" in done.stdout


def test_event_list_takes_the_event_from_the_title_rows(uow, roster, tmp_path):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Профессиональная проба «Повар»"])
    ws.append(["Дата проведения: 12.10.2026"])
    ws.append([])
    ws.append(["№", "ФИО", "Школа", "Класс", "Посетил (Да/Нет)"])
    ws.append([1, "Иванов Иван Иванович", "СОШ № 38", "8Б", "Да"])
    ws.append([2, "Петрова Анна Сергеевна", "СОШ № 38", "8 б", "Нет"])
    ws.append([3, "Кузнецова Мария Ильинична", "СОШ № 38", "9А", "да"])
    path = tmp_path / "проба.xlsx"
    book.save(path)
    plan = run(uow, path)
    assert (plan.layout, plan.events_new, plan.marks_new) == ("event_list", 1, 3)
    with uow:
        s = uow.session
        event = s.scalar(select(Event))
        assert (event.title, event.starts_on, event.category) == ("Профессиональная проба «Повар»",
                                                                  dt.date(2026, 10, 12), "bvb_trial")
        statuses = sorted(s.scalars(select(Participation.status)))
    assert statuses == ["absent", "attended", "attended"]
    assert run(uow, path).marks_unchanged == 3


def test_row_limit_is_a_setting_and_counts_data_rows_without_the_header(uow, roster, tmp_path):
    with uow:
        settings.write_in(uow.session, settings.PARTICIPATION_MAX_ROWS, 1000)
        uow.commit()
    row = "01.10.2026;Классный час;Классный час / день профориентации;Иванов Иван Иванович;8Б\n"
    header = "Дата;Мероприятие;Категория;ФИО;Класс\n"
    exact = tmp_path / "exact.csv"
    exact.write_text(header + row * 1000, encoding="utf-8")
    plan = check_participation_log(uow, read_participation_log(exact))
    assert (plan.rows, plan.marks_new, len(plan.problems)) == (1000, 1, 0)
    over = tmp_path / "over.csv"
    over.write_text(header + row * 1001, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        check_participation_log(uow, read_participation_log(over))
    message = str(caught.value)
    assert "«over.csv»" in message and "больше 1 000 строк данных" in message
    assert "Наибольшее число строк журнала участия" in message and "«Настройки» → «Сведения об ОО»" in message


def write_summary(path, rows, *, archived="30.06.2027"):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["Сводный отчёт по проекту «Билет в будущее»"])
    ws.append(["Муниципалитет", "ФИО", "Класс (без буквы)", "Буква класса", "Количество пройденных диагностик",
               "Кол-во посещенных профессиональных и партнерских проб", "Кол-во посещенных экскурсий на предприятие",
               "Кол-во посещенных мастер-классов", "Дата архивации"])
    for name, grade, letter, *counts in rows:
        ws.append(["г. Калининград", name, grade, letter, *counts, archived])
    book.save(path)
    return path


def test_count_only_summary_keeps_figures_per_student_and_year_and_invents_no_events(uow, roster, tmp_path):
    from app.models import PlatformFigures
    from app.services.record.student_record import student_record

    rows = [("Иванов Иван Иванович", 8, "Б", 2, 3, 0, 1),
            ("Петрова Анна Сергеевна", 8, "Б", 1, 0, 2, 0),
            ("Кузнецова Мария Ильинична", 9, "А", 0, 0, 0, 0),
            ("Малышев Егор Ильич", 5, "А", 0, 1, 0, 0)]
    path = write_summary(tmp_path / "сводка.xlsx", rows)
    plan = run(uow, path)
    assert (plan.layout, plan.rows, plan.figures_new, plan.events_new, plan.marks_new) == ("summary", 4, 4, 0, 0)
    assert counts(uow) == (0, 0)                     # no invented events
    with uow:
        stored = {(f.student_id, f.diagnostics, f.trials, f.excursions, f.master_classes, f.archived_on)
                  for f in uow.session.scalars(select(PlatformFigures))}
    ivanov = roster.students[("8Б", "Иванов Иван Иванович")]
    assert (ivanov, 2, 3, 0, 1, dt.date(2027, 6, 30)) in stored and len(stored) == 4
    again = run(uow, path)
    assert (again.figures_new, again.figures_changed, again.figures_unchanged) == (0, 0, 4)
    rows[2] = ("Кузнецова Мария Ильинична", 9, "А", 1, 2, 0, 0)
    later = run(uow, write_summary(tmp_path / "сводка-2.xlsx", rows))
    assert (later.figures_new, later.figures_changed, later.figures_unchanged) == (0, 1, 3)
    # Shown on the student's record, for the year of «Дата архивации».
    record = student_record(uow, ivanov)
    [year] = [y for y in record.years if y.platform is not None]
    assert year.start_year == 2026 and "профессиональных проб — 3" in year.platform.describe()
    # «Прошли хотя бы одну пробу», grades 6–11: Иванов and Кузнецова (Малышев is in 5А); the summarised and the
    # direct counting agree; diagnostics (grades 5–11): Иванов, Петрова, Кузнецова.
    for summary in (False, "always"):
        values = {v.code: v for v in compute_set(uow, set_code="kaliningrad-school", year=2026,
                                                 summary=summary).indicators}
        assert values["3"].value == 2
        shares = {v.code: v for v in compute_set(uow, set_code="targets-shares", year=2026,
                                                 summary=summary).indicators}
        assert (shares["D3"].numerator, shares["D1"].numerator) == (2, 3)
        assert shares["D8"].numerator == 0          # nobody has ОВЗ
