"""The command line: Russian help, clean errors with exit code 1, no traceback ever."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli.main import run

ROOT = Path(__file__).resolve().parents[2]


def test_help_is_russian(capsys):
    with pytest.raises(SystemExit) as exit_info:
        run(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert "Использование:" in out and "команды" in out and "info" in out


def test_unknown_option_is_a_clean_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        run(["info", "--nonsense"])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert "ошибка" in err and "неизвестные аргументы" in err


def test_missing_database(capsys, tmp_path):
    assert run(["info", "--db", str(tmp_path / "nope.db")]) == 1
    assert "не найден" in capsys.readouterr().err


def test_garbage_database(capsys, tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"\x00garbage" * 500)
    assert run(["info", "--db", str(bad)]) == 1
    err = capsys.readouterr().err
    assert "повреждён" in err and "Traceback" not in err


def test_info_json_on_an_empty_school(capsys, db_path):
    assert run(["info", "--db", str(db_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("students", "classes", "events", "participations", "consultations", "roadmap_items", "graduates"):
        assert data[key] == 0


def test_main_py_runs_as_a_process(db_path):
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "info", "--db", str(db_path)],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Учащихся в текущем году" in done.stdout
