"""`--db` names the school's file before the command or after it, for every command; two different files
are refused before anything runs."""
from __future__ import annotations

import json
import shutil

import pytest

from app.cli.commands import command_modules
from app.cli.main import build_parser, parse_arguments, run
from app.paths import default_database
from tests.roster_files import make_pupils, write_csv


@pytest.fixture
def roster(tmp_path):
    return write_csv(tmp_path / "список.csv", make_pupils(6))


def _students_in(path, capsys) -> int:
    assert run(["info", "--db", str(path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)["students"]


@pytest.mark.parametrize("before", [True, False], ids=["before-command", "after-command"])
def test_import_writes_into_the_named_file_wherever_the_option_stands(before, roster, db_path, capsys):
    default = default_database()
    existed = default.exists()
    db = ["--db", str(db_path)]
    command = ["import-students", str(roster), "--year", "2024/2025"]
    assert run(db + command if before else command + db) == 0
    capsys.readouterr()
    assert _students_in(db_path, capsys) == 6
    assert default.exists() == existed  # the default school was neither created nor touched


def test_info_before_the_command_reads_the_named_file(db_path, tmp_path, capsys, roster):
    other = tmp_path / "другая.db"
    shutil.copyfile(db_path, other)
    assert run(["import-students", str(roster), "--year", "2024/2025", "--db", str(other)]) == 0
    capsys.readouterr()
    assert run(["--db", str(other), "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["students"] == 6
    assert run(["--db", str(db_path), "info", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["students"] == 0


def test_two_different_files_are_refused(db_path, tmp_path, roster, capsys):
    other = tmp_path / "другая.db"
    shutil.copyfile(db_path, other)
    with pytest.raises(SystemExit) as exit_info:
        run(["--db", str(other), "import-students", str(roster), "--year", "2024/2025", "--db", str(db_path)])
    assert exit_info.value.code == 1
    assert "--db указан дважды" in capsys.readouterr().err
    assert _students_in(db_path, capsys) == 0 and _students_in(other, capsys) == 0


def test_every_command_takes_the_option_in_either_place(tmp_path):
    parser = build_parser()
    path = tmp_path / "школа.db"
    names = []
    for action in parser._subparsers._group_actions:  # the command names as the parser knows them
        names += list(action.choices)
    assert {"info", "import-students", "backup", "check", "restore", "demo"} <= set(names)
    for name in names:
        sub = parser._subparsers._group_actions[0].choices[name]
        if sub._subparsers is not None:  # a group such as `user add`
            continue
        required = [a for a in sub._actions if a.required or (not a.option_strings and a.nargs != "?")]
        filler = []
        for a in required:
            if a.option_strings:
                filler += [a.option_strings[0], "2024/2025" if "year" in a.dest else "x"]
            elif a.dest != "help":
                filler.append("x")
        for group in sub._mutually_exclusive_groups:   # e.g. `init --school … | --municipality …`
            if group.required:
                filler += [group._group_actions[0].option_strings[0], "x"]
        if "--db" not in sub._option_string_actions:
            continue
        assert parse_arguments(["--db", str(path), name, *filler]).db == path, name
        assert parse_arguments([name, *filler, "--db", str(path)]).db == path, name
    assert len(command_modules()) >= 10
    assert parse_arguments(["--db", str(path), "user", "check", "завуч"]).db == path
    assert parse_arguments(["user", "check", "завуч", "--db", str(path)]).db == path
