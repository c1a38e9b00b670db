"""Roster import marks the parents' paper consent (issue 8): the «Согласие» column, idempotence, bad
values, rights, and the command line."""
from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from app.cli.main import run as cli
from app.models import AuditEntry, Consent, Student
from app.services import access
from app.services.access import Permission, Role
from app.services.accounts.consent import mark_received
from app.services.errors import ImportRejected, PermissionDenied
from app.services.students.roster_import import import_roster, preview_roster
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.roster_files import make_pupils, write_xlsx


@pytest.fixture
def db_path(engine_target):
    """Every test here runs on SQLite and on PostgreSQL: `--db` and `database` get a file or a server URL."""
    return engine_target

VALUES = ["да", "+", "01.09.2024", dt.date(2024, 9, 2), "нет", "", "-"]


def consents(uow) -> dict[str, list[tuple[dt.date, str]]]:
    with uow:
        rows = uow.session.execute(select(Student.external_id, Consent.received_on, Consent.scope)
                                   .join(Consent, Consent.student_id == Student.id)).all()
    result: dict[str, list] = {}
    for external_id, received_on, scope in rows:
        result.setdefault(external_id, []).append((received_on, scope))
    return result


@pytest.mark.parametrize("wording", ["Согласие", "Согласие на обработку ПДн", "Согласие получено",
                                     "Согласие родителей"])
def test_consent_column_records_consents_once(uow, tmp_path, wording):
    pupils = make_pupils(len(VALUES))
    path = write_xlsx(tmp_path / "roster.xlsx", pupils, extra_column=wording, extra_values=VALUES)
    preview = preview_roster(uow, path, start_year=2024)
    assert preview.consents == 4 and not preview.problems and preview.unknown_columns == []
    summary = import_roster(uow, path, start_year=2024)
    assert summary.consents == 4 and "Отмечено согласий на обработку персональных данных: 4" in summary.describe()
    today = dt.date.today()
    assert consents(uow) == {
        pupils[0].external_id: [(today, "personal_and_health")],
        pupils[1].external_id: [(today, "personal_and_health")],
        pupils[2].external_id: [(dt.date(2024, 9, 1), "personal_and_health")],
        pupils[3].external_id: [(dt.date(2024, 9, 2), "personal_and_health")],
    }
    # The same file again: nothing new to record, nothing duplicated.
    assert preview_roster(uow, path, start_year=2024).consents == 0
    again = import_roster(uow, path, start_year=2024)
    assert again.consents == 0 and (again.added, again.updated) == (0, 0)
    assert sum(len(v) for v in consents(uow).values()) == 4
    with uow:
        details = uow.session.scalars(select(AuditEntry.details).where(AuditEntry.action == "consent.received")).all()
    assert details == ["загрузка списка «roster.xlsx»: отмечено согласий: 4"]


def test_consent_already_on_record_is_not_duplicated(uow, tmp_path):
    pupils = make_pupils(3)
    import_roster(uow, write_xlsx(tmp_path / "plain.xlsx", pupils), start_year=2024)
    with uow:
        first_id = uow.session.scalar(select(Student.id).where(Student.external_id == pupils[0].external_id))
    mark_received(uow, [first_id], received_on=dt.date(2024, 9, 1))
    path = write_xlsx(tmp_path / "with_consent.xlsx", pupils, extra_column="Согласие", extra_values=["да"] * 3)
    assert preview_roster(uow, path, start_year=2024).consents == 2
    summary = import_roster(uow, path, start_year=2024)
    assert summary.consents == 2 and summary.unchanged == 3
    recorded = consents(uow)
    assert recorded[pupils[0].external_id] == [(dt.date(2024, 9, 1), "personal_and_health")]
    assert len(recorded) == 3


@pytest.mark.parametrize("value,message", [("может быть", "ожидается «да», «нет» или дата"),
                                           ("31.02.2024", "такой даты не существует"),
                                           ("01.01.2099", "позже сегодняшнего дня")])
def test_bad_consent_value_is_a_problem_and_nothing_is_written(uow, tmp_path, value, message):
    pupils = make_pupils(3)
    path = write_xlsx(tmp_path / "bad.xlsx", pupils, extra_column="Согласие родителей",
                      extra_values=["да", value, "нет"])
    preview = preview_roster(uow, path, start_year=2024)
    [problem] = preview.problems
    assert (problem.row, problem.column, problem.value) == (5, "Согласие", value)
    assert message in problem.message
    with pytest.raises(ImportRejected):
        import_roster(uow, path, start_year=2024)
    with uow:
        assert uow.session.scalar(select(func.count()).select_from(Consent)) == 0


def test_user_who_may_not_mark_consents_is_refused_a_file_with_the_column(database, tmp_path, monkeypatch):
    # No built-in role edits the roster without EDIT_CONSENT today; the rule must hold if one ever does.
    monkeypatch.setitem(access.ROLE_PERMISSIONS, Role.COORDINATOR,
                        access.ROLE_PERMISSIONS[Role.COORDINATOR] - {Permission.EDIT_CONSENT})
    uow = UnitOfWork(database, make_actor(Role.COORDINATOR))
    pupils = make_pupils(3)
    path = write_xlsx(tmp_path / "roster.xlsx", pupils, extra_column="Согласие", extra_values=["да"] * 3)
    for attempt in (lambda: preview_roster(uow, path, start_year=2024),
                    lambda: import_roster(uow, path, start_year=2024)):
        with pytest.raises(PermissionDenied, match="столбец «Согласие»"):
            attempt()
    with uow:
        assert uow.session.scalar(select(func.count()).select_from(Student)) == 0
    # Without the column the same user imports as before.
    assert import_roster(uow, write_xlsx(tmp_path / "plain.xlsx", pupils), start_year=2024).added == 3


def test_cli_marks_consents_and_reports_bad_values(db_path, tmp_path, capsys):
    pupils = make_pupils(4)
    path = write_xlsx(tmp_path / "roster.xlsx", pupils, extra_column="Согласие на обработку ПДн",
                      extra_values=["да", "15.09.2024", "", "+"])
    assert cli(["import-students", str(path), "--year", "2024/2025", "--db", str(db_path)]) == 0
    assert "Отмечено согласий на обработку персональных данных: 3" in capsys.readouterr().out
    assert cli(["import-students", str(path), "--year", "2024/2025", "--db", str(db_path)]) == 0
    assert "Отмечено согласий" not in capsys.readouterr().out
    bad = write_xlsx(tmp_path / "bad.xlsx", pupils, extra_column="Согласие", extra_values=["да", "?", "", ""])
    assert cli(["import-students", str(bad), "--year", "2024/2025", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert "строка 5" in err and "«Согласие»" in err and "«?»" in err and "Traceback" not in err
