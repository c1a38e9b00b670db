"""The region's form (`consolidated --template`) filled with the district's totals by the same form filler
the schools use: the totals are handed to it as the report of the municipality itself."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.services.errors import UserError
from app.services.indicators import IndicatorValue, SetResult
from app.services.municipality.summary import DistrictSummary, district_summary
from app.services.reports import FillResult
from app.services.reports.data import ReportData
from app.services.reports.form_fill import fill_workbook, open_form, propose_mapping
from app.services.school.details import SchoolDetails
from app.services.uow import UnitOfWork


def district_report_data(summary: DistrictSummary, *, today: dt.date | None = None) -> ReportData:
    signature, phone, email = summary.executor
    details = SchoolDetails(full_name=summary.municipality, short_name=summary.municipality,
                            municipality=summary.municipality, coordinator_name=signature,
                            coordinator_phone=phone, coordinator_email=email)
    indicators = tuple(IndicatorValue(
        code=h.code, goal=h.goal, name=h.name, unit=h.unit, value=summary.total[h.code].value,
        numerator=summary.total[h.code].numerator, denominator=summary.total[h.code].denominator,
        target=h.target, met=summary.total[h.code].met, is_share=h.measure == "share") for h in summary.indicators)
    result = SetResult(set_code=summary.set_code, set_title=summary.set_title, year=summary.start_year,
                       indicators=indicators, profminimum_level="", threshold_hours=0.0)
    return ReportData(details, result, today or dt.date.today())


def fill_regional_form(uow: UnitOfWork, *, form: Path, out: Path, year: int, set_code: str) -> FillResult:
    form, out = Path(form), Path(out)
    if form.resolve() == out.resolve():
        raise UserError("Сохраните заполненную форму в другой файл: бланк региона не изменяется.")
    from app.services.access import Permission

    with uow:
        uow.require(Permission.EXPORT)
    data = district_report_data(district_summary(uow, year=year, set_code=set_code))
    wb = open_form(form)
    mapping = propose_mapping(wb, data, form_name=form.name)
    result = FillResult(out)
    fill_workbook(wb, mapping, data, result)
    try:
        wb.save(out)
    except PermissionError:
        raise UserError(f"Не удалось записать «{out.name}»: файл открыт в другой программе.") from None
    with uow:
        uow.audit("municipality.regional_form", entity="school_report", details=f"{set_code} → {out.name}")
        uow.commit()
    return result
