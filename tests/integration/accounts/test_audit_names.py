"""The audit log names students and staff by id only: it is append-only and outlives anonymisation, so a
name written there would survive the «обезличивание» of retention.py. The viewer resolves ids at view time."""
from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select

from app.models import AuditEntry
from app.services.accounts import retention
from app.services.access import Role
from app.services.events.attendance import AttendanceMark, save_attendance
from app.services.accounts.audit import export_audit_xlsx, list_audit
from app.services.events.class_sheets import export_class_sheet, export_sign_in_pdf
from app.services.accounts.consent import export_register_xlsx, mark_received, record_withdrawal
from app.services.consultations.consultations import ConsultationInput, save_consultation
from app.services.school.staff import StaffDetails, save_staff
from app.services.record.student_record import export_record_pdf
from app.services.students.students import archive_students, get_student, restore_student, save_student
from app.services.uow import UnitOfWork
from tests.conftest import make_actor
from tests.small_school import build_small_school

TODAY = dt.date(2026, 11, 24)


def _audit_details(database) -> list[str]:
    with database.session() as s:
        return list(s.scalars(select(AuditEntry.details)))


def _edit_and_export(uow: UnitOfWork, school, surname: str, tmp_path) -> None:
    """Edit a student and export their record to the file name the program suggests (it has the name)."""
    sid = school.students[surname]
    details = get_student(uow, sid, start_year=school.year)
    save_student(uow, dataclasses.replace(details, first_name="Пётр"), start_year=school.year)
    export_record_pdf(uow, sid, tmp_path / f"Карточка обучающегося — {surname} Пётр.pdf")


def test_actions_and_exports_write_no_name_to_the_audit_log(database, tmp_path):
    school = build_small_school(database)
    uow = UnitOfWork(database, make_actor(Role.ADMIN))
    sid, classes, events = school.students, school.classes, school.events
    _edit_and_export(uow, school, "Ёлкин", tmp_path)
    archive_students(uow, [sid["Зуев"]], left_on=dt.date(2026, 6, 30), reason="переезд")
    restore_student(uow, sid["Зуев"])
    mark_received(uow, sid.values(), received_on=dt.date(2025, 9, 1))
    record_withdrawal(uow, sid["Анисимов"], withdrawn_on=dt.date(2025, 10, 1))
    export_register_xlsx(uow, tmp_path / "Согласия.xlsx", year=school.year, only_missing=False)
    export_class_sheet(uow, events["horizons"], classes["6А"], tmp_path / "Лист 6А.xlsx")
    export_sign_in_pdf(uow, events["horizons"], [classes["9А"]], tmp_path / "Регистрация.pdf")
    save_attendance(uow, events["horizons"], [AttendanceMark(sid["Анисимов"], "attended"),
                                              AttendanceMark(sid["Громова"], None)])
    save_consultation(uow, ConsultationInput(held_on=dt.date(2025, 12, 5), student_ids=[sid["Дятлов"]]))
    save_staff(uow, StaffDetails(last_name="Сердюкова", first_name="Ирина", position="Учитель"))
    export_audit_xlsx(uow, tmp_path / "Журнал.xlsx")

    details = _audit_details(database)
    actions = {a for (a,) in database.session().execute(select(AuditEntry.action))}
    assert {"student.edit", "export.personal", "student.archive", "student.restore", "consent.received",
            "consent.withdrawn", "export.personal_data", "export.class_sheet", "export.sign_in_sheet",
            "staff.save", "export.audit"} <= actions
    for name in [*sid, "Павлова", "Сердюкова", "Пётр"]:
        assert not [d for d in details if name in d], name

    # The viewer still says whom an entry is about: the name is looked up now, not stored.
    rows = list_audit(uow, action_prefix="export.personal")
    record_row = next(r for r in rows if r.action == "export.personal")
    assert record_row.entity_id == sid["Ёлкин"] and record_row.object_label.endswith("Ёлкин Пётр Петрович")
    staff_row = next(r for r in list_audit(uow, action_prefix="staff.save"))
    assert "Сердюкова Ирина" in staff_row.object_label


def test_anonymised_surname_leaves_the_file_even_after_it_was_exported(database, db_path, tmp_path):
    school = build_small_school(database)
    uow = UnitOfWork(database, make_actor(Role.ADMIN))
    _edit_and_export(uow, school, "Зуев", tmp_path)
    archive_students(uow, [school.students["Зуев"]], left_on=dt.date(2020, 6, 30), reason="переезд")
    assert any(r.object_label.endswith("Зуев Пётр Петрович") for r in list_audit(uow))

    assert retention.anonymise_left_students(uow, today=TODAY).anonymised == 1

    files = [p for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)]
    raw = b"".join(p.read_bytes() for p in files)
    assert "Зуев".encode() not in raw
    assert "Жукова".encode() in raw  # the check reads the real bytes
    row = next(r for r in list_audit(uow, action_prefix="export.personal"))
    assert row.entity_id == school.students["Зуев"] and row.object_label.endswith("обезличен")
