"""Sheets for class teachers (лист отметки): an XLSX for one event and one class that a teacher fills
on another computer, offline, and its import back; and a printable PDF sign-in sheet (лист регистрации).

The XLSX holds the event's details and the class list, locked; only the «Отметка» column can be
edited. A very hidden sheet carries the identifier: event, class, a checksum of the roster, a random
token, every locked cell as written, and a signature keyed by a secret kept in this school's database.
On import the signature and every locked cell are checked, so a sheet of another event or one edited
beyond its column is refused, and the changes are shown before they apply."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from pathlib import Path


from app.models import Event, SchoolClass
from app.services.access import Permission
from app.services.events.attendance import AttendanceMark, load_attendance, save_attendance
from app.services.errors import ImportRejected, NotFound, Problem, UserError
from app.services.files.importing import Importer, ImportPreview, PreviewTable
from app.services.files.export_safety import PERSONAL_DATA_NOTICE, write_text_cell
from app.services.labels import (ATTENDANCE_MARK_WORDS, EVENT_CATEGORY_LABELS, EVENT_FORMAT_LABELS,
                                 PARTICIPATION_STATUS_LABELS)
from app.services.files.safe_files import check_size, check_zip
from app.services.files.tabular import cell_text
from app.services.text import fold
from app.services import settings
from app.services.uow import UnitOfWork

ID_SHEET = "proftrack_id"
MARK_SHEET = "Отметка"
MAGIC = "ПрофТрек: лист отметки участия"
FIRST_ROW = 10           # the first student row
MARK_COLUMN = "C"
MARK_CHOICES = (PARTICIPATION_STATUS_LABELS["attended"], PARTICIPATION_STATUS_LABELS["absent"])


def _secret(uow: UnitOfWork) -> bytes:
    """This database's key for signing sheets, created on first use (in the caller's transaction)."""
    secret = settings.read_in(uow.session, settings.CLASS_SHEET_SECRET)
    if not secret:
        secret = secrets.token_hex(32)
        settings.write_in(uow.session, settings.CLASS_SHEET_SECRET, secret)
    return secret.encode()


def _sign(secret: bytes, payload: str) -> str:
    return hmac.new(secret, payload.encode(), hashlib.sha256).hexdigest()


def _roster_checksum(rows: list[tuple[int, str]]) -> str:
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()[:16]


def _dates(event: Event) -> str:
    first = event.starts_on.strftime("%d.%m.%Y")
    return first if not event.ends_on else f"{first} – {event.ends_on:%d.%m.%Y}"


SHEET_FONT = "Times New Roman"   # as the school's other papers; Excel substitutes a serif where it is missing


def _printable(ws, *, last_row: int) -> None:
    """One page wide in a serif font, the column titles on every page: the teacher prints the sheet as it is."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.properties import PageSetupProperties

    for row in ws.iter_rows(min_row=1, max_row=last_row, max_col=4):
        for cell in row:
            old = cell.font
            cell.font = Font(name=SHEET_FONT, size=old.size if old.size and old.size < 11 else 12, bold=old.bold,
                             italic=old.italic)
    for address in ("B3", "B5"):       # a long event title or category wraps instead of running off the page
        ws[address].alignment = Alignment(wrap_text=True, vertical="top")
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{FIRST_ROW - 1}:{FIRST_ROW - 1}"
    ws.print_area = f"A1:D{max(last_row, FIRST_ROW)}"
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.print_options.horizontalCentered = True


def export_class_sheet(uow: UnitOfWork, event_id: int, class_id: int, path: Path | str) -> Path:
    """Write the sheet for one event and one class; the marks already made are filled in."""
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    with uow:
        uow.require(Permission.EDIT_ATTENDANCE)
        uow.require_class_access(class_id)
        s = uow.session
        event = s.get(Event, event_id)
        school_class = s.get(SchoolClass, class_id)
        if event is None or school_class is None:
            raise NotFound("Мероприятие или класс не найдены: обновите список.")
        sheet = load_attendance(uow, event_id, class_ids=[class_id])
        if not any(c.id == class_id for c in sheet.classes):
            raise UserError(f"Класс {school_class.label} не относится к учебному году мероприятия.")
        secret = _secret(uow)
        book = openpyxl.Workbook()
        ws = book.active
        ws.title = MARK_SHEET
        expected: dict[str, str] = {}

        def put(address: str, value: str, *, bold: bool = False) -> None:
            write_text_cell(ws[address], value)
            if bold:
                ws[address].font = Font(bold=True)
            expected[address] = value

        put("A1", PERSONAL_DATA_NOTICE)
        ws.merge_cells("A1:D1")
        ws["A1"].alignment = Alignment(wrap_text=True, vertical="top")
        ws["A1"].font = Font(italic=True, size=9)
        ws.row_dimensions[1].height = 36
        put("A2", "Лист отметки участия в мероприятии", bold=True)
        details = [("Мероприятие:", event.title), ("Дата:", _dates(event)),
                   ("Категория:", EVENT_CATEGORY_LABELS[event.category]),
                   ("Формат:", EVENT_FORMAT_LABELS[event.format]), ("Класс:", school_class.label)]
        for i, (label, value) in enumerate(details, start=3):
            put(f"A{i}", label, bold=True)
            put(f"B{i}", value)
        put("A8", "Как отмечать:", bold=True)
        put("B8", "в столбце «Отметка» выберите «участвовал» или «не явился»; пустая ячейка — не отмечен. "
                  "Другие ячейки изменить нельзя.")
        ws["B8"].alignment = Alignment(wrap_text=True)
        ws.row_dimensions[8].height = 30
        for col, title in zip("ABC", ("№", "ФИО обучающегося", "Отметка")):
            put(f"{col}{FIRST_ROW - 1}", title, bold=True)
            ws[f"{col}{FIRST_ROW - 1}"].fill = PatternFill("solid", fgColor="DDDDDD")
        validation = DataValidation(type="list", formula1='"' + ",".join(MARK_CHOICES) + '"', allow_blank=True,
                                    showErrorMessage=True, errorTitle="Отметка",
                                    error="Выберите «участвовал» или «не явился» или оставьте пустым.")
        ws.add_data_validation(validation)
        roster: list[tuple[int, str]] = []
        for n, row in enumerate(sheet.rows, start=1):
            r = FIRST_ROW + n - 1
            put(f"A{r}", str(n))
            put(f"B{r}", row.full_name)
            mark = ws[f"{MARK_COLUMN}{r}"]
            write_text_cell(mark, PARTICIPATION_STATUS_LABELS[row.status] if row.status in ("attended", "absent") else "")
            mark.protection = Protection(locked=False)
            mark.fill = PatternFill("solid", fgColor="FFF7CC")
            validation.add(mark)
            roster.append((row.student_id, row.full_name))
        ws.column_dimensions["A"].width = 14
        ws.column_dimensions["B"].width = 44
        ws.column_dimensions["C"].width = 16
        ws.column_dimensions["D"].width = 4
        _printable(ws, last_row=FIRST_ROW + len(roster) - 1)
        token = secrets.token_hex(8)
        ws.protection.sheet = True
        ws.protection.password = token
        payload = json.dumps({"event_id": event_id, "class_id": class_id, "roster": _roster_checksum(roster),
                              "token": token, "students": [sid for sid, _ in roster], "cells": expected,
                              "title": event.title, "date": event.starts_on.isoformat()}, ensure_ascii=False)
        hidden = book.create_sheet(ID_SHEET)
        hidden.sheet_state = "veryHidden"
        write_text_cell(hidden["A1"], MAGIC)
        write_text_cell(hidden["A2"], payload)
        write_text_cell(hidden["A3"], _sign(secret, payload))
        hidden.protection.sheet = True
        hidden.protection.password = token
        book.security.lockStructure = True
        book.active = 0
        path.parent.mkdir(parents=True, exist_ok=True)
        book.save(path)
        uow.audit("export.class_sheet", entity="event", entity_id=event_id,
                  details=f"лист отметки: класс {school_class.label}, обучающихся {len(roster)}, файл {path.name}")
        uow.commit()
    return path


@dataclass(frozen=True)
class SheetChange:
    student_id: int
    full_name: str
    before: str | None
    after: str | None

    def describe(self) -> str:
        label = lambda s: PARTICIPATION_STATUS_LABELS.get(s, "не отмечен") if s else "не отмечен"  # noqa: E731
        return f"{self.full_name}: {label(self.before)} → {label(self.after)}"


@dataclass(frozen=True)
class ClassSheetPreview:
    file_name: str
    event_id: int
    class_id: int
    event_title: str
    class_label: str
    changes: list[SheetChange]
    unchanged: int

    def summary(self) -> str:
        head = (f"Лист «{self.file_name}»: «{self.event_title}», класс {self.class_label}. "
                f"Изменений — {len(self.changes)}, без изменений — {self.unchanged}.")
        return "\n".join([head] + [f"  • {c.describe()}" for c in self.changes])

    def preview(self) -> ImportPreview:
        label = lambda s: PARTICIPATION_STATUS_LABELS.get(s, "не отмечен") if s else "не отмечен"  # noqa: E731
        return ImportPreview(
            "Загрузка листа отметки", self.file_name,
            [("Изменений", len(self.changes)), ("Без изменений", self.unchanged)], [],
            [PreviewTable(f"Изменения ({len(self.changes)})", ("ФИО", "Было", "Стало"),
                          [(c.full_name, label(c.before), label(c.after)) for c in self.changes], "import_changes")],
            [f"Мероприятие «{self.event_title}», класс {self.class_label}."],
            nothing_to_do="" if self.changes else "Отметки в листе совпадают с базой: менять нечего.")


@dataclass(frozen=True)
class ClassSheetResult:
    file_name: str
    changed: int

    def summary_lines(self) -> list[str]:
        return [f"Лист «{self.file_name}»: изменено отметок — {self.changed}."]


def _open(path: Path):
    import openpyxl
    check_size(path)
    try:
        check_zip(path, kind="файл Excel")
        from app.services.files.xlsx_stream import check_workbook_bounds
        check_workbook_bounds(path)   # bounded before openpyxl builds every cell
        return openpyxl.load_workbook(path, data_only=True)
    except UserError:
        raise
    except Exception:
        raise UserError(f"Файл «{path.name}» не читается как таблица Excel.") from None


def preview_class_sheet(uow: UnitOfWork, path: Path | str, *, event_id: int | None = None) -> ClassSheetPreview:
    """Check a filled sheet and list what it changes; UserError if it is not ours, of another event
    (when `event_id` is given) or edited beyond its column."""
    path = Path(path)
    book = _open(path)
    not_ours = f"Файл «{path.name}» — не лист отметки ПрофТрека (нет скрытого идентификатора)."
    if ID_SHEET not in book.sheetnames or MARK_SHEET not in book.sheetnames:
        raise UserError(not_ours)
    hidden = book[ID_SHEET]
    if cell_text(hidden["A1"].value) != MAGIC:
        raise UserError(not_ours)
    payload, signature = str(hidden["A2"].value or ""), str(hidden["A3"].value or "")
    with uow:
        uow.require(Permission.EDIT_ATTENDANCE)
        if not hmac.compare_digest(_sign(_secret(uow), payload), signature):
            raise UserError(f"Лист «{path.name}» создан не в этой базе или его служебная часть изменена: "
                            "загрузить его нельзя. Выгрузите новый лист отметки.")
        data = json.loads(payload)
        if event_id is not None and data["event_id"] != event_id:
            raise UserError(f"Лист «{path.name}» относится к другому мероприятию: «{data['title']}» "
                            f"({dt.date.fromisoformat(data['date']):%d.%m.%Y}). Откройте это мероприятие, "
                            "чтобы загрузить его.")
        event = uow.session.get(Event, data["event_id"])
        if event is None:
            raise UserError(f"Мероприятие листа «{path.name}» («{data['title']}») удалено из базы.")
        uow.require_class_access(data["class_id"])
        ws = book[MARK_SHEET]
        students: list[int] = data["students"]
        mark_cells = {f"{MARK_COLUMN}{FIRST_ROW + i}" for i in range(len(students))}
        expected: dict[str, str] = data["cells"]
        seen: set[str] = set()
        for row in ws.iter_rows():
            for cell in row:
                if cell.coordinate in mark_cells:
                    continue
                text = cell_text(cell.value)
                if text != cell_text(expected.get(cell.coordinate, "")):
                    raise UserError(f"Лист «{path.name}» изменён вне столбца «Отметка» (ячейка {cell.coordinate}: "
                                    f"«{text}»). Такой лист загрузить нельзя: верните исходный текст или "
                                    "выгрузите новый лист.")
                seen.add(cell.coordinate)
        missing = [a for a, v in expected.items() if v and a not in seen]
        if missing:
            raise UserError(f"Лист «{path.name}» изменён вне столбца «Отметка» (ячейка {missing[0]} пуста).")
        names = [cell_text(ws[f"B{FIRST_ROW + i}"].value) for i in range(len(students))]
        if _roster_checksum(list(zip(students, names))) != data["roster"]:
            raise UserError(f"Список обучающихся в листе «{path.name}» изменён. Выгрузите новый лист.")
        problems: list[Problem] = []
        after: dict[int, str | None] = {}
        for i, sid in enumerate(students):
            raw = cell_text(ws[f"{MARK_COLUMN}{FIRST_ROW + i}"].value)
            status = None if not raw else ATTENDANCE_MARK_WORDS.get(fold(raw).rstrip("."))
            if raw and status is None:
                problems.append(Problem("отметка не распознана: нужно «участвовал» или «не явился»",
                                        FIRST_ROW + i, "Отметка", raw, MARK_SHEET))
            after[sid] = status
        if problems:
            raise ImportRejected(path.name, problems)
        current = load_attendance(uow, data["event_id"], class_ids=[data["class_id"]])
        before = {r.student_id: r.status for r in current.rows}
        label = next((c.label for c in current.classes if c.id == data["class_id"]), "")
        changes = [SheetChange(sid, name, before.get(sid), after[sid])
                   for sid, name in zip(students, names) if before.get(sid) != after[sid]]
        return ClassSheetPreview(path.name, data["event_id"], data["class_id"], event.title, label, changes,
                                 len(students) - len(changes))


def apply_class_sheet(uow: UnitOfWork, preview: ClassSheetPreview) -> int:
    """Write the previewed changes (keeping each student's result, competence and hours)."""
    with uow:
        current = {r.student_id: r for r in load_attendance(uow, preview.event_id,
                                                             class_ids=[preview.class_id]).rows}
        marks = []
        for c in preview.changes:
            row = current.get(c.student_id)
            marks.append(AttendanceMark(c.student_id, c.after, row.result if row else None,
                                        row.competence if row else "", row.hours if row else None))
        save_attendance(uow, preview.event_id, marks, audit_action="attendance.class_sheet")
        uow.commit()
        return len(marks)


def export_sign_in_pdf(uow: UnitOfWork, event_id: int, class_ids: list[int], path: Path | str) -> Path:
    """A printable sign-in sheet (лист регистрации): the event, then № | ФИО | Класс | Подпись."""
    from reportlab.lib.units import mm
    from reportlab.platypus import LongTable, Spacer

    from app.services.files.pdf_style import GRID, build_pdf, para, styles

    path = Path(path)
    with uow:
        uow.require(Permission.EXPORT_PERSONAL_DATA)
        sheet = load_attendance(uow, event_id, class_ids=class_ids)
        if not sheet.rows:
            raise UserError("В выбранных классах нет обучающихся: лист регистрации пуст.")
        event = uow.session.get(Event, event_id)
        st = styles()
        story = [para(PERSONAL_DATA_NOTICE, st.small), Spacer(1, 4 * mm),
                 para("Лист регистрации участников мероприятия", st.title),
                 para(f"Мероприятие: {event.title}", st.body), para(f"Дата: {_dates(event)}", st.body),
                 para(f"Категория: {EVENT_CATEGORY_LABELS[event.category]}", st.body),
                 para("Классы: " + ", ".join(c.label for c in sheet.classes if c.selected), st.body),
                 Spacer(1, 4 * mm)]
        data = [[para(t, st.header_cell) for t in ("№", "ФИО обучающегося", "Класс", "Подпись")]]
        for n, row in enumerate(sheet.rows, start=1):
            data.append([para(str(n), st.cell), para(row.full_name, st.cell), para(row.class_label, st.cell), ""])
        # Rows tall enough to sign in by hand.
        table = LongTable(data, colWidths=[12 * mm, 95 * mm, 20 * mm, 48 * mm], repeatRows=1,
                          rowHeights=[None] + [8 * mm] * (len(data) - 1))
        table.setStyle(GRID + [("ROWBACKGROUNDS", (0, 0), (-1, 0), ["#DDDDDD"]), ("VALIGN", (0, 1), (-1, -1), "MIDDLE")])
        story += [table, Spacer(1, 8 * mm), para("Ответственный: ____________________ / ____________________",
                                                 st.body)]
        build_pdf(path, story, title=f"Лист регистрации: {event.title}")
        uow.audit("export.sign_in_sheet", entity="event", entity_id=event_id,
                  details=f"лист регистрации, обучающихся {len(sheet.rows)}, файл {path.name}")
        uow.commit()
    return path


# --- The importer shape ------------------------------------------------------------------------------

def _plan_file(uow: UnitOfWork, path: Path | str, *, event_id: int | None = None, progress=None,
          cancelled=None) -> ClassSheetPreview:
    return preview_class_sheet(uow, path, event_id=event_id)


def _apply_plan(uow: UnitOfWork, plan: ClassSheetPreview, *, load_rest: bool = False, progress=None,
           cancelled=None) -> ClassSheetResult:
    return ClassSheetResult(plan.file_name, apply_class_sheet(uow, plan))


CLASS_SHEET_IMPORT: Importer[ClassSheetPreview, ClassSheetResult] = Importer(
    "Загрузка листа отметки", _plan_file, _apply_plan, done="Лист отметки загружен.")
