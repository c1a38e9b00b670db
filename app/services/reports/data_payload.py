"""What the hidden data sheet of a report holds, taken from the report's data (see data_sheet.py)."""
from __future__ import annotations

from app.services.indicators import IndicatorValue, load_set
from app.services.reports.data import ReportData
from app.services.reports.data_sheet import ReportPayload, SheetIndicator


def payload_of(data: ReportData, *, visible_sheet: str) -> ReportPayload:
    s, result = data.school, data.result
    kinds = {d.code: d.rule.kind for d in load_set(result.set_code).indicators}
    return ReportPayload(
        school_full_name=s.full_name or s.short_name, school_short_name=s.short_name, oo_code=s.oo_code,
        inn=s.inn, municipality=s.municipality, region=s.region, start_year=result.year,
        set_code=result.set_code, set_title=result.set_title, made_on=data.made_on,
        coordinator=data.field("coordinator.signature") or "", visible_sheet=visible_sheet,
        indicators=tuple(_indicator(i, kinds.get(i.code, "")) for i in result.indicators))


def _indicator(ind: IndicatorValue, kind: str) -> SheetIndicator:
    measure = "share" if ind.is_share else "average" if kind == "average_hours" else "count"
    numerator = ind.numerator
    if measure == "count" and numerator is None and ind.value is not None:
        numerator = ind.value  # a count entered by hand is its own numerator
    return SheetIndicator(code=ind.code, name=ind.name, unit=ind.unit, measure=measure, value=ind.value,
                          numerator=numerator, denominator=ind.denominator if measure != "count" else None)
