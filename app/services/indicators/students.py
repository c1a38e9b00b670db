"""The students behind an indicator's number, and those the indicator has not reached yet — the
coordinator's to-do list. Personal data: viewing needs the roster right (and the health right when the
indicator is about ОВЗ); exporting needs EXPORT_PERSONAL_DATA and is audited."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from app.services.access import Permission
from app.services.calendar import find_year, year_title
from app.services.errors import UserError
from app.services.indicators import sql
from app.services.indicators.compute import profminimum_level, year_params
from app.services.indicators.definitions import Rule, load_set
from app.services.text import fold, sort_key
from app.services.uow import UnitOfWork


@dataclass(frozen=True)
class StudentRow:
    student_id: int
    full_name: str
    class_label: str
    hours: float
    search_text: str = ""


@dataclass(frozen=True)
class StudentsBehind:
    set_code: str
    indicator_code: str
    indicator_name: str
    year: int
    covered: tuple[StudentRow, ...]
    not_covered: tuple[StudentRow, ...]
    threshold_hours: float


def _population(rule: Rule) -> Rule:
    """Whom an indicator is about when listing those not yet covered: its denominator's students;
    a count of graduates with no grades named is about the year's 9th and 11th graders."""
    from dataclasses import replace
    if rule.kind == "graduates" and not rule.grades:
        return replace(rule, grades=(9, 11))
    return rule


def _rows(session, ids_sql: str, params: dict) -> tuple[StudentRow, ...]:
    query = (f"SELECT s.id, s.last_name, s.first_name, s.patronymic, sc2.grade, sc2.letter, COALESCE(h.hours, 0) "
             f"FROM ({ids_sql}) ids JOIN student s ON s.id = ids.student_id "
             f"JOIN enrollment en2 ON en2.student_id = s.id AND en2.year_id = :year_id "
             f"JOIN school_class sc2 ON sc2.id = en2.class_id "
             f"LEFT JOIN ({sql.HOURS_OF_STUDENTS}) h ON h.student_id = s.id")
    rows = []
    for sid, last, first, patronymic, grade, letter, hours in session.execute(text(query), params):
        name = " ".join(p for p in (last, first, patronymic) if p)
        label = f"{grade}{letter}"
        rows.append(StudentRow(sid, name, label, round(float(hours), 1), fold(f"{name} {label}")))
    rows.sort(key=lambda r: (sort_key(r.full_name), r.class_label))
    return tuple(rows)


def students_behind(uow: UnitOfWork, *, set_code: str, indicator_code: str, year: int) -> StudentsBehind:
    indicator = load_set(set_code).get(indicator_code)
    if indicator is None:
        raise UserError(f"В наборе «{set_code}» нет показателя «{indicator_code}».")
    rule = indicator.rule
    if not rule.is_students:
        raise UserError(f"За показателем {indicator_code} не стоит список обучающихся.")
    with uow:
        uow.require(Permission.VIEW_INDICATORS)
        uow.require(Permission.VIEW_ROSTER)
        if rule.ovz:
            uow.require(Permission.VIEW_HEALTH)
        session = uow.session
        year_row = find_year(session, year)
        _level, threshold = profminimum_level(session)
        params = year_params(year_row, threshold)
        covered_ids = sql.student_set(rule).ids()
        population = sql.enrolled(_population(rule)).ids()
        covered = _rows(session, covered_ids, params)
        not_covered = _rows(session, f"{population} EXCEPT {covered_ids}", params)
    return StudentsBehind(set_code, indicator_code, indicator.name, year, covered, not_covered, threshold)


def export_students_behind(uow: UnitOfWork, behind: StudentsBehind, path: Path) -> None:
    """Both lists in one XLSX, the personal-data notice first; audited."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from app.services.files.export_safety import PERSONAL_DATA_NOTICE, write_text_cell
    with uow:
        uow.require(Permission.EXPORT_PERSONAL_DATA)
        wb = Workbook()
        wb.remove(wb.active)
        for title, rows in (("Охвачены", behind.covered), ("Не охвачены", behind.not_covered)):
            ws = wb.create_sheet(title)
            write_text_cell(ws.cell(1, 1), PERSONAL_DATA_NOTICE)
            write_text_cell(ws.cell(2, 1), f"Показатель {behind.indicator_code}. {behind.indicator_name}")
            write_text_cell(ws.cell(3, 1), f"Учебный год {year_title(behind.year)}. {title}: {len(rows)}")
            for col, header in enumerate(("№", "ФИО", "Класс", "Часов за год"), start=1):
                cell = ws.cell(5, col, header)
                cell.font = Font(bold=True)
            for n, row in enumerate(rows, start=1):
                ws.cell(5 + n, 1, n)
                write_text_cell(ws.cell(5 + n, 2), row.full_name)
                write_text_cell(ws.cell(5 + n, 3), row.class_label)
                ws.cell(5 + n, 4, row.hours)
            for letter, width in zip("ABCD", (6, 40, 8, 14)):
                ws.column_dimensions[letter].width = width
        wb.save(path)
        uow.audit("indicators.export_students", entity="indicator",
                  details=f"{behind.set_code}/{behind.indicator_code} {year_title(behind.year)}: "
                          f"{len(behind.covered)} + {len(behind.not_covered)} обучающихся → {Path(path).name}")
        uow.commit()
