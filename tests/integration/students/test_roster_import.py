"""Roster import on real files the tests write: layouts, encodings, bad files, idempotence, speed."""
from __future__ import annotations

import zipfile

import pytest
from sqlalchemy import func, select

from app.cli.main import run as cli
from app.models import AuditEntry, Enrollment, SchoolClass, Student
from app.services.access import Role
from app.services.errors import ImportRejected, PermissionDenied, UserError
from app.services.students.roster_import import import_roster, preview_roster
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.roster_files import make_pupils, write_csv, write_xlsx


@pytest.fixture
def db_path(engine_target):
    """Every test here runs on SQLite and on PostgreSQL: `--db` and `database` get a file or a server URL."""
    return engine_target


def count(uow, model) -> int:
    with uow:
        return uow.session.scalar(select(func.count()).select_from(model))


def test_xlsx_with_title_line_750_pupils_imports_and_reimport_changes_nothing(uow, tmp_path):
    # Its speed (goal < 2 s) is measured by benchmarks/bench_students.py, not asserted here: a timed test
    # fails on a busy machine for reasons that are not the program's.
    pupils = make_pupils(750)
    path = write_xlsx(tmp_path / "Список 2024.xlsx", pupils, extra_column="Адрес")
    summary = import_roster(uow, path, start_year=2024)
    assert (summary.added, summary.updated, summary.unchanged) == (750, 0, 0)
    if uow.database.is_server:   # a server's copies are the administrator's (pg_dump), not files here
        assert summary.backup is None
    else:
        assert summary.backup is not None and summary.backup.exists()
    assert count(uow, Student) == 750 and count(uow, Enrollment) == 750
    with uow:
        labels = {c.label for c in uow.session.scalars(select(SchoolClass))}
        assert labels == {f"{g}{l}" for g in range(1, 12) for l in "АБВ"}
        p = pupils[33]  # «Ёлкин»: «ё» kept as written
        s = uow.session.scalar(select(Student).where(Student.external_id == p.external_id))
        assert (s.last_name, s.first_name, s.patronymic, s.birth_date) == (p.last_name, p.first_name,
                                                                           p.patronymic, p.birth_date)
        assert s.last_name == "Ёлкина" and s.has_ovz == p.ovz and s.sex == "f"
    preview = preview_roster(uow, path, start_year=2024)
    assert preview.unknown_columns == ["Адрес"] and preview.header_row == 3
    assert (len(preview.added), len(preview.updated), len(preview.unchanged)) == (0, 0, 750)
    again = import_roster(uow, path, start_year=2024)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 750)
    assert count(uow, Student) == 750


@pytest.mark.parametrize("layout,encoding,delimiter", [
    ("fio", "utf-8", ";"), ("split", "cp1251", "\t"), ("grade_letter", "utf-8-sig", ","), ("split", "utf-8", ";"),
])
def test_csv_layouts_and_encodings(uow, tmp_path, layout, encoding, delimiter):
    pupils = make_pupils(120)
    path = write_csv(tmp_path / "roster.csv", pupils, layout=layout, encoding=encoding, delimiter=delimiter,
                     title="Обучающиеся МАОУ СОШ № 38" if layout == "split" else None)
    summary = import_roster(uow, path, start_year=2024)
    assert summary.added == 120
    with uow:
        names = set(uow.session.execute(select(Student.last_name, Student.first_name, Student.patronymic)).all())
        assert names == {(p.last_name, p.first_name, p.patronymic) for p in pupils}
        got = dict(uow.session.execute(select(Student.last_name + " " + Student.first_name + " " + Student.patronymic,
                                              SchoolClass.grade * 100 + func.length(SchoolClass.letter))
                                       .join(Enrollment, Enrollment.student_id == Student.id)
                                       .join(SchoolClass, SchoolClass.id == Enrollment.class_id)).all())
        assert all(got[p.full_name] // 100 == p.grade for p in pupils)
    assert import_roster(uow, path, start_year=2024).unchanged == 120


def test_update_moves_class_and_flags_without_duplicates(uow, tmp_path):
    pupils = make_pupils(30)
    import_roster(uow, write_csv(tmp_path / "a.csv", pupils), start_year=2024)
    pupils[0].class_label = "5Г"
    pupils[1].ovz = not pupils[1].ovz
    preview = preview_roster(uow, write_csv(tmp_path / "b.csv", pupils), start_year=2024)
    assert [c.row for c in preview.updated] == [2, 3]
    assert any("класс" in d and "5Г" in d for d in preview.updated[0].changes)
    assert preview.new_classes == ["5Г"]
    summary = import_roster(uow, tmp_path / "b.csv", start_year=2024)
    assert (summary.added, summary.updated, summary.unchanged) == (0, 2, 28)
    # Without an external id, the same full name and birth date is the same student.
    import_roster(uow, write_csv(tmp_path / "c.csv", pupils, layout="split"), start_year=2024)
    assert count(uow, Student) == 30


def test_two_bad_rows_are_named_and_nothing_is_written(uow, tmp_path):
    pupils = make_pupils(40)
    bad = {5: ["Петров Пётр Петрович", "13Я", "01.02.2012", "м", "нет", "", "X1"],
           17: ["Сидорова Анна Ивановна", "6А", "31.02.2012", "ж", "нет", "", "X2"]}
    path = write_csv(tmp_path / "bad.csv", pupils, bad_rows=bad)
    with pytest.raises(ImportRejected) as info:
        import_roster(uow, path, start_year=2024)
    problems = info.value.problems
    assert [(p.row, p.column, p.value) for p in problems] == [(7, "Класс", "13Я"), (19, "Дата рождения", "31.02.2012")]
    text = str(info.value)
    assert "строка 7" in text and "«13Я»" in text and "от 1 до 11" in text
    assert "строка 19" in text and "такой даты не существует" in text and "Ничего не записано" in text
    assert count(uow, Student) == 0 and count(uow, SchoolClass) == 0
    # …unless the user explicitly imports only the good rows.
    summary = import_roster(uow, path, start_year=2024, only_good_rows=True)
    assert summary.added == 38 and summary.skipped_rows == 2


def test_birth_date_far_from_grade_is_a_warning_not_an_error(uow, tmp_path):
    pupils = make_pupils(3)
    pupils[0].birth_date = pupils[0].birth_date.replace(year=pupils[0].birth_date.year - 5)
    preview = preview_roster(uow, write_csv(tmp_path / "w.csv", pupils), start_year=2024)
    assert not preview.errors and len(preview.warnings) == 1
    assert preview.warnings[0].row == 2 and "не подходит" in preview.warnings[0].message
    summary = import_roster(uow, tmp_path / "w.csv", start_year=2024)
    assert summary.added == 3 and "Предупреждений: 1" in summary.describe()
    assert "строка 2, столбец «Дата рождения»" in summary.describe()


def test_class_labels_are_normalised(uow, tmp_path):
    path = tmp_path / "labels.csv"
    path.write_text("ФИО;Класс;Дата рождения\n" + "".join(
        f"Иванов{'а' * i} Иван Иванович;{label};01.03.2014\n"
        for i, label in enumerate(["5 а", "5-А", "5а", "5 «А»", "5A"])), encoding="utf-8")
    import_roster(uow, path, start_year=2024)
    with uow:
        assert [c.label for c in uow.session.scalars(select(SchoolClass))] == ["5А"]


@pytest.mark.parametrize("content,expected", [
    (b"", "пуст"),
    (b"\x00\x01\x02garbage\x00" * 20, "не является таблицей"),
    ("Просто текст\nбез таблицы\n".encode(), "не найдена строка заголовков"),
    ("ФИО;Дата рождения;Пол\nИванов Иван;01.01.2014;м\n".encode(), "нет столбца «Класс»"),
])
def test_bad_files_get_a_clear_message(uow, tmp_path, content, expected):
    path = tmp_path / "file.csv"
    path.write_bytes(content)
    with pytest.raises(UserError) as info:
        import_roster(uow, path, start_year=2024)
    assert expected in str(info.value)
    assert count(uow, Student) == 0


def test_encrypted_xlsx_and_word_file_are_refused(uow, tmp_path):
    encrypted = tmp_path / "secret.xlsx"
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(UserError, match="защищён паролем"):
        import_roster(uow, encrypted, start_year=2024)
    docx = tmp_path / "list.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    with pytest.raises(UserError, match="документ Word"):
        import_roster(uow, docx, start_year=2024)


def test_too_big_and_too_long_files(uow, tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as fh:
        fh.truncate(21 * 1024 * 1024)
    with pytest.raises(UserError, match="слишком большой"):
        import_roster(uow, big, start_year=2024)
    long = tmp_path / "long.csv"
    long.write_text("ФИО;Класс\n" + "Иванов Иван;5А\n" * 100_001, encoding="utf-8")
    with pytest.raises(UserError, match="больше 100000 строк"):
        import_roster(uow, long, start_year=2024)


def test_import_needs_the_right(database, tmp_path):
    path = write_csv(tmp_path / "a.csv", make_pupils(3))
    with pytest.raises(PermissionDenied):
        import_roster(UnitOfWork(database, make_actor(Role.CLASS_TEACHER)), path, start_year=2024)


def test_import_is_audited(uow, tmp_path):
    import_roster(uow, write_csv(tmp_path / "a.csv", make_pupils(3)), start_year=2024)
    with uow:
        entry = uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "students.import"))
        assert "добавлено 3" in entry.details


def test_cli_imports_and_reports(db_path, tmp_path, capsys):
    path = write_xlsx(tmp_path / "roster.xlsx", make_pupils(50), layout="split")
    assert cli(["import-students", str(path), "--year", "2024/2025", "--db", str(db_path)]) == 0
    out = capsys.readouterr().out
    assert "Добавлено учащихся: 50" in out and "2024/2025" in out
    assert cli(["import-students", str(path), "--year", "2024/2025", "--db", str(db_path)]) == 0
    assert "Без изменений: 50" in capsys.readouterr().out


def test_cli_prints_every_problem_and_exits_1(db_path, tmp_path, capsys):
    pupils = make_pupils(10)
    path = write_csv(tmp_path / "bad.csv", pupils, bad_rows={2: ["Петров Пётр", "13Я", "01.02.2012"],
                                                             4: ["Сидоров Иван", "6А", "31.02.2012"]})
    assert cli(["import-students", str(path), "--year", "2024/2025", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "строка 4" in err and "«13Я»" in err and "строка 6" in err and "«31.02.2012»" in err
    assert "Traceback" not in err
    assert cli(["info", "--db", str(db_path), "--json"]) == 0
    assert '"students": 0' in capsys.readouterr().out


def test_invisible_characters_in_names_are_removed_reported_and_match_the_existing_pupil(uow, tmp_path):
    """Issue 16: a zero-width space or a right-to-left mark made a silent duplicate of an existing pupil."""
    from app.services.students.roster_import import import_roster, preview_roster

    first = tmp_path / "first.csv"
    first.write_text("Фамилия;Имя;Отчество;Дата рождения;Класс\nИванов;Иван;Иванович;01.02.2012;7А\n",
                     encoding="utf-8")
    import_roster(uow, first, start_year=2025)
    second = tmp_path / "second.csv"
    second.write_text("Фамилия;Имя;Отчество;Дата рождения;Класс\n"
                      "Иван\u200bов;\u200fИван;Иванович;01.02.2012;7А\n", encoding="utf-8")
    preview = preview_roster(uow, second, start_year=2025)
    messages = [p.describe() for p in preview.warnings]
    assert any("U+200B" in m and "невидимые" in m for m in messages), messages
    assert any("U+200F" in m for m in messages), messages
    import_roster(uow, second, start_year=2025)
    from app.services.students.students import list_students
    rows = list_students(uow, start_year=2025)
    assert [r.full_name for r in rows] == ["Иванов Иван Иванович"]
