"""Graduates: the editable table and the import (file written here, CLI too); clubs and their members."""
from __future__ import annotations

import subprocess
import sys

import openpyxl
import pytest

from app.services.events.clubs import (ClubData, club_members, list_clubs, save_club, set_club_members, year_students)
from app.services.errors import ImportRejected, UserError
from app.services.events.graduates import GraduateEdit, import_graduates, list_graduates, save_graduates
from app.services.events.partners import PartnerData, save_partner
from tests.conftest import REPO_ROOT
from tests.events_data import make_roster


@pytest.fixture
def db_path(engine_target):
    """Every test here runs on SQLite and on PostgreSQL: `--db` and `database` get a file or a server URL."""
    return engine_target

HEADER = ["ФИО", "Класс", "Продолжение обучения", "Учебное заведение", "В своём регионе", "По профилю",
          "Предметы ГИА по профилю"]


@pytest.fixture
def roster(uow):
    return make_roster(uow, start_year=2024, current=False,
                       classes={"9А": ["Антонов Антон Антонович", "Борисова Вера"], "11А": ["Громов Глеб"],
                                "10А": ["Десятов Дмитрий"]})


def write(path, rows, *, title=None):
    book = openpyxl.Workbook()
    ws = book.active
    if title:
        ws.append([title])
        ws.append([])
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    book.save(path)
    return path


def test_list_and_save(uow, roster):
    rows = list_graduates(uow, 2024)
    assert [(r.full_name, r.class_label) for r in rows] == [
        ("Антонов Антон Антонович", "9А"), ("Борисова Вера", "9А"), ("Громов Глеб", "11А")]
    college = save_partner(uow, PartnerData(name="Колледж сервиса", type="poo"))
    sid = roster.students[("9А", "Антонов Антон Антонович")]
    assert save_graduates(uow, 2024, [GraduateEdit(sid, "poo", college, "", True, True, True)]) == 2
    row = list_graduates(uow, 2024)[0]
    assert (row.destination_label, row.institution, row.in_region, row.by_profile, row.exam_matches) == \
        ("ПОО", "Колледж сервиса", True, True, True)
    assert save_graduates(uow, 2024, [row.edit()]) == 0
    assert save_graduates(uow, 2024, [GraduateEdit(sid, None, exam_matches=True)]) == 1
    assert list_graduates(uow, 2024)[0].destination is None
    with pytest.raises(UserError, match="9 или 11"):
        save_graduates(uow, 2024, [GraduateEdit(roster.students[("10А", "Десятов Дмитрий")], "work")])


def test_import_counts_reimport_and_refusal(uow, roster, tmp_path):
    save_partner(uow, PartnerData(name="БФУ им. И. Канта", short_name="БФУ", type="vo", in_region=True))
    rows = [["Антонов Антон Антонович", "9 а", "10 класс", "", "да", "", "да"],
            ["Борисова Вера", "9А", "СПО", "Морской колледж", "нет", "нет", "нет"],
            ["Громов Глеб", "11А", "ВО", "БФУ", "", "да", "да"]]
    path = write(tmp_path / "выпуск.xlsx", rows, title="Выпускники 2024/2025")
    plan = import_graduates(uow, path, year=2024, backup=False)
    assert (plan.rows, plan.new, plan.changed, plan.unchanged) == (3, 3, 0, 0)
    got = {r.full_name: r for r in list_graduates(uow, 2024)}
    assert (got["Борисова Вера"].destination, got["Борисова Вера"].institution, got["Борисова Вера"].in_region) == \
        ("poo", "Морской колледж", False)
    assert (got["Громов Глеб"].destination, got["Громов Глеб"].institution, got["Громов Глеб"].in_region,
            got["Громов Глеб"].exam_matches) == ("vo", "БФУ", True, True)
    again = import_graduates(uow, path, year=2024, backup=False)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 3)
    bad = write(tmp_path / "bad.xlsx", [rows[0], ["Неизвестная Ирина", "9А", "ПОО", "", "", "", ""],
                                        ["Борисова Вера", "9А", "на курсы", "", "", "", ""],
                                        ["Громов Глеб", "10А", "ВО", "", "", "", ""],
                                        ["Антонов Антон", "9А", "ПОО", "", "может быть", "", ""]])
    with pytest.raises(ImportRejected) as caught:
        import_graduates(uow, bad, year=2024, backup=False)
    assert [(p.row, p.column) for p in caught.value.problems] == [
        (3, "ФИО"), (4, "Продолжение обучения"), (5, "Класс"), (6, "ФИО")]
    assert list_graduates(uow, 2024)[0].destination == "grade10"


def test_cli_import_graduates(db_path, database, uow, tmp_path):
    make_roster(uow, start_year=2024, classes={"11Б": ["Жукова Жанна"]})
    database.dispose()
    path = write(tmp_path / "g.xlsx", [["Жукова Жанна", "11Б", "армия", "", "", "", "нет"]])
    done = subprocess.run([sys.executable, "main.py", "import-graduates", str(path), "--year", "2024/2025",
                           "--db", str(db_path)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "новых записей — 1" in done.stdout
    done = subprocess.run([sys.executable, "main.py", "import-graduates", str(path), "--year", "2023/2024",
                           "--db", str(db_path)], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "строка 2" in done.stderr and "Traceback" not in done.stderr


def test_clubs_and_members(uow):
    roster = make_roster(uow, classes={"8А": ["Кружкова Катя", "Лепёшкин Лев"]})
    club = save_club(uow, ClubData(name="Робототехника", orientation="preprofile", leader="Иванов И. И."))
    with pytest.raises(UserError, match="уже есть"):
        save_club(uow, ClubData(name="робототехника"))
    ids = [s.student_id for s in year_students(uow, 2026)]
    assert set_club_members(uow, club, 2026, ids) == (2, 0)
    assert set_club_members(uow, club, 2026, ids[:1]) == (0, 1)
    assert club_members(uow, club, 2026) == [roster.students[("8А", "Кружкова Катя")]]
    [row] = list_clubs(uow, 2026)
    assert (row.members, row.orientation_label) == (1, "предпрофильная")
    assert list_clubs(uow, 2025)[0].members == 0


def test_import_csv_layout_with_other_wordings(uow, roster, tmp_path):
    text = ("Класс;ФИО выпускника;Куда поступил;Образовательная организация;В регионе;По профилю обучения;"
            "Предметы ГИА соответствуют профилю\n"
            "11А;Громов Глеб;вуз;МГУ;нет;да;да\n"
            "9А;Борисова Вера;колледж;;да;нет;\n")
    path = tmp_path / "выпуск.csv"
    path.write_bytes(text.encode("cp1251"))
    plan = import_graduates(uow, path, year=2024, backup=False)
    assert (plan.rows, plan.new) == (2, 2)
    got = {r.full_name: r for r in list_graduates(uow, 2024)}
    assert (got["Громов Глеб"].destination, got["Громов Глеб"].institution, got["Громов Глеб"].in_region) == \
        ("vo", "МГУ", False)
    assert (got["Борисова Вера"].destination, got["Борисова Вера"].exam_matches) == ("poo", None)
