"""The student's record across years and its PDF «Я и моя будущая профессия», read back."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from app.models import AuditEntry
from app.services.access import Role
from app.services.errors import PermissionDenied
from app.services.files.export_safety import PERSONAL_DATA_NOTICE
from app.services.record.student_record import export_record_pdf, student_record
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.pdf_text import pdf_text
from tests.small_school import add_destination, build_small_school


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database


@pytest.fixture
def school(database):
    return build_small_school(database)


def test_record_gathers_years_events_hours_and_consultations(uow, school):
    record = student_record(uow, school.students["Ёлкин"])
    assert record.level == "main" and record.level_hours == 60
    assert [y.title for y in record.years] == ["2024/2025", "2025/2026"]
    past, current = record.years
    assert past.hours == 3.0 and past.class_label == ""                 # an event before enrolment still shows
    assert current.hours == 9.0 and current.class_label == "6А" and not record.reached(current)
    assert [e.title for e in current.diagnostics] == ["Онлайн-диагностика"]
    trial = next(e for e in current.events if e.category == "bvb_trial")
    assert (trial.result, trial.competence, trial.hours) == ("победитель", "Сварочные технологии", 6.0)
    assert current.consultation_count == 1
    assert current.consultations is None            # an administrator without the explicit right: the number only


def test_consultation_notes_only_for_those_allowed(database, school):
    psychologist = UnitOfWork(database, make_actor(Role.PSYCHOLOGIST))
    record = student_record(psychologist, school.students["Ёлкин"])
    notes = record.years[-1].consultations
    assert notes and notes[0].topic == "Выбор профессии" and "мама против" in notes[0].note


def test_record_pdf_reads_back(uow, school, tmp_path):
    add_destination(uow.database, school.students["Ёлкин"], 2025)
    path = export_record_pdf(uow, school.students["Ёлкин"], tmp_path / "record.pdf")
    text = " ".join(pdf_text(path).split())
    assert text.index(" ".join(PERSONAL_DATA_NOTICE.split())) < text.index("Я и моя будущая профессия")
    for expected in ("Я и моя будущая профессия", "Ёлкин Иван Петрович", "Класс: 6А", "основной (не менее 60 ч",
                     "2025/2026", "Профпроба «Сварщик»", "победитель", "Сварочные технологии",
                     "не освоен (нужно 60 ч)", "Консультаций педагога-психолога: 1", "Калининградский колледж",
                     "Страница 1"):
        assert expected in text, expected
    assert "мама против" not in text and "ОВЗ" not in text
    with uow:
        entry = uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "export.personal"))
        # By id: the audit log outlives anonymisation, so it never holds the name.
        assert entry.entity_id == school.students["Ёлкин"] and "Ёлкин" not in entry.details


def test_pdf_needs_the_export_right(database, school, tmp_path):
    teacher = UnitOfWork(database, make_actor(Role.CLASS_TEACHER, staff_id=school.teacher_id))
    with pytest.raises(PermissionDenied):
        export_record_pdf(teacher, school.students["Громова"], tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    with pytest.raises(PermissionDenied):       # not their class
        student_record(teacher, school.students["Ёлкин"])
