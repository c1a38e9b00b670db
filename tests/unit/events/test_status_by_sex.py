"""«участвовала» for a girl, «участвовал» for a boy, «участвовал(а)» when the roster does not say."""
from __future__ import annotations

from app.services.events.attendance import AttendanceMark, load_attendance, save_attendance
from app.services.events.events import EventData, create_event
from app.services.labels import participation_status_label
from app.models import Student
from tests.events_data import DAY, make_roster


def test_labels_by_sex():
    assert participation_status_label("attended", "f") == "участвовала"
    assert participation_status_label("attended", "m") == "участвовал"
    assert participation_status_label("attended", None) == "участвовал(а)"
    assert participation_status_label("absent", "f") == "не явилась"
    assert participation_status_label("registered", None) == "записан(а)"


def test_the_attendance_list_knows_each_student_s_sex(uow):
    roster = make_roster(uow, classes={"7А": ["Иванов Иван", "Петрова Анна", "Сидоров Сидор"]})
    with uow:
        uow.session.get(Student, roster.students[("7А", "Иванов Иван")]).sex = "m"
        uow.session.get(Student, roster.students[("7А", "Петрова Анна")]).sex = "f"
        uow.commit()
    event = create_event(uow, EventData(title="Проба", category="bvb_trial", starts_on=DAY, target_grades="7"))
    save_attendance(uow, event, [AttendanceMark(sid, "attended") for sid in roster.students.values()])
    labels = {r.full_name: participation_status_label(r.status, r.sex) for r in load_attendance(uow, event).rows}
    assert labels == {"Иванов Иван": "участвовал", "Петрова Анна": "участвовала", "Сидоров Сидор": "участвовал(а)"}
