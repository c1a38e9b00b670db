"""«Обзор» counts once per show: not in its constructor, not for changes made while it is hidden — and again
when shown after such a change, or at once when a change is announced while it is on screen."""
from __future__ import annotations

import pytest

from app.services.indicators import overview as overview_module
from app.services.uow import Change
from tests.indicator_school import YEAR, build_school


@pytest.fixture
def counted(monkeypatch):
    calls: list[int] = []
    real = overview_module.overview

    def counting(uow, **kwargs):
        calls.append(kwargs["year"])
        return real(uow, **kwargs)

    monkeypatch.setattr("app.ui.dashboard.page.overview", counting)
    return calls


def test_counted_once_per_show_and_after_changes_only(qtbot, database, app_context, counted):
    build_school(database)
    app_context.set_year(YEAR)
    from app.ui.dashboard.page import DashboardPage
    page = DashboardPage(app_context)
    qtbot.addWidget(page)
    assert counted == []
    page.show()
    assert counted == [YEAR] and page.data is not None
    page.hide()
    app_context.changed.emit(frozenset({Change.EVENTS}))
    app_context.changed.emit(frozenset({Change.STUDENTS}))
    assert counted == [YEAR]
    page.show()
    assert counted == [YEAR, YEAR]
    app_context.changed.emit(frozenset({Change.EVENTS}))  # visible: counted again at once
    assert counted == [YEAR, YEAR, YEAR]
