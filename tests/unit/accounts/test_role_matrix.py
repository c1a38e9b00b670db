"""Every service that reads or changes personal data, called with every role: allowed or refused.

The expected roles are written out here from issue 8's role descriptions, not derived from
ROLE_PERMISSIONS, so that a wrong line in the matrix fails a test.
"""
from __future__ import annotations

import datetime as dt

import pytest

from app.services.accounts import accounts
from app.services.accounts import audit
from app.services.accounts import consent
from app.services.consultations import consultations
from app.services.accounts import retention
from app.services.access import Actor, Role
from app.services.errors import PermissionDenied
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.school_people import add_consultation, build_school

ALL = set(Role)
A, C, P, D, T = Role.ADMIN, Role.COORDINATOR, Role.PSYCHOLOGIST, Role.DEPUTY, Role.CLASS_TEACHER
TODAY = dt.date(2026, 11, 24)


def _calls(tmp_path, people, cid):
    s = people.student_ids
    new = consultations.ConsultationInput(held_on=TODAY, student_ids=[s["Сидоров"]])
    with_note = consultations.ConsultationInput(held_on=TODAY, student_ids=[s["Сидоров"]], note="тревога")
    return {
        # consultations: the journal without notes is for psychologists, the administrator and the deputy
        "consultations.list": ({A, P, D}, lambda u: consultations.list_consultations(u, year=2026)),
        "consultations.follow_ups": ({A, P, D}, lambda u: consultations.upcoming_follow_ups(u, today=TODAY)),
        "consultations.get": ({A, P, D}, lambda u: consultations.get_consultation(u, cid)),
        "consultations.students": ({A, P, D}, lambda u: consultations.students_to_choose(u, year=2026)),
        "consultations.save": ({A, P}, lambda u: consultations.save_consultation(u, new)),
        "consultations.save_with_note": ({P}, lambda u: consultations.save_consultation(u, with_note)),
        "consultations.read_note": ({P}, lambda u: consultations.read_note(u, cid)),
        "consultations.delete": ({A, P}, lambda u: consultations.delete_consultation(u, cid)),
        # consent: the coordinator chases it, the administrator manages everything
        "consent.register": ({A, C}, lambda u: consent.consent_register(u, year=2026)),
        "consent.mark": ({A, C}, lambda u: consent.mark_received(u, [s["Иванов"]], received_on=TODAY)),
        "consent.export": ({A, C, D}, lambda u: consent.export_register_xlsx(u, tmp_path / "c.xlsx", year=2026)),
        # accounts and the audit log: the administrator alone
        "accounts.list": ({A}, accounts.list_users),
        "accounts.create": ({A}, lambda u: accounts.create_user(u, login="new.user", password="Длинный-пароль-1",
                                                                role=Role.DEPUTY)),
        "audit.list": ({A}, audit.list_audit),
        "audit.export": ({A}, lambda u: audit.export_audit_xlsx(u, tmp_path / "a.xlsx")),
        # retention
        "retention.candidates": ({A}, lambda u: retention.retention_candidates(u, today=TODAY)),
        "retention.anonymise": ({A}, lambda u: retention.anonymise_left_students(u, today=TODAY)),
        "retention.setting": ({A}, lambda u: retention.set_retention_years(u, 5)),
    }


SERVICE_NAMES = list(_calls(None, type("P", (), {"student_ids": {"Сидоров": 0, "Иванов": 0}})(), 0))


@pytest.mark.parametrize("role", list(Role), ids=lambda r: r.value)
@pytest.mark.parametrize("name", SERVICE_NAMES)
def test_every_role_against_every_personal_data_service(database, tmp_path, role, name):
    people = build_school(database)
    cid = add_consultation(database, people, ["Иванов"], held_on=dt.date(2026, 10, 1), note="секрет")
    allowed, call = _calls(tmp_path, people, cid)[name]
    uow = UnitOfWork(database, make_actor(role))
    if role in allowed:
        call(uow)
    else:
        with pytest.raises(PermissionDenied) as info:
            call(uow)
        assert "Недостаточно прав" in str(info.value)


@pytest.mark.parametrize("name", ["consultations.read_note", "consultations.save_with_note"])
def test_an_administrator_reads_notes_only_when_granted(database, tmp_path, name):
    people = build_school(database)
    cid = add_consultation(database, people, ["Иванов"], held_on=dt.date(2026, 10, 1), note="секрет")
    _allowed, call = _calls(tmp_path, people, cid)[name]
    with pytest.raises(PermissionDenied):
        call(UnitOfWork(database, make_actor(Role.ADMIN)))
    call(UnitOfWork(database, make_actor(Role.ADMIN, can_read_notes=True)))


def test_only_an_administrator_can_be_granted_notes():
    for role in set(Role) - {Role.PSYCHOLOGIST}:
        actor = Actor(login="x", role=role, can_read_notes=True)
        from app.services.access import Permission
        assert actor.has(Permission.READ_CONSULTATION_NOTES) is (role is Role.ADMIN)


def test_health_flags_only_for_roles_that_need_them():
    from app.services.access import Permission
    seeing = {r for r in Role if make_actor(r).has(Permission.VIEW_HEALTH)}
    assert seeing == {A, C, P, D}
