"""The participation log import on files the tests write: layouts, counts, idempotence, refusals."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from app.models import Event, Partner, Participation
from app.services.errors import ImportRejected
from app.services.events.participation_import import apply_participation_import, read_participation_log
from tests.conftest import REPO_ROOT
from tests.events_data import make_roster, participation_counts

CLASSES = {"7А": ["Иванов Иван Иванович", "Петров Пётр Петрович", "Ёлкина Анна Сергеевна"],
           "8Б": ["Иванов Иван Иванович", "Сидоров Сидор Сидорович"]}


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database


@pytest.fixture
def roster(uow):
    return make_roster(uow, classes=CLASSES)


def write_xlsx(path, header, rows, *, title_rows=()):
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Журнал"
    for t in title_rows:
        ws.append([t])
    ws.append(header)
    for r in rows:
        ws.append(r)
    book.save(path)
    return path


def counts(uow):
    return participation_counts(uow)


def run_import(uow, path):
    return apply_participation_import(uow, read_participation_log(path), backup=False)


def test_xlsx_with_title_rows_counts_and_reimport_is_idempotent(uow, roster, tmp_path):
    header = ["№", "Дата", "Название мероприятия", "Категория", "Организатор", "Тип организатора",
              "ФИО обучающегося", "Класс", "Отметка", "Результат", "Компетенция", "Часы"]
    d1, d2 = dt.datetime(2026, 10, 1), dt.datetime(2026, 11, 12)
    rows = [
        [1, d1, "Экскурсия на завод «Янтарь»", "Экскурсия на предприятие / в организацию", "Завод Янтарь",
         "Предприятие", "Иванов Иван Иванович", "7А", "", "", "", 2],
        [2, d1, "Экскурсия на завод «Янтарь»", "Экскурсия на предприятие / в организацию", "Завод Янтарь",
         "Предприятие", "Иванов Иван Иванович", "8 б", "не явился", "", "", 2],
        [3, d1, "Экскурсия на завод «Янтарь»", "Экскурсия на предприятие / в организацию", "Завод Янтарь",
         "Предприятие", "Елкина Анна Сергеевна", "7-А", "участвовал", "", "", 3],
        [4, "12.11.2026", "Чемпионат «Профессионалы»", "Конкурс, чемпионат, олимпиада профориентационной "
         "направленности", "", "Школа", "Петров Пётр", "7а", "участвовал", "призёр", "Сварщик", None],
        [5, d2, "Чемпионат «Профессионалы»", "", "", "", "Сидоров Сидор Сидорович", "8Б", "", "победитель", "", None],
    ]
    path = write_xlsx(tmp_path / "журнал.xlsx", header, rows, title_rows=["Журнал участия", "МАОУ СОШ № 38"])
    plan = run_import(uow, path)
    assert (plan.rows, plan.events_new, plan.events_reused, plan.marks_new, plan.marks_changed,
            plan.marks_unchanged, plan.partners_new, plan.students) == (5, 2, 0, 5, 0, 0, 1, 5)
    assert counts(uow) == (2, 5, 4)
    with uow:
        s = uow.session
        excursion = s.scalar(select(Event).where(Event.category == "excursion"))
        assert (excursion.hours, excursion.organizer_type) == (2.0, "employer")
        assert s.scalar(select(Partner.name).where(Partner.id == excursion.organizer_partner_id)) == "Завод Янтарь"
        elkina = s.scalar(select(Participation).where(Participation.event_id == excursion.id,
                                                      Participation.hours.is_not(None)))
        assert elkina.hours == 3.0
        ivanov_8 = roster.students[("8Б", "Иванов Иван Иванович")]
        assert s.scalar(select(Participation.status).where(Participation.student_id == ivanov_8)) == "absent"
        results = dict(s.execute(select(Participation.student_id, Participation.result)
                                 .where(Participation.result.is_not(None))).all())
        assert results == {roster.students[("7А", "Петров Пётр Петрович")]: "prize",
                           roster.students[("8Б", "Сидоров Сидор Сидорович")]: "winner"}
    again = run_import(uow, path)
    assert (again.events_new, again.events_reused, again.marks_new, again.marks_changed, again.marks_unchanged,
            again.partners_new) == (0, 2, 0, 0, 5, 0)
    assert counts(uow) == (2, 5, 4)
    # A changed mark on re-import updates, not duplicates.
    rows[1][8] = "участвовал"
    write_xlsx(path, header, rows, title_rows=["Журнал участия"])
    third = run_import(uow, path)
    assert (third.marks_new, third.marks_changed, third.marks_unchanged) == (0, 1, 4)
    assert counts(uow) == (2, 5, 5)


def test_csv_cp1251_semicolon_other_wordings(uow, roster, tmp_path):
    text = ("Дата;Мероприятие;Категория;ФИО;Класс\n"
            "01.12.2026;Урок ПроеКТОриЯ;Открытый онлайн-урок «ПроеКТОриЯ»;Иванов Иван Иванович;7А\n"
            "01.12.2026;Урок ПроеКТОриЯ;Открытый онлайн-урок «ПроеКТОриЯ»;Иванов Иван Иванович;8Б\n"
            "01.12.2026;урок проектория;Открытый онлайн-урок «ПроеКТОриЯ»;Сидоров Сидор Сидорович;8Б\n")
    path = tmp_path / "log.csv"
    path.write_bytes(text.encode("cp1251"))
    plan = run_import(uow, path)
    assert (plan.events_new, plan.marks_new, plan.students) == (1, 3, 3)
    assert counts(uow) == (1, 3, 3)


def test_unknown_student_and_category_name_rows_and_write_nothing(uow, roster, tmp_path):
    header = ["Дата", "Мероприятие", "Категория", "ФИО", "Класс"]
    rows = [["01.10.2026", "Проба", "Билет в будущее: профессиональная проба", "Иванов Иван Иванович", "7А"],
            ["01.10.2026", "Проба", "Билет в будущее: профессиональная проба", "Неизвестный Некто", "7А"],
            ["02.10.2026", "Квест", "Квест-игра", "Петров Пётр Петрович", "7А"],
            ["03.10.2026", "Проба 2", "Билет в будущее: профессиональная проба", "Сидоров Сидор Сидорович", "7А"],
            ["04.10.2026", "Проба 3", "Билет в будущее: профессиональная проба", "Иванов Иван Иванович", "9В"],
            ["xx", "Проба 3", "Билет в будущее: профессиональная проба", "Иванов Иван Иванович", "7А"]]
    path = write_xlsx(tmp_path / "bad.xlsx", header, rows)
    with pytest.raises(ImportRejected) as caught:
        run_import(uow, path)
    problems = {(p.row, p.column) for p in caught.value.problems}
    assert problems == {(3, "ФИО"), (4, "Категория"), (5, "ФИО"), (6, "Класс"), (7, "Дата")}
    message = str(caught.value)
    # the same mistake in two rows is one line (issue 17: «в строках 3, 7, 12»)
    assert "в строках 3 («Неизвестный Некто»), 5 («Сидоров Сидор Сидорович»)" in message and "Квест-игра" in message
    assert "Ничего не записано" in message
    assert counts(uow) == (0, 0, 0)


def test_namesakes_in_different_classes_and_in_one_class(uow, tmp_path):
    make_roster(uow, classes={"9А": ["Смирнов Алексей", "Кузнецов Олег"], "9Б": ["Смирнов Алексей"],
                              "10А": ["Кузнецов Олег", "Кузнецов Олег"]})
    header = ["Дата", "Мероприятие", "Категория", "ФИО", "Класс"]
    ok = [["05.10.2026", "Ярмарка", "Ярмарка вакансий / учебных мест", "Смирнов Алексей", "9А"],
          ["05.10.2026", "Ярмарка", "Ярмарка вакансий / учебных мест", "Смирнов Алексей", "9Б"]]
    plan = run_import(uow, write_xlsx(tmp_path / "ok.xlsx", header, ok))
    assert (plan.marks_new, plan.students) == (2, 2)
    bad = ok + [["05.10.2026", "Ярмарка", "Ярмарка вакансий / учебных мест", "Кузнецов Олег", "10А"]]
    with pytest.raises(ImportRejected) as caught:
        run_import(uow, write_xlsx(tmp_path / "bad.xlsx", header, bad))
    assert [(p.row, "несколько" in p.message) for p in caught.value.problems] == [(4, True)]


def test_student_matched_in_the_year_of_the_event_date(uow, tmp_path):
    old = make_roster(uow, start_year=2025, current=False, classes={"6А": ["Орлова Ольга"]})
    new = make_roster(uow, start_year=2026, classes={"7А": []})
    from app.models import Enrollment
    with uow:   # the same student, a year later in 7А
        uow.session.add(Enrollment(student_id=old.students[("6А", "Орлова Ольга")], year_id=new.year_id,
                                   class_id=new.classes["7А"]))
        uow.commit()
    header = ["Дата", "Мероприятие", "Категория", "ФИО", "Класс"]
    rows = [["10.05.2026", "Урок", "Занятие курса «Россия — мои горизонты»", "Орлова Ольга", "6А"],
            ["10.10.2026", "Урок", "Занятие курса «Россия — мои горизонты»", "Орлова Ольга", "7А"]]
    plan = run_import(uow, write_xlsx(tmp_path / "years.xlsx", header, rows))
    assert (plan.events_new, plan.marks_new, plan.students) == (2, 2, 1)
    with pytest.raises(ImportRejected) as caught:
        run_import(uow, write_xlsx(tmp_path / "wrong.xlsx", header, [rows[0][:4] + ["7А"]]))
    assert "нет в 2025/2026" in caught.value.problems[0].message


def test_cli_import_participation_and_info_counts(engine_target, tmp_path, database, uow):
    db_path = engine_target    # a file or a server URL: the command line takes both
    make_roster(uow, classes=CLASSES)
    database.dispose()
    header = ["Дата", "Мероприятие", "Категория", "ФИО", "Класс", "Отметка"]
    rows = [["01.10.2026", "Классный час", "Классный час / день профориентации", "Иванов Иван Иванович", "7А", ""],
            ["01.10.2026", "Классный час", "Классный час / день профориентации", "Иванов Иван Иванович", "8Б",
             "не явился"]]
    path = write_xlsx(tmp_path / "cli.xlsx", header, rows)
    cmd = [sys.executable, "main.py", "import-participation", str(path), "--db", str(db_path)]
    checked = subprocess.run(cmd + ["--dry-run"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert checked.returncode == 0 and "ничего не записано" in checked.stdout, checked.stderr
    assert database.is_server or not (Path(db_path).parent / "backups").exists()
    done = subprocess.run(cmd, cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "новых — 1" in done.stdout and "новых — 2" in done.stdout
    info = subprocess.run([sys.executable, "main.py", "info", "--json", "--db", str(db_path)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)
    data = json.loads(info.stdout)
    assert (data["events"], data["participations"]) == (1, 2)
    bad = write_xlsx(tmp_path / "bad.xlsx", header, [rows[0][:3] + ["Никто Никтович", "7А", ""]])
    done = subprocess.run([*cmd[:3], str(bad), "--db", str(db_path)], cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 1
    assert "строка 2" in done.stderr and "Никто Никтович" in done.stderr and "Traceback" not in done.stderr
    info = subprocess.run([sys.executable, "main.py", "info", "--json", "--db", str(db_path)], cwd=REPO_ROOT,
                          capture_output=True, text=True, timeout=120)
    assert (json.loads(info.stdout)["participations"]) == 2


def test_organiser_partner_reused_and_unknown_organiser_type(uow, roster, tmp_path):
    from app.services.events.partners import PartnerData, save_partner
    college = save_partner(uow, PartnerData(name="Колледж связи", short_name="КС", type="poo"))
    header = ["Дата", "Мероприятие", "Категория", "Организатор", "Тип организатора", "ФИО", "Класс"]
    rows = [["01.10.2026", "День открытых дверей", "День открытых дверей", "кс", "", "Иванов Иван Иванович", "7А"],
            ["02.10.2026", "Встреча", "Встреча с представителями профессий", "ЦЗН района", "ЦЗН",
             "Иванов Иван Иванович", "7А"]]
    plan = run_import(uow, write_xlsx(tmp_path / "org.xlsx", header, rows))
    assert (plan.events_new, plan.partners_new) == (2, 1)
    with uow:
        organisers = dict(uow.session.execute(select(Event.title, Event.organizer_type)).all())
        open_day = uow.session.scalar(select(Event.organizer_partner_id).where(Event.title == "День открытых дверей"))
    assert organisers == {"День открытых дверей": "poo", "Встреча": "czn"} and open_day == college
    bad = [rows[0][:4] + ["Министерство"] + rows[0][5:]]
    with pytest.raises(ImportRejected) as caught:
        run_import(uow, write_xlsx(tmp_path / "bad.xlsx", header, bad))
    assert [(p.row, p.column, p.value) for p in caught.value.problems] == [(2, "Тип организатора", "Министерство")]


def test_every_sheet_with_the_columns_is_read(uow, roster, tmp_path):
    header = ["Дата", "Мероприятие", "Категория", "ФИО", "Класс"]
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "Справка"
    notes.append(["Выгрузка с платформы «Билет в будущее»"])
    for title, rows in (("7А", [["01.10.2026", "Проба", "Билет в будущее: профессиональная проба",
                                 "Иванов Иван Иванович", "7А"],
                                ["01.10.2026", "Проба", "Билет в будущее: профессиональная проба",
                                 "Петров Пётр Петрович", "7А"]]),
                        ("8Б", [["Список участников"], header,
                                ["01.10.2026", "Проба", "Билет в будущее: профессиональная проба",
                                 "Сидоров Сидор Сидорович", "8Б"],
                                ["01.10.2026", "Проба", "Билет в будущее: профессиональная проба",
                                 "Никого Нет", "8Б"]])):
        ws = book.create_sheet(title)
        if title == "7А":
            ws.append(header)
        for r in rows:
            ws.append(r)
    path = tmp_path / "bvb.xlsx"
    book.save(path)
    with pytest.raises(ImportRejected) as caught:
        run_import(uow, path)
    [problem] = caught.value.problems
    assert (problem.sheet, problem.row, problem.value) == ("8Б", 4, "Никого Нет")
    assert "лист «8Б», строка 4" in str(caught.value)
    book["8Б"].delete_rows(4)
    book.save(path)
    plan = run_import(uow, path)
    assert (plan.events_new, plan.marks_new, plan.students) == (1, 3, 3)


def test_a_repeated_row_counts_once_and_the_last_one_wins(uow, roster, tmp_path):
    header = ["Дата", "Мероприятие", "Категория", "ФИО", "Класс", "Отметка"]
    row = ["01.10.2026", "Проба", "Билет в будущее: профессиональная проба", "Иванов Иван Иванович", "7А"]
    plan = run_import(uow, write_xlsx(tmp_path / "dup.xlsx", header, [row + [""], row + ["не явился"]]))
    assert (plan.marks_new, len(plan.warnings)) == (1, 1)
    assert "строке 2" in plan.warnings[0].message and plan.warnings[0].row == 3
    assert counts(uow) == (1, 1, 0)
    again = run_import(uow, write_xlsx(tmp_path / "dup2.xlsx", header, [row + ["не явился"], row + [""]]))
    assert (again.marks_new, again.marks_changed) == (0, 1)
    assert counts(uow) == (1, 1, 1)


def test_a_sheet_read_before_an_import_into_its_event_is_refused_on_save(uow, roster, tmp_path):
    # The import writes marks in bulk, past the ORM: it moves the event's version on itself, so an attendance
    # sheet opened before it (here or on another computer) cannot take the imported marks away unseen.
    from app.services.accounts.concurrency import RecordChanged
    from app.services.events.attendance import AttendanceMark, load_attendance, save_attendance

    header = ["Дата", "Название мероприятия", "Категория", "ФИО обучающегося", "Класс", "Отметка"]
    day = dt.datetime(2026, 10, 1)
    row = [day, "Экскурсия на завод «Янтарь»", "Экскурсия на предприятие / в организацию"]
    ivanov, petrov = "Иванов Иван Иванович", "Петров Пётр Петрович"
    path = write_xlsx(tmp_path / "журнал.xlsx", header, [[*row, ivanov, "7А", "участвовал"]])
    run_import(uow, path)
    with uow:
        event_id = uow.session.scalar(select(Event.id))
    sheet = load_attendance(uow, event_id)
    write_xlsx(path, header, [[*row, ivanov, "7А", "участвовал"], [*row, petrov, "7А", "участвовал"]])
    assert run_import(uow, path).marks_new == 1
    petrov_id = roster.students[("7А", petrov)]
    assert [r.status for r in sheet.rows if r.student_id == petrov_id] == [None]   # the sheet never saw it
    with pytest.raises(RecordChanged):
        save_attendance(uow, event_id, [AttendanceMark(petrov_id, None)], expected_version=sheet.version)
    with uow:
        assert uow.session.scalar(select(Participation.status).where(Participation.student_id == petrov_id)) == \
            "attended"
    # A sheet read after the import saves.
    fresh = load_attendance(uow, event_id)
    save_attendance(uow, event_id, [AttendanceMark(petrov_id, "absent")], expected_version=fresh.version)
    # Importing the same file again changes no mark: the version stays, a sheet read now still saves.
    again = load_attendance(uow, event_id)
    write_xlsx(path, header, [[*row, ivanov, "7А", "участвовал"], [*row, petrov, "7А", "не явился"]])
    assert run_import(uow, path).marks_changed == 0
    save_attendance(uow, event_id, [AttendanceMark(petrov_id, "attended")], expected_version=again.version)
