"""Events, partners and attendance services on a real database."""
from __future__ import annotations

import datetime as dt

import pytest

from app.services.access import Role
from app.services.events.attendance import AttendanceMark, load_attendance, save_attendance
from app.services.errors import PermissionDenied, UserError
from app.services.events.events import (EventData, copy_event, create_event, delete_event, get_event, grades_label,
                                 list_events, save_event_type, update_event)
from app.services.events.partners import (AgreementData, PartnerData, delete_partner, list_agreements, list_partners,
                                   save_agreement, save_partner)
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.events_data import DAY, make_homeroom_teacher, make_roster


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database


@pytest.fixture
def roster(uow):
    return make_roster(uow, classes={"7А": ["Иванов Иван Иванович", "Петров Пётр Петрович", "Ёлкина Анна"],
                                     "8Б": ["Иванов Иван Иванович", "Сидоров Сидор"], "5А": ["Малышев Миша"]})


def test_event_validation_messages(uow):
    with pytest.raises(UserError, match="название"):
        create_event(uow, EventData(title="  ", category="excursion", starts_on=DAY))
    with pytest.raises(UserError, match="окончания"):
        create_event(uow, EventData(title="Экскурсия", category="excursion", starts_on=DAY,
                                    ends_on=DAY - dt.timedelta(days=1)))
    with pytest.raises(UserError, match="Параллели"):
        create_event(uow, EventData(title="Экскурсия", category="excursion", starts_on=DAY, target_grades="5-13"))
    with pytest.raises(UserError, match="Часы"):
        create_event(uow, EventData(title="Экскурсия", category="excursion", starts_on=DAY, hours=-1))


def test_create_list_filter_copy_delete(uow, roster):
    partner = save_partner(uow, PartnerData(name="Колледж связи", type="poo"))
    e1 = create_event(uow, EventData(title="Экскурсия на завод", category="excursion", starts_on=DAY,
                                     target_grades="7-8", hours=2, organizer_type="poo", organizer_partner_id=partner))
    e2 = create_event(uow, EventData(title="Урок ПроеКТОриЯ", category="proektoria", starts_on=dt.date(2026, 11, 3),
                                     target_grades="5"))
    save_attendance(uow, e1, [AttendanceMark(roster.students[("7А", "Петров Пётр Петрович")], "attended"),
                              AttendanceMark(roster.students[("7А", "Ёлкина Анна")], "absent")])
    rows = list_events(uow, year=2026)
    assert [r.id for r in rows] == [e2, e1]
    r1 = rows[1]
    assert (r1.participants, r1.marked, r1.organizer, r1.grades_text) == (1, 2, "Колледж связи", "7, 8")
    assert [r.id for r in list_events(uow, year=2026, month=10)] == [e1]
    assert [r.id for r in list_events(uow, year=2026, category="proektoria")] == [e2]
    assert [r.id for r in list_events(uow, year=2026, class_id=roster.classes["5А"])] == [e2]
    assert [r.id for r in list_events(uow, year=2026, class_id=roster.classes["8Б"])] == [e1]
    assert [r.id for r in list_events(uow, year=2026, text="завод")] == [e1]
    assert list_events(uow, year=2025) == []
    copy_id = copy_event(uow, e1, starts_on=dt.date(2027, 3, 1))
    copied = get_event(uow, copy_id)
    assert (copied.title, copied.hours, copied.organizer_partner_id, copied.target_grades) == \
        ("Экскурсия на завод", 2.0, partner, "7,8")
    assert next(r for r in list_events(uow, year=2026) if r.id == copy_id).marked == 0
    update_event(uow, e2, EventData(title="Урок «ПроеКТОриЯ»", category="proektoria", starts_on=dt.date(2026, 11, 4)))
    assert get_event(uow, e2).starts_on == dt.date(2026, 11, 4)
    with pytest.raises(UserError, match="другой учебный год"):
        update_event(uow, e1, EventData(title="Экскурсия", category="excursion", starts_on=dt.date(2027, 10, 1)))
    with pytest.raises(UserError, match="организатор"):
        delete_partner(uow, partner)
    assert delete_event(uow, e1) == 2
    assert len(list_events(uow)) == 2


def test_event_type_maps_to_category(uow):
    tid = save_event_type(uow, "Профориентационный квест", "class_hour")
    with pytest.raises(UserError, match="относится к категории"):
        create_event(uow, EventData(title="Квест", category="fair", starts_on=DAY, event_type_id=tid))
    create_event(uow, EventData(title="Квест", category="class_hour", starts_on=DAY, event_type_id=tid))
    with pytest.raises(UserError, match="уже есть"):
        save_event_type(uow, "профориентационный КВЕСТ", "other")


def test_grades_label():
    assert grades_label([6, 7, 8, 9]) == "6–9"
    assert grades_label([5, 7, 8]) == "5, 7, 8"
    assert grades_label([]) == "все"


def test_partners_and_expiring_agreements(uow):
    today = dt.date(2026, 11, 24)
    p1 = save_partner(uow, PartnerData(name="Калининградский политех", short_name="КПТ", type="poo"))
    p2 = save_partner(uow, PartnerData(name="ЦЗН города", type="czn", in_region=True))
    with pytest.raises(UserError, match="уже есть"):
        save_partner(uow, PartnerData(name="калининградский ПОЛИТЕХ", type="vo"))
    save_agreement(uow, AgreementData(p1, "12/3", dt.date(2024, 1, 1), dt.date(2026, 12, 31), "Профпробы"))
    save_agreement(uow, AgreementData(p1, "1", dt.date(2020, 1, 1), dt.date(2025, 1, 1)))
    save_agreement(uow, AgreementData(p2, "7", dt.date(2025, 1, 1), dt.date(2028, 1, 1)))
    save_agreement(uow, AgreementData(p2, "8", dt.date(2025, 1, 1), None))
    with pytest.raises(UserError, match="раньше"):
        save_agreement(uow, AgreementData(p2, "9", dt.date(2025, 1, 1), dt.date(2024, 1, 1)))
    states = [(a.number, a.state) for a in list_agreements(uow, today=today)]
    assert states == [("1", "expired"), ("12/3", "expiring"), ("7", "valid"), ("8", "open")]
    partners = {p.name: p for p in list_partners(uow, today=today)}
    assert (partners["Калининградский политех"].agreements, partners["Калининградский политех"].expiring_agreements) \
        == (2, 2)
    assert partners["ЦЗН города"].expiring_agreements == 0
    assert [a.number for a in list_agreements(uow, partner_id=p2, today=today)] == ["7", "8"]


def test_attendance_load_default_classes_and_save(uow, roster):
    e = create_event(uow, EventData(title="Проба", category="bvb_trial", starts_on=DAY, target_grades="7", hours=2))
    sheet = load_attendance(uow, e)
    assert sheet.selected_class_ids == [roster.classes["7А"]]
    assert [r.full_name for r in sheet.rows] == ["Ёлкина Анна", "Иванов Иван Иванович", "Петров Пётр Петрович"]
    assert all(r.status is None for r in sheet.rows)
    ivanov_8 = roster.students[("8Б", "Иванов Иван Иванович")]
    marks = [AttendanceMark(r.student_id, "attended", competence="Сварщик") for r in sheet.rows]
    marks.append(AttendanceMark(ivanov_8, "attended", hours=3))
    assert save_attendance(uow, e, marks).added == 4
    sheet = load_attendance(uow, e)   # now 8Б is shown too: one of its students is marked
    assert {c.label for c in sheet.classes if c.selected} == {"7А", "8Б"}
    assert len(sheet.rows) == 5
    row = next(r for r in sheet.rows if r.student_id == ivanov_8)
    assert (row.status, row.hours, row.class_label) == ("attended", 3, "8Б")
    summary = save_attendance(uow, e, [AttendanceMark(ivanov_8, None),
                                       AttendanceMark(sheet.rows[0].student_id, "absent"),
                                       AttendanceMark(sheet.rows[1].student_id, "attended", competence="Сварщик")])
    assert (summary.added, summary.changed, summary.removed) == (0, 1, 1)
    only = load_attendance(uow, e, class_ids=[roster.classes["5А"]])
    assert [r.full_name for r in only.rows] == ["Малышев Миша"]


def test_attendance_save_is_one_transaction(uow, roster):
    e = create_event(uow, EventData(title="Проба", category="bvb_trial", starts_on=DAY, target_grades="7"))
    ok = roster.students[("7А", "Ёлкина Анна")]
    with pytest.raises(UserError):
        save_attendance(uow, e, [AttendanceMark(ok, "attended"), AttendanceMark(999999, "attended")])
    assert load_attendance(uow, e).rows[0].status is None


def test_class_teacher_sees_and_marks_only_their_class(database, uow, roster):
    staff = make_homeroom_teacher(uow, roster.classes["8Б"])
    e = create_event(uow, EventData(title="Классный час", category="class_hour", starts_on=DAY, target_grades="7-8"))
    teacher = UnitOfWork(database, make_actor(Role.CLASS_TEACHER, staff_id=staff))
    sheet = load_attendance(teacher, e)
    assert [c.label for c in sheet.classes] == ["8Б"]
    assert {r.class_label for r in sheet.rows} == {"8Б"}
    save_attendance(teacher, e, [AttendanceMark(r.student_id, "attended") for r in sheet.rows])
    with pytest.raises(PermissionDenied):
        save_attendance(teacher, e, [AttendanceMark(roster.students[("7А", "Ёлкина Анна")], "attended")])
    with pytest.raises(PermissionDenied):
        create_event(teacher, EventData(title="x", category="other", starts_on=DAY))
