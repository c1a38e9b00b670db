"""`main.py setting`: the typed settings from the command line — listed, read, changed within their bounds."""
from __future__ import annotations

from app.cli.main import run
from app.services import settings
from app.services.access import system_actor
from app.services.uow import UnitOfWork


def test_settings_are_listed_read_and_changed(db_path, database, capsys):
    assert run(["setting", "--db", str(db_path)]) == 0
    listed = capsys.readouterr().out
    assert "participation_max_rows = 1000000" in listed and "class_sheet_secret" not in listed
    assert run(["setting", "participation_max_rows", "2 000 000", "--db", str(db_path)]) == 0
    assert "2000000" in capsys.readouterr().out
    assert settings.read(UnitOfWork(database, system_actor()), settings.PARTICIPATION_MAX_ROWS) == 2_000_000


def test_a_value_out_of_bounds_or_an_unknown_name_is_refused(db_path, database, capsys):
    assert run(["setting", "participation_max_rows", "5", "--db", str(db_path)]) == 1
    assert "от 1000 до 10000000" in capsys.readouterr().err
    assert run(["setting", "class_sheet_secret", "x", "--db", str(db_path)]) == 1
    assert "Настройки «class_sheet_secret» нет" in capsys.readouterr().err
    assert settings.read(UnitOfWork(database, system_actor()), settings.PARTICIPATION_MAX_ROWS) == 1_000_000
