"""Two users, one record: the second save made from a form opened before the first save is refused with
who changed it and when; different records both save. On SQLite and on PostgreSQL."""
from __future__ import annotations

import pytest

from app.models import Participation, RoadmapItem
from app.services.access import Actor, Role
from app.services.accounts.concurrency import RecordChanged
from app.services.events.attendance import AttendanceMark, load_attendance, save_attendance
from app.services.roadmap.draft import save_draft
from app.services.roadmap.operations import ItemFields, get_roadmap, update_item
from app.services.roadmap.templates import load_template
from app.services.students.students import get_student, save_student
from app.services.uow import UnitOfWork
from tests.small_school import build_small_school


@pytest.fixture
def database(engine_database):
    return engine_database


@pytest.fixture
def school(database):
    return build_small_school(database)


def user(database, login: str) -> UnitOfWork:
    return UnitOfWork(database, Actor(login=login, role=Role.COORDINATOR))


def test_second_save_of_the_same_student_is_refused_and_names_who(database, school):
    first = get_student(user(database, "petrova"), school.students["Ежов"], start_year=2025)
    second = get_student(user(database, "sidorov"), school.students["Ежов"], start_year=2025)
    first.patronymic = "Сергеевич"
    save_student(user(database, "petrova"), first, start_year=2025)
    second.first_name = "Илья"
    with pytest.raises(RecordChanged, match=r"запись изменил\(а\) petrova в \d\d:\d\d \d\d\.\d\d\.\d{4}, обновите"):
        save_student(user(database, "sidorov"), second, start_year=2025)
    now = get_student(user(database, "sidorov"), school.students["Ежов"], start_year=2025)
    assert (now.first_name, now.patronymic) == ("Иван", "Сергеевич")      # not overwritten
    now.first_name = "Илья"                                                 # after refreshing: saved
    save_student(user(database, "sidorov"), now, start_year=2025)
    assert get_student(user(database, "x"), school.students["Ежов"], start_year=2025).first_name == "Илья"


def test_different_students_edited_from_old_forms_both_save(database, school):
    a = get_student(user(database, "petrova"), school.students["Ежов"], start_year=2025)
    b = get_student(user(database, "sidorov"), school.students["Зуев"], start_year=2025)
    a.patronymic, b.patronymic = "Олегович", "Ильич"
    save_student(user(database, "petrova"), a, start_year=2025)
    save_student(user(database, "sidorov"), b, start_year=2025)
    assert get_student(user(database, "x"), school.students["Зуев"], start_year=2025).patronymic == "Ильич"


def test_attendance_of_the_same_event_from_an_old_sheet_is_refused(database, school):
    event = school.events["horizons"]
    sheet_a = load_attendance(user(database, "petrova"), event, class_ids=[school.classes["9А"]])
    sheet_b = load_attendance(user(database, "sidorov"), event, class_ids=[school.classes["9А"]])
    save_attendance(user(database, "petrova"), event, [AttendanceMark(school.students["Дятлов"], "attended")],
                    expected_version=sheet_a.version)
    with pytest.raises(RecordChanged, match=r"изменил\(а\) petrova"):
        save_attendance(user(database, "sidorov"), event, [AttendanceMark(school.students["Дятлов"], "absent")],
                        expected_version=sheet_b.version)
    with database.session() as s:
        marks = {p.student_id: p.status for p in s.query(Participation).filter_by(event_id=event)}
    assert marks[school.students["Дятлов"]] == "attended"
    # Another event's sheet read at the same time saves.
    other = school.events["bvb_trial"]
    sheet_c = load_attendance(user(database, "sidorov"), other, class_ids=[school.classes["9А"]])
    save_attendance(user(database, "sidorov"), other, [AttendanceMark(school.students["Дятлов"], "attended")],
                    expected_version=sheet_c.version)


def test_roadmap_item_edited_from_an_old_view_is_refused(database):
    uow = UnitOfWork(database, Actor(login="petrova", role=Role.COORDINATOR))
    roadmap_id = save_draft(uow, load_template("school-kaliningrad-38"), make_current=True)
    item = get_roadmap(uow, roadmap_id).all_items()[0]
    fields = ItemFields(item.number, item.title, item.responsible, item.deadline, item.expected_result,
                        item.result_form)
    new_version = update_item(user(database, "petrova"), item.id,
                              ItemFields(**{**fields.__dict__, "deadline": "Октябрь"}), expected_version=item.version)
    assert new_version != item.version
    with pytest.raises(RecordChanged, match=r"изменил\(а\) petrova"):
        update_item(user(database, "sidorov"), item.id, ItemFields(**{**fields.__dict__, "deadline": "Май"}),
                    expected_version=item.version)
    with database.session() as s:
        assert s.get(RoadmapItem, item.id).deadline == "Октябрь"
