"""The command line goes through the window's door (issue 16): with the window's lock held on a database,
every command that opens it waits briefly and refuses, naming who has it, and leaves the file as it was;
`demo --force` never replaces a school that is not the demonstration one; a command on a damaged file
says so in Russian."""
from __future__ import annotations

import hashlib
import threading
import time
from pathlib import Path

import pytest

from app.cli.main import run
from app.services.roadmap.parse import Paragraph, Table, TableRow
from app.services.storage import opening
from app.services.storage.instance_lock import InstanceLock
from tests.roadmap_docs import write_docx
from tests.roster_files import make_pupils, write_csv


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def school(tmp_path, capsys) -> Path:
    path = tmp_path / "school.db"
    assert run(["demo", "--db", str(path), "--students", "60"]) == 0
    capsys.readouterr()
    return path


def _files(folder: Path) -> dict[str, Path]:
    roster = write_csv(folder / "roster.csv", make_pupils(5, start_year=2025))
    plan = write_docx([Paragraph("Дорожная карта"), Table([
        TableRow(["№ п/п", "Наименование мероприятия", "Ответственный исполнитель", "Срок реализации",
                  "Ожидаемый результат"]),
        TableRow(["1", "Классный час", "Классные руководители", "Сентябрь", "Охват"])])], folder / "plan.docx")
    log = folder / "log.csv"
    log.write_text("ФИО;Класс;Мероприятие;Дата;Статус\nИванов Иван Иванович;7А;Экскурсия;01.10.2025;участвовал\n",
                   encoding="utf-8")
    graduates = folder / "graduates.csv"
    graduates.write_text("ФИО;Класс;Куда поступил\nИванов Иван Иванович;9А;ПОО\n", encoding="utf-8")
    return {"roster": roster, "plan": plan, "log": log, "graduates": graduates}


def _commands(db: Path, files: dict[str, Path], out: Path) -> list[list[str]]:
    d = ["--db", str(db)]
    return [
        ["demo", *d, "--students", "60", "--force"],
        ["import-students", str(files["roster"]), "--year", "2025/2026", *d],
        ["import-participation", str(files["log"]), *d],
        ["import-graduates", str(files["graduates"]), "--year", "2024/2025", *d],
        ["import-roadmap", str(files["plan"]), *d],
        ["restore", str(db), *d],
        ["user", "add", "mallory", "--role", "admin", *d],
        ["backup", "--out", str(out / "copy.db"), *d],
        ["info", *d],
        ["indicators", "--year", "2025/2026", "--set", "kaliningrad-school", *d],
        ["report", "--year", "2025/2026", "--set", "kaliningrad-school", "--out", str(out / "r.xlsx"), *d],
        ["export-roadmap", "--out", str(out / "plan.pdf"), *d],
    ]


def test_every_command_refuses_a_database_the_window_has_open(school, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(opening, "COMMAND_LOCK_WAIT_SECONDS", 0.3)
    files = _files(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("Пароль-мэллори-1\n" * 20))
    window = InstanceLock(school).acquire()   # what the window holds while it is open
    try:
        before = _digest(school)
        for argv in _commands(school, files, out):
            started = time.monotonic()
            assert run(argv) == 1, argv
            err = capsys.readouterr().err
            assert "уже открыта" in err and "на компьютере" in err and "Traceback" not in err, (argv, err)
            assert time.monotonic() - started >= 0.3, argv      # it waited before refusing
            assert _digest(school) == before, argv
        assert not list(out.iterdir())
    finally:
        window.release()
    assert run(["info", "--db", str(school)]) == 0              # once the window is closed, the command works


def test_a_command_waits_for_a_lock_released_meanwhile(school, monkeypatch, capsys):
    monkeypatch.setattr(opening, "COMMAND_LOCK_WAIT_SECONDS", 10)
    other = InstanceLock(school).acquire()   # another command finishing
    threading.Timer(0.5, other.release).start()
    assert run(["info", "--db", str(school)]) == 0
    assert "Учащихся в текущем году" in capsys.readouterr().out


def test_demo_force_never_replaces_a_real_school(tmp_path, capsys):
    path = tmp_path / "real.db"
    import sqlite3

    assert run(["demo", "--db", str(path), "--students", "60"]) == 0
    con = sqlite3.connect(path)
    con.execute("UPDATE school SET is_demo = 0")   # the school that someone really keeps
    con.commit()
    con.close()
    capsys.readouterr()
    before = _digest(path)
    assert run(["demo", "--db", str(path), "--students", "60", "--force"]) == 1
    err = capsys.readouterr().err
    assert "не демонстрационная" in err and "--force" in err
    assert _digest(path) == before and not list((tmp_path / "backups").glob("*before-demo*"))


def test_a_command_on_a_damaged_file_says_so(school, capsys):
    data = bytearray(school.read_bytes())
    page = 4096
    data[page * 2: page * 2 + 200] = b"\xff" * 200   # a damaged b-tree page
    school.write_bytes(bytes(data))
    for argv in (["info", "--db", str(school)], ["backup", "--out", str(school.parent / "c.db"), "--db", str(school)]):
        assert run(argv) == 1
        err = capsys.readouterr().err
        assert "повреждён" in err and "Внутренняя ошибка" not in err and "Traceback" not in err, err


@pytest.mark.parametrize("argv", [["info"], ["demo", "--students", "60"], ["backup", "--out", "x.db"],
                                  ["user", "add", "admin", "--role", "admin"]])
def test_a_database_on_a_network_share_is_refused_by_every_command(argv, capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("Пароль-админа-1\n"))
    assert run([*argv, "--db", "//school-server/share/school.db"]) == 1
    err = capsys.readouterr().err
    assert "сетевой" in err and "не открывает базу по сети" in err, err
