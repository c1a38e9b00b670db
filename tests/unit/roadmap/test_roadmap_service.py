from __future__ import annotations

import datetime as dt

import pytest

from app.models import AuditEntry, Event, Participation, Student
from app.services.access import Role
from app.services.errors import PermissionDenied, UserError
from app.services.roadmap.operations import (ItemFields, RoadmapFields, add_item, add_section, copy_roadmap,
                                  current_roadmap_id, delete_item, delete_section, get_roadmap, list_roadmaps,
                                  move_item, move_item_to, move_section, new_roadmap, restore_item,
                                  set_item_status, update_item, update_roadmap, year_progress)
from app.services.roadmap.draft import save_draft
from app.services.roadmap.templates import load_template
from app.services.uow import UnitOfWork
from tests.conftest import make_actor


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database


@pytest.fixture
def school_id(uow):
    return save_draft(uow, load_template("school-kaliningrad-38"), make_current=True)


def numbers(uow, rid):
    return [i.number for i in get_roadmap(uow, rid).all_items()]


def test_list_and_get(uow, school_id):
    [summary] = list_roadmaps(uow)
    assert (summary.id, summary.period, summary.items, summary.is_current) == (school_id, "2022–2024", 30, True)
    assert current_roadmap_id(uow) == school_id
    view = get_roadmap(uow, school_id)
    assert view.sections[0].heading == "1. Сопровождение профессионального самоопределения обучающихся"
    assert len(view.indicators) == 15


def test_add_move_delete_keep_numbering(uow, school_id):
    view = get_roadmap(uow, school_id)
    first_section = view.sections[0]
    new_id = add_item(uow, first_section.id, ItemFields(title="Новое мероприятие", deadline="Май"), position=1)
    assert numbers(uow, school_id) == [str(n) for n in range(1, 32)]
    items = get_roadmap(uow, school_id).all_items()
    assert items[1].id == new_id and items[1].number == "2" and items[2].title.startswith("Организация и проведение")
    # down past the end of the section: first in the next one
    for _ in range(5):
        assert move_item(uow, new_id, +1)
    view = get_roadmap(uow, school_id)
    assert view.sections[1].items[0].id == new_id and view.sections[1].items[0].number == "6"
    assert numbers(uow, school_id) == [str(n) for n in range(1, 32)]
    assert move_item(uow, new_id, -1)
    assert get_roadmap(uow, school_id).sections[0].items[-1].id == new_id
    snapshot = delete_item(uow, new_id)
    assert numbers(uow, school_id) == [str(n) for n in range(1, 31)]
    restored = restore_item(uow, snapshot)
    assert get_roadmap(uow, school_id).sections[0].items[-1].id == restored
    top = get_roadmap(uow, school_id).all_items()[0].id
    assert not move_item(uow, top, -1)


def test_sections_renumbered_and_nested(uow, school_id):
    view = get_roadmap(uow, school_id)
    sid = add_section(uow, school_id, title="Новое направление", position=0)
    view = get_roadmap(uow, school_id)
    assert [s.number for s in view.sections][:3] == ["1", "2", "3"] and view.sections[0].id == sid
    child = add_section(uow, school_id, title="Подраздел", parent_id=view.sections[1].id)
    view = get_roadmap(uow, school_id)
    assert view.sections[1].children[0].id == child and view.sections[1].children[0].number == "2.1"
    assert move_section(uow, sid, +1)
    assert get_roadmap(uow, school_id).sections[1].id == sid
    delete_section(uow, sid)
    view = get_roadmap(uow, school_id)
    assert [s.number for s in view.sections] == [str(n) for n in range(1, 12)]
    assert len(view.all_items()) == 30


def test_hierarchical_and_dotted_numbering(uow):
    region = save_draft(uow, load_template("region-kaliningrad-2020-2022"))
    view = get_roadmap(uow, region)
    moved = view.sections[0].items[0].id
    move_item_to(uow, moved, view.sections[1].id, 2)
    assert numbers(uow, region) == [f"{n}." for n in range(1, 38)]
    district = save_draft(uow, load_template("district-targets-shares"))
    add_item(uow, get_roadmap(uow, district).sections[0].id, ItemFields(title="Без номера"))
    assert set(numbers(uow, district)) == {""}


def test_edit_roadmap_and_item_validation(uow, school_id):
    update_roadmap(uow, school_id, RoadmapFields(title="План", period_start=2024, period_end=2026, goal="Цель"))
    assert get_roadmap(uow, school_id).period == "2024–2026"
    with pytest.raises(UserError, match="Период"):
        update_roadmap(uow, school_id, RoadmapFields(title="План", period_start=2026, period_end=2024))
    item = get_roadmap(uow, school_id).all_items()[0]
    with pytest.raises(UserError, match="наименование"):
        update_item(uow, item.id, ItemFields(title=" "))
    update_item(uow, item.id, ItemFields(number="1", title="Другое", deadline="до 15 мая"))
    assert get_roadmap(uow, school_id).all_items()[0].deadline == "до 15 мая"
    with uow:
        actions = {a.action for a in uow.session.query(AuditEntry)}
    assert {"roadmap.update", "roadmap.item.update", "roadmap.create"} <= actions


def test_copy_to_new_period(uow, school_id):
    view = get_roadmap(uow, school_id)
    set_item_status(uow, view.all_items()[0].id, year=2026, status="done")
    copy = copy_roadmap(uow, school_id, period_start=2025, period_end=2027)
    again = get_roadmap(uow, copy)
    assert again.period == "2025–2027" and again.title.endswith("на 2025-2027 годы")
    assert len(again.all_items()) == 30 and len(again.indicators) == 15 and again.approved_on is None
    assert year_progress(uow, copy, year=2026)[again.all_items()[0].id].status == "planned"


def test_year_progress_with_evidence_and_overdue(uow, school_id):
    items = get_roadmap(uow, school_id).all_items()
    first, second = items[0], items[1]          # «Сентябрь-октябрь», «В течение года»
    with uow:
        s = uow.session
        students = [Student(last_name=f"Иванов{i}", first_name="Иван") for i in range(3)]
        s.add_all(students)
        s.flush()
        event = Event(title="Совещание", category="other", starts_on=dt.date(2026, 10, 5), roadmap_item_id=first.id)
        old = Event(title="Прошлогоднее", category="other", starts_on=dt.date(2025, 10, 5), roadmap_item_id=first.id)
        s.add_all([event, old])
        s.flush()
        s.add_all([Participation(event_id=event.id, student_id=students[0].id, status="attended"),
                   Participation(event_id=event.id, student_id=students[1].id, status="attended"),
                   Participation(event_id=event.id, student_id=students[2].id, status="absent")])
        uow.commit()
    progress = year_progress(uow, school_id, year=2026, today=dt.date(2026, 11, 24))
    assert progress[first.id].overdue and not progress[second.id].overdue
    [evidence] = progress[first.id].events
    assert (evidence.title, evidence.participants) == ("Совещание", 2)
    set_item_status(uow, first.id, year=2026, status="done", note="Приказ № 5")
    progress = year_progress(uow, school_id, year=2026, today=dt.date(2026, 11, 24))
    assert (progress[first.id].status, progress[first.id].note, progress[first.id].overdue) == (
        "done", "Приказ № 5", False)
    with pytest.raises(UserError):
        set_item_status(uow, first.id, year=2026, status="finished")


def test_rights(database, school_id):
    deputy = UnitOfWork(database, make_actor(Role.DEPUTY))
    assert get_roadmap(deputy, school_id).title
    with pytest.raises(PermissionDenied):
        new_roadmap(deputy, RoadmapFields(title="План"))
    teacher = UnitOfWork(database, make_actor(Role.CLASS_TEACHER))
    with pytest.raises(PermissionDenied):
        list_roadmaps(teacher)
