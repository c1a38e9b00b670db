"""Loading school reports into the municipal database (`main.py consolidate`): each file all or nothing, in
its own transaction; the same school, year and set loaded again replaces the earlier report and says so,
so a school is never counted twice; a refused file changes nothing and says which file and what is wrong."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.models import DistrictSchool, ReportLoad, SchoolReport, SchoolReportValue
from app.services.access import Permission
from app.services.calendar import get_or_create_year, year_title
from app.services.errors import UserError
from app.services.indicators import load_set
from app.services.municipality.schools import find_school, name_key
from app.services.municipality.setup import require_municipal
from app.services.progress import CancelledFn, ProgressFn
from app.services.uow import UnitOfWork

if TYPE_CHECKING:
    from app.services.municipality.report_file import IncomingReport


@dataclass(frozen=True)
class LoadOutcome:
    file_name: str
    loaded: bool
    message: str                          # Russian: what was loaded (or replaced), or why the file was refused
    school: str = ""
    start_year: int | None = None
    set_code: str = ""
    replaced: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)


def consolidate_files(uow: UnitOfWork, paths: Sequence[Path], *, progress: ProgressFn | None = None,
                      cancelled: CancelledFn | None = None) -> list[LoadOutcome]:
    """Load every file; a refused one is reported in its outcome and the others are still loaded."""
    # openpyxl only when files are read: the main window imports this package to know the database's kind.
    from app.services.municipality.report_file import read_report_file

    with uow:
        uow.require(Permission.EDIT_INDICATORS, "загрузка отчётов школ")
        require_municipal(uow.session, uow.database)
    outcomes: list[LoadOutcome] = []
    for done, path in enumerate(paths):
        if cancelled is not None and cancelled():
            # The files already loaded stay loaded (each is its own transaction): say where it stopped.
            outcomes.append(LoadOutcome("", False, f"Загрузка остановлена: не загружено файлов — {len(paths) - done}."))
            break
        if progress:
            progress(done, len(paths))
        try:
            report = read_report_file(Path(path))
            outcomes.append(load_report(uow, report))
        except UserError as exc:
            outcomes.append(LoadOutcome(Path(path).name, False, str(exc)))
    if progress:
        progress(len(paths), len(paths))
    return outcomes


def load_report(uow: UnitOfWork, report: IncomingReport, *, now: dt.datetime | None = None) -> LoadOutcome:
    """Store one report read from a file, replacing the school's earlier one for the same year and set."""
    try:
        ind_set = load_set(report.set_code)
    except UserError:
        raise UserError(f"Файл «{report.file_name}»: набор показателей «{report.set_code}» программе не известен. "
                        "Обновите ПрофТрек или добавьте файл набора.") from None
    unknown = [i.code for i in report.indicators if ind_set.get(i.code) is None]
    if unknown:
        raise UserError(f"Файл «{report.file_name}»: показателя «{unknown[0]}» нет в наборе «{ind_set.title}».")
    now = now or dt.datetime.now().replace(microsecond=0)
    with uow:
        uow.require(Permission.EDIT_INDICATORS, "загрузка отчётов школ")
        session = uow.session
        require_municipal(session, uow.database)
        school = _school_for(session, report)
        old = session.scalar(select(SchoolReport).where(
            SchoolReport.school_id == school.id, SchoolReport.start_year == report.start_year,
            SchoolReport.set_code == report.set_code))
        replaced = old is not None
        if old is not None:
            session.delete(old)
            session.flush()
        get_or_create_year(session, report.start_year)
        row = SchoolReport(school_id=school.id, start_year=report.start_year, set_code=report.set_code,
                           set_title=report.set_title or ind_set.title, source=report.source,
                           file_name=report.file_name, made_on=report.made_on, checksum=report.checksum,
                           coordinator=report.coordinator, loaded_at=now, loaded_by=uow.actor.login)
        row.values = [SchoolReportValue(position=n, code=i.code, name=i.name, unit=i.unit, measure=i.measure,
                                        value=i.value, numerator=i.numerator, denominator=i.denominator)
                      for n, i in enumerate(report.indicators)]
        session.add(row)
        session.add(ReportLoad(school_id=school.id, start_year=report.start_year, set_code=report.set_code,
                               file_name=report.file_name, source=report.source, replaced=replaced,
                               loaded_at=now, loaded_by=uow.actor.login))
        session.flush()
        name = school.short_name or school.full_name
        uow.audit("municipality.report_load", entity="school_report", entity_id=row.id,
                  details=f"{name}, {year_title(report.start_year)}, {report.set_code} ← {report.file_name}"
                          + (" (заменён)" if replaced else ""))
        uow.commit()
    what = f"{name}, {year_title(report.start_year)}, «{ind_set.title}»"
    message = (f"«{report.file_name}»: отчёт заменён — {what} (прежний отчёт этой школы за этот год удалён, "
               f"дважды не считается)." if replaced else f"«{report.file_name}»: загружен отчёт — {what}.")
    return LoadOutcome(report.file_name, True, message, school=name, start_year=report.start_year,
                       set_code=report.set_code, replaced=replaced, notes=report.notes)


def _school_for(session, report: IncomingReport) -> DistrictSchool:
    school = find_school(session, full_name=report.school_full_name, oo_code=report.oo_code, inn=report.inn)
    if school is None:
        school = DistrictSchool(full_name=report.school_full_name, short_name=report.school_short_name,
                                oo_code=report.oo_code, inn=report.inn, name_key=name_key(report.school_full_name))
        session.add(school)
        session.flush()
        return school
    # A report from the program knows the school's details better than a name typed in by hand.
    if report.source == "program":
        key = name_key(report.school_full_name)
        taken = session.scalar(select(DistrictSchool.id).where(DistrictSchool.name_key == key,
                                                                 DistrictSchool.id != school.id))
        if taken is None:
            school.full_name, school.name_key = report.school_full_name, key
        school.short_name = report.school_short_name or school.short_name
        school.oo_code = report.oo_code or school.oo_code
        school.inn = report.inn or school.inn
    return school
