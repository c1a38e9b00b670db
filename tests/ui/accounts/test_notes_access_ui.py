"""«Записи консультаций» in the settings: after an administrator set a new password the psychologist takes the
notes key back with the recovery key, then gives it to a colleague who types their own password.
(Cyrillic goes in with setText: QTest cannot key it in.)"""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from app.services.access import Role
from app.services.accounts import accounts
from app.services.consultations import consultations
from app.services.errors import PermissionDenied
from app.services.uow import UnitOfWork
from app.ui.accounts.notes_access_tab import NotesAccessTab
from app.ui.context import AppContext
from tests.school_people import build_school, fast_hashing  # noqa: F401 - fixture

pytestmark = pytest.mark.usefixtures("fast_hashing")


def test_recover_then_grant(qtbot, database):
    people = build_school(database)
    admin = accounts.create_first_administrator(database, login="admin", password="Пароль-админа-1")
    shown: list[str] = []
    psy_id = accounts.create_user(UnitOfWork(database, admin), login="psy", password="Пароль-психолога",
                                  role=Role.PSYCHOLOGIST, show_recovery_key=shown.append)
    accounts.create_user(UnitOfWork(database, admin), login="psy2", password="Пароль-второго-1",
                         role=Role.PSYCHOLOGIST)
    psy = accounts.login(database, "psy", "Пароль-психолога")
    cid = consultations.save_consultation(UnitOfWork(database, psy), consultations.ConsultationInput(
        held_on=dt.date(2026, 10, 1), kind="individual", requested_by="student",
        student_ids=[people.student_ids["Иванов"]], note="Секретно"))
    accounts.set_password(UnitOfWork(database, admin), psy_id, "Пароль-от-админа")

    ctx = AppContext(database, accounts.login(database, "psy", "Пароль-от-админа"))
    tab = NotesAccessTab(ctx)
    qtbot.addWidget(tab)
    assert "нет ключа" in tab.state.text() and not tab.grant_button.isEnabled()
    tab.recover_password.setText("Пароль-от-админа")
    tab.recovery_key.setText("неверный-ключ")
    qtbot.mouseClick(tab.recover_button, Qt.MouseButton.LeftButton)
    assert "не подходит" in tab.status.text() and ctx.actor.notes_key is None
    tab.recover_password.setText("Пароль-от-админа")
    tab.recovery_key.setText(shown[0])
    qtbot.mouseClick(tab.recover_button, Qt.MouseButton.LeftButton)
    assert "восстановлен" in tab.status.text() and tab.grant_button.isEnabled()
    assert consultations.read_note(ctx.uow(), cid) == "Секретно"

    newcomer = accounts.login(database, "psy2", "Пароль-второго-1")
    with pytest.raises(PermissionDenied):
        consultations.read_note(UnitOfWork(database, newcomer), cid)
    tab.colleague.setText("psy2")
    tab.colleague_password.setText("Пароль-второго-1")
    qtbot.mouseClick(tab.grant_button, Qt.MouseButton.LeftButton)
    assert "получил доступ" in tab.status.text()
    newcomer = accounts.login(database, "psy2", "Пароль-второго-1")
    assert consultations.read_note(UnitOfWork(database, newcomer), cid) == "Секретно"


def test_an_administrator_is_told_no_key_is_given(qtbot, database):
    admin = accounts.create_first_administrator(database, login="admin", password="Пароль-админа-1")
    tab = NotesAccessTab(AppContext(database, admin))
    qtbot.addWidget(tab)
    assert "не выдаётся" in tab.state.text()
