"""A change made through one page shows on the others without a manual refresh: the unit of work reports
what it committed, the operation announces it, and every page that shows that kind of data reloads — at once
when on screen, when next shown otherwise (a hidden page is not recomputed)."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate

from app.services.indicators.overview import overview
from app.services.roadmap.draft import save_draft
from app.services.roadmap.templates import load_template
from app.services.uow import Change
from app.ui.context import AppContext
from app.ui.main_window import MainWindow
from tests.small_school import build_small_school


@pytest.fixture
def school(database):
    return build_small_school(database, year=2025)


@pytest.fixture
def window(qtbot, school, database, admin, qsettings):
    win = MainWindow(AppContext(database, admin), settings=qsettings)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_a_student_added_on_the_students_page_shows_on_the_overview(qtbot, window, school):
    from app.ui.students.student_dialog import StudentDialog

    dashboard = window.show_section("overview")
    before = dashboard.data
    students_in_bands = sum(n for _band, n in before.hours_bands)   # every 6–11 grader is in one band

    students = window.show_section("students").students
    listed = students.model.rowCount()
    dialog = StudentDialog(window.ctx, 2025, None, students, class_id=school.classes["6А"])
    qtbot.addWidget(dialog)
    dialog.last_name.setText("Новикова")
    dialog.first_name.setText("Вера")
    dialog.accept()

    assert students.model.rowCount() == listed + 1          # the page on screen reloaded at once
    assert dashboard.data is before and dashboard.refresher.stale   # the hidden overview was not recomputed
    window.show_section("overview")
    assert dashboard.data is not before and not dashboard.refresher.stale
    assert sum(n for _band, n in dashboard.data.hours_bands) == students_in_bands + 1
    assert dashboard.data == overview(window.ctx.uow(), set_code=dashboard.set_combo.set_code(), year=2025)


def test_an_event_added_on_the_events_page_shows_as_roadmap_evidence(qtbot, window, database, admin):
    from app.services.uow import UnitOfWork
    from app.ui.events.event_dialog import EventDialog

    save_draft(UnitOfWork(database, admin), load_template("school-kaliningrad-38"), make_current=True)
    roadmap = window.show_section("roadmap")
    roadmap.reload_roadmaps()   # the roadmap was made outside any window, as by another computer
    item = roadmap.roadmap.sections[0].items[0]
    assert roadmap.progress[item.id].events == []

    events = window.show_section("events").events
    dialog = EventDialog(window.ctx, events)
    qtbot.addWidget(dialog)
    dialog.title.setText("Экскурсия на завод «Янтарь»")
    dialog.starts_on.setDate(QDate(2025, 10, 15))
    dialog.roadmap.setCurrentIndex(dialog.roadmap.findData(item.id))
    dialog.accept()

    assert "Экскурсия на завод «Янтарь»" in [r.title for r in events.model.rows]
    assert roadmap.refresher.stale
    window.show_section("roadmap")
    assert [(e.title, e.starts_on) for e in roadmap.progress[item.id].events] == [
        ("Экскурсия на завод «Янтарь»", dt.date(2025, 10, 15))]


def test_one_operation_is_announced_once_with_what_it_committed(qtbot, window):
    from app.services.school.staff import StaffDetails, save_staff
    from app.ui.operations import run_quick

    heard = []
    window.ctx.changed.connect(heard.append)
    assert run_quick(window, lambda: save_staff(window.ctx.uow(), StaffDetails(last_name="Орлова")))
    assert heard == [frozenset({Change.STAFF, Change.AUDIT})]


def test_a_commit_outside_any_operation_is_still_announced(qtbot, window):
    from app.services.school.staff import StaffDetails, save_staff

    heard = []
    window.ctx.changed.connect(heard.append)
    save_staff(window.ctx.uow(), StaffDetails(last_name="Орлова"))
    assert heard == []    # not from inside the unit of work: once the event loop turns
    qtbot.waitUntil(lambda: heard == [frozenset({Change.STAFF, Change.AUDIT})], timeout=2000)
