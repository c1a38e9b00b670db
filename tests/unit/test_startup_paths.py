"""What keeps the program's start light: the windows start without loading the command modules, and a
database already at the head revision is opened without loading Alembic."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app.cli.main import _names_a_command, parse_arguments, window_arguments
from app.services.storage.migrations import _file_head_revision, _is_at_head, head_revision, open_database

ROOT = Path(__file__).resolve().parents[2]


def test_only_a_command_or_help_loads_the_commands():
    assert not _names_a_command([])
    assert not _names_a_command(["--db", "school.db"])
    assert not _names_a_command(["--demo"])
    assert _names_a_command(["info", "--db", "x.db"])
    assert _names_a_command(["--db", "x.db", "info"])
    assert _names_a_command(["--help"])
    assert _names_a_command(["nonsense"])


def test_the_windows_arguments_are_read_as_the_parser_reads_them():
    url = "postgresql+psycopg://proftrack@server:5432/proftrack"
    for argv in ([], ["--demo"], ["--db", "school.db"], ["--db", "папка с пробелом/школа.db", "--demo"],
                 ["--demo", "--db", url], ["--db", ""]):
        fast = window_arguments(argv)
        assert fast is not None, argv
        assert vars(fast) == vars(parse_arguments(argv)), argv
    assert isinstance(window_arguments(["--db", url]).db, str)


def test_anything_but_the_plain_window_options_goes_to_the_parser():
    for argv in (["info"], ["--db", "x.db", "info"], ["--help"], ["-h"], ["--db"], ["--db", "--demo"],
                 ["--db=x.db"], ["--dem"], ["--demo", "--demo"], ["--db", "a.db", "--db", "b.db"], ["--db", "-1"],
                 ["--verbose"]):
        assert window_arguments(argv) is None, argv


def test_the_head_read_from_the_files_is_alembics_head():
    assert _file_head_revision() == head_revision()


def test_a_database_at_head_opens_without_alembic(tmp_path):
    path = tmp_path / "school.db"
    open_database(path).dispose()
    database = open_database(path)
    try:
        assert _is_at_head(database)
    finally:
        database.dispose()
    probe = ("import sys; from app.services.storage.migrations import open_database; "
             f"open_database({str(path)!r}).dispose(); print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr


def test_an_empty_file_is_not_at_head(tmp_path):
    from app.services.storage.database import Database

    database = Database.open(tmp_path / "new.db")
    try:
        assert not _is_at_head(database)
    finally:
        database.dispose()
