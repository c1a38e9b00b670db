"""The school's database on a PostgreSQL server: init, copy-db both ways, backups that restore onto a
fresh server, the append-only audit log, Russian search with ё = е, `check`, a lost connection."""
from __future__ import annotations

import datetime as dt

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.cli.main import run
from app.models import AuditEntry, School, Student
from app.services.access import system_actor
from app.services.errors import UserError
from app.services.events.partners import PartnerData, save_partner
from app.services.indicators import compute_set
from app.services.storage.connection import ConnectionLost
from app.services.storage.migrations import open_database
from app.services.storage.server import backup_server, grant_program_role, restore_server, server_check
from app.services.storage.transfer import copy_database
from app.services.text import fold
from app.services.uow import UnitOfWork
from tests.indicator_school import YEAR, build_school

NAMES = ["Ёлкин", "ЁЖИКОВ", "Щербаков-Ёрш", "Émile Zola", "ÓLAFUR", "Iван", "Семёнова", "ежова"]


def indicator_numbers(target) -> dict:
    database = open_database(target)
    try:
        result = compute_set(UnitOfWork(database, system_actor("тест")), set_code="targets-shares", year=YEAR)
        return {i.code: (i.value, i.numerator, i.denominator) for i in result.indicators}
    finally:
        database.dispose()


def psql(url: str, sql: str, *, user: str | None = None, password: str | None = None):
    u = make_url(url)
    with psycopg.connect(host=u.host, port=u.port, dbname=u.database, user=user or u.username,
                         password=password, autocommit=True) as conn:
        return conn.execute(sql).fetchall() if sql.lstrip().upper().startswith("SELECT") else conn.execute(sql)


# --- init --------------------------------------------------------------------------------------------------

@pytest.fixture(params=["sqlite", "postgresql"])
def new_target(request, tmp_path) -> str:
    return str(tmp_path / "new.db") if request.param == "sqlite" else request.getfixturevalue("empty_pg_url")


def test_init_makes_an_empty_school_and_refuses_a_second(new_target, capsys):
    assert run(["init", "--db", new_target, "--school", "МАОУ «СОШ № 38»"]) == 0
    database = open_database(new_target)
    try:
        with database.session() as s:
            assert [x.full_name for x in s.query(School)] == ["МАОУ «СОШ № 38»"]
            assert s.query(Student).count() == 0
    finally:
        database.dispose()
    capsys.readouterr()
    assert run(["init", "--db", new_target, "--school", "Другая школа"]) == 1
    assert "уже есть школа" in capsys.readouterr().err


def test_init_needs_exactly_one_kind(tmp_path, capsys):
    with pytest.raises(SystemExit):
        run(["init", "--db", str(tmp_path / "x.db")])
    assert "--school" in capsys.readouterr().err


def test_a_password_is_never_shown(empty_pg_url, capsys):
    u = make_url(empty_pg_url)
    wrong = u.set(password="Секрет-123", port=1).render_as_string(hide_password=False)
    assert run(["info", "--db", wrong]) == 1
    err = capsys.readouterr().err
    assert "Не удалось подключиться" in err and "Секрет-123" not in err
    # What a failed command writes into the program's log.
    from app.cli.main import _without_passwords
    assert "Секрет-123" not in " ".join(_without_passwords(["info", "--db", wrong]))


# --- copy-db -----------------------------------------------------------------------------------------------

def test_copy_db_both_ways_keeps_every_row_and_number(db_path, empty_pg_url, tmp_path, capsys):
    database = open_database(db_path)
    build_school(database)
    database.dispose()
    expected = indicator_numbers(db_path)
    assert run(["copy-db", "--from", str(db_path), "--to", empty_pg_url]) == 0
    assert "совпало" in capsys.readouterr().out
    assert indicator_numbers(empty_pg_url) == expected
    # The server's counters go on after the copied ids: a new row gets a new id.
    server = open_database(empty_pg_url)
    try:
        with server.session() as s:
            s.add(Student(last_name="Новый", first_name="Ученик"))
            s.commit()
    finally:
        server.dispose()
    back = tmp_path / "back.db"
    result = copy_database(empty_pg_url, back)
    assert result.rows["student"] == 11 and result.rows["audit_log"] >= 0
    numbers = indicator_numbers(back)
    assert numbers == expected


def test_copy_db_refuses_a_target_with_data_and_leaves_it(db_path, pg_url):
    database = open_database(pg_url)
    build_school(database)
    database.dispose()
    before = psql(pg_url, "SELECT count(*) FROM student")
    with pytest.raises(UserError, match="уже есть данные"):
        copy_database(db_path, pg_url)
    assert psql(pg_url, "SELECT count(*) FROM student") == before


# --- backups -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("tools", ["pg_dump", "none"])
def test_server_backup_restores_onto_a_fresh_server_database(pg_url, pg_databases, tmp_path, tools, monkeypatch):
    if tools == "none":   # a computer without PostgreSQL's client programs: a SQLite copy instead
        monkeypatch.setenv("PATH", str(tmp_path))
        monkeypatch.delenv("PROFTRACK_PG_BIN", raising=False)
    database = open_database(pg_url)
    build_school(database)
    expected = indicator_numbers(pg_url)
    try:
        backup = backup_server(database, tmp_path / "school.backup")
    finally:
        database.dispose()
    assert backup.kind == ("pg_dump" if tools == "pg_dump" else "sqlite")
    assert b"PGDMP" == backup.path.read_bytes()[:5] if tools == "pg_dump" else backup.path.read_bytes()[:6] == b"SQLite"
    monkeypatch.undo()
    fresh = pg_databases.url(pg_databases.create())
    try:
        restore_server(fresh, backup.path)
        assert indicator_numbers(fresh) == expected
        restored = open_database(fresh)
        try:
            assert server_check(restored) == []
        finally:
            restored.dispose()
        with pytest.raises(UserError, match="уже есть данные"):
            restore_server(fresh, backup.path)
    finally:
        pg_databases.drop(make_url(fresh).database)


def test_backup_and_restore_commands_on_a_server(pg_url, empty_pg_url, tmp_path, capsys):
    database = open_database(pg_url)
    build_school(database)
    database.dispose()
    assert run(["backup", "--db", pg_url, "--out", str(tmp_path)]) == 0
    copy = next(tmp_path.glob("proftrack_*.backup"))
    psql(pg_url, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'proftrack_app') "
                 "THEN CREATE ROLE proftrack_app LOGIN PASSWORD 'app-secret'; END IF; END $$")
    assert run(["restore", str(copy), "--db", empty_pg_url, "--program-role", "proftrack_app"]) == 0
    with pytest.raises(psycopg.errors.InsufficientPrivilege):
        psql(empty_pg_url, "DELETE FROM audit_log", user="proftrack_app", password="app-secret")
    assert psql(empty_pg_url, "SELECT count(*) FROM student", user="proftrack_app", password="app-secret")[0][0] > 0
    assert psql(empty_pg_url, "SELECT count(*) FROM student") == psql(pg_url, "SELECT count(*) FROM student")


# --- what SQLite gave for free ---------------------------------------------------------------------------

def test_audit_log_is_append_only_for_the_owner_and_the_program_role(pg_url):
    psql(pg_url, "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'proftrack_app') "
                 "THEN CREATE ROLE proftrack_app LOGIN PASSWORD 'app-secret'; END IF; END $$")
    assert run(["init", "--db", pg_url, "--school", "Школа", "--program-role", "proftrack_app"]) == 0
    database = open_database(pg_url)
    try:
        with pytest.raises(UserError, match="нет роли"):
            grant_program_role(database, "nobody_here")
        with UnitOfWork(database, system_actor("тест")) as uow:
            uow.audit("test.entry", details="первая запись")
            uow.commit()
    finally:
        database.dispose()
    # The owner (here a superuser) is stopped by the trigger.
    for statement in ("UPDATE audit_log SET details = 'подделка'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
        with pytest.raises(psycopg.Error, match="Журнал аудита нельзя изменять"):
            psql(pg_url, statement)
    # The program's role by its privileges, and it still adds entries and works with the data.
    app_url = make_url(pg_url).set(username="proftrack_app", password="app-secret")
    for statement in ("UPDATE audit_log SET details = 'подделка'", "DELETE FROM audit_log", "TRUNCATE audit_log"):
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            psql(pg_url, statement, user="proftrack_app", password="app-secret")
    program = open_database(app_url.render_as_string(hide_password=False))
    try:
        with UnitOfWork(program, system_actor("тест")) as uow:
            uow.session.add(Student(last_name="Ёлкина", first_name="Ольга"))
            uow.audit("test.entry", details="вторая запись")
            uow.commit()
    finally:
        program.dispose()
    assert [r[0] for r in psql(pg_url, "SELECT action FROM audit_log ORDER BY id")] == [
        "school.init", "test.entry", "test.entry"]
    assert psql(pg_url, "SELECT details FROM audit_log ORDER BY id")[1][0] == "первая запись"


def test_search_folds_like_sqlite(engine_database):
    """The same names fold the same in SQL on both engines and in Python: ё = е, any case."""
    with engine_database.engine.connect() as conn:
        folded = [conn.execute(text("SELECT ru_fold(:v)"), {"v": name}).scalar() for name in NAMES]
    assert folded == [fold(n) for n in NAMES]


def test_partner_names_clash_whatever_the_case_and_yo(engine_database):
    uow = UnitOfWork(engine_database, system_actor("тест"))
    save_partner(uow, PartnerData(name="Колледж «Ёлочка»", type="poo"))
    with pytest.raises(UserError, match="уже есть"):
        save_partner(uow, PartnerData(name="КОЛЛЕДЖ «ЕЛОЧКА»", type="poo"))


def test_check_command_on_a_server(pg_url, capsys):
    assert run(["check", "--db", pg_url]) == 0
    assert "в порядке" in capsys.readouterr().out
    psql(pg_url, "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change")
    assert run(["check", "--db", pg_url]) == 1
    assert "журнала аудита" in capsys.readouterr().err


# --- a lost connection -------------------------------------------------------------------------------------

def test_a_lost_connection_rolls_back_says_so_and_the_next_action_reconnects(pg_url):
    database = open_database(pg_url)
    try:
        uow = UnitOfWork(database, system_actor("тест"))
        with pytest.raises(ConnectionLost, match="Нет связи с сервером базы данных"):
            with uow:
                uow.session.add(Student(last_name="Потерянный", first_name="Ученик"))
                uow.session.flush()
                pid = uow.session.execute(text("SELECT pg_backend_pid()")).scalar()
                psql(pg_url, f"SELECT pg_terminate_backend({pid})")
                uow.session.execute(text("SELECT 1"))
                uow.commit()
        with UnitOfWork(database, system_actor("тест")) as again:     # reconnects by itself
            assert again.session.query(Student).filter_by(last_name="Потерянный").count() == 0
            again.session.add(Student(last_name="Новый", first_name="Ученик", birth_date=dt.date(2012, 1, 1)))
            again.commit()
        with database.session() as s:
            assert s.query(Student).filter_by(last_name="Новый").count() == 1
            assert s.query(AuditEntry).count() == 0
    finally:
        database.dispose()


def test_a_deadlock_is_told_as_a_conflict_and_nothing_is_written(pg_url):
    import threading

    from app.services.storage.connection import ServerConflict

    database = open_database(pg_url)
    try:
        with database.session() as s:
            s.add_all([Student(id=1, last_name="Первый", first_name="А"), Student(id=2, last_name="Второй", first_name="Б")])
            s.commit()
        u = make_url(pg_url)
        other = psycopg.connect(host=u.host, port=u.port, dbname=u.database, user=u.username)
        # The other user waits long before looking for a deadlock: this action finds it and is the one cancelled.
        other.execute("SET deadlock_timeout = '20s'")
        other.execute("UPDATE student SET first_name = 'другой' WHERE id = 2")
        uow = UnitOfWork(database, system_actor("тест"))
        later = threading.Timer(0.5, lambda: other.execute("UPDATE student SET first_name = 'другой' WHERE id = 1"))
        with pytest.raises(ServerConflict, match="другой пользователь в тот же момент"):
            with uow:
                uow.session.execute(text("UPDATE student SET first_name = 'мой' WHERE id = 1"))
                later.start()
                uow.session.execute(text("UPDATE student SET first_name = 'мой' WHERE id = 2"))
                uow.commit()
        later.join()
        other.commit()
        other.close()
        with database.session() as s:
            assert {x.first_name for x in s.query(Student)} == {"другой"}
    finally:
        database.dispose()
