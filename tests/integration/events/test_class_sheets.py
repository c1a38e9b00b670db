"""The class teacher's sheet: export, fill, import back with a preview; tampered sheets refused;
the printed sign-in sheet read back."""
from __future__ import annotations

import openpyxl
import pytest

from app.services.events.attendance import AttendanceMark, load_attendance, save_attendance
from app.services.events.class_sheets import (MARK_SHEET, apply_class_sheet, export_class_sheet, export_sign_in_pdf,
                                       preview_class_sheet)
from app.services.errors import ImportRejected, UserError
from app.services.events.events import EventData, create_event
from app.services.files.export_safety import PERSONAL_DATA_NOTICE
from tests.events_data import DAY, make_roster
from tests.pdf_text import pdf_pages, pdf_text


@pytest.fixture
def database(engine_database):
    """Every test here runs on SQLite and on PostgreSQL (tests/conftest.py, engine_database)."""
    return engine_database


@pytest.fixture
def setup(uow):
    roster = make_roster(uow, classes={"7А": ["Иванов Иван", "=Формулов Иван", "Петрова Анна", "Ёлкин Олег"],
                                       "7Б": ["Сидоров Сидор"]})
    event = create_event(uow, EventData(title="Экскурсия в IT-куб", category="excursion", starts_on=DAY,
                                        target_grades="7"))
    other = create_event(uow, EventData(title="Ярмарка профессий", category="fair", starts_on=DAY))
    save_attendance(uow, event, [AttendanceMark(roster.students[("7А", "Петрова Анна")], "attended",
                                                competence="Робототехник")])
    return roster, event, other


def fill(path, marks: dict[str, str]):
    book = openpyxl.load_workbook(path)
    ws = book[MARK_SHEET]
    for row in range(10, ws.max_row + 1):
        name = ws[f"B{row}"].value
        if name in marks:
            ws[f"C{row}"] = marks[name]
    book.save(path)


def test_round_trip(uow, setup, tmp_path):
    roster, event, _ = setup
    path = export_class_sheet(uow, event, roster.classes["7А"], tmp_path / "7А.xlsx")
    book = openpyxl.load_workbook(path)
    ws = book[MARK_SHEET]
    assert ws["A1"].value == PERSONAL_DATA_NOTICE
    assert ws["B3"].value == "Экскурсия в IT-куб" and ws["B7"].value == "7А"
    names = [ws[f"B{r}"].value for r in range(10, 14)]
    assert names == ["=Формулов Иван", "Ёлкин Олег", "Иванов Иван", "Петрова Анна"]
    assert ws["B10"].data_type == "s"                         # a name is never a formula
    assert ws.protection.sheet and not ws["C10"].protection.locked and ws["B10"].protection.locked
    assert ws["C13"].value == "участвовал"                    # the existing mark is filled in
    assert book["proftrack_id"].sheet_state == "veryHidden"
    fill(path, {"Ёлкин Олег": "участвовал", "Иванов Иван": "не явился", "Петрова Анна": "участвовал"})
    preview = preview_class_sheet(uow, path, event_id=event)
    assert (len(preview.changes), preview.unchanged, preview.class_label) == (2, 2, "7А")
    assert "Иванов Иван: не отмечен → не явился" in preview.summary()
    assert apply_class_sheet(uow, preview) == 2
    rows = {r.full_name: r for r in load_attendance(uow, event).rows}
    assert (rows["Ёлкин Олег"].status, rows["Иванов Иван"].status, rows["=Формулов Иван"].status) == \
        ("attended", "absent", None)
    assert rows["Петрова Анна"].competence == "Робототехник"  # kept
    assert preview_class_sheet(uow, path, event_id=event).changes == []   # applying twice changes nothing
    fill(path, {"Петрова Анна": None})
    cleared = preview_class_sheet(uow, path)
    assert [(c.full_name, c.after) for c in cleared.changes] == [("Петрова Анна", None)]


def test_sheet_of_another_event_is_refused(uow, setup, tmp_path):
    roster, event, other = setup
    path = export_class_sheet(uow, event, roster.classes["7А"], tmp_path / "7А.xlsx")
    with pytest.raises(UserError, match="другому мероприятию: «Экскурсия в IT-куб»"):
        preview_class_sheet(uow, path, event_id=other)


@pytest.mark.parametrize("cell,value", [("B11", "Иванов Пётр"), ("B3", "Другое мероприятие"), ("B20", "Новенький"),
                                        ("D10", "x"), ("A12", "")])
def test_sheet_edited_beyond_its_column_is_refused(uow, setup, tmp_path, cell, value):
    roster, event, _ = setup
    path = export_class_sheet(uow, event, roster.classes["7А"], tmp_path / "7А.xlsx")
    book = openpyxl.load_workbook(path)
    book[MARK_SHEET][cell] = value or None
    book.save(path)
    with pytest.raises(UserError, match="изменён вне столбца «Отметка»"):
        preview_class_sheet(uow, path, event_id=event)


def test_forged_identifier_and_foreign_files_are_refused(uow, setup, tmp_path):
    roster, event, other = setup
    path = export_class_sheet(uow, event, roster.classes["7А"], tmp_path / "7А.xlsx")
    book = openpyxl.load_workbook(path)
    hidden = book["proftrack_id"]
    hidden["A2"] = hidden["A2"].value.replace(f'"event_id": {event}', f'"event_id": {other}')
    book.save(path)
    with pytest.raises(UserError, match="служебная часть изменена"):
        preview_class_sheet(uow, path)
    plain = openpyxl.Workbook()
    plain.save(tmp_path / "plain.xlsx")
    with pytest.raises(UserError, match="не лист отметки"):
        preview_class_sheet(uow, tmp_path / "plain.xlsx")


def test_unrecognised_mark_names_the_row(uow, setup, tmp_path):
    roster, event, _ = setup
    path = export_class_sheet(uow, event, roster.classes["7А"], tmp_path / "7А.xlsx")
    fill(path, {"Иванов Иван": "болел"})
    with pytest.raises(ImportRejected) as caught:
        preview_class_sheet(uow, path)
    assert [(p.row, p.value) for p in caught.value.problems] == [(12, "болел")]


def test_sign_in_pdf(uow, setup, tmp_path):
    roster, event, _ = setup
    path = export_sign_in_pdf(uow, event, list(roster.classes.values()), tmp_path / "лист.pdf")
    text = pdf_text(path)
    assert "Лист регистрации участников мероприятия" in text and "Экскурсия в IT-куб" in text
    for name in ("Ёлкин Олег", "Сидоров Сидор", "Подпись", "Страница 1"):
        assert name in text
    assert len(pdf_pages(path)) == 1


def test_class_teacher_exports_and_loads_only_their_class(database, uow, setup, tmp_path):
    from app.services.access import Role
    from app.services.errors import PermissionDenied
    from app.services.uow import UnitOfWork
    from tests.conftest import make_actor
    from tests.events_data import make_homeroom_teacher
    roster, event, _ = setup
    staff = make_homeroom_teacher(uow, roster.classes["7Б"])
    teacher = UnitOfWork(database, make_actor(Role.CLASS_TEACHER, staff_id=staff))
    with pytest.raises(PermissionDenied):
        export_class_sheet(teacher, event, roster.classes["7А"], tmp_path / "7А.xlsx")
    path = export_class_sheet(teacher, event, roster.classes["7Б"], tmp_path / "7Б.xlsx")
    fill(path, {"Сидоров Сидор": "участвовал"})
    assert apply_class_sheet(teacher, preview_class_sheet(teacher, path)) == 1
    other = export_class_sheet(uow, event, roster.classes["7А"], tmp_path / "7А.xlsx")
    with pytest.raises(PermissionDenied):
        preview_class_sheet(teacher, other)
