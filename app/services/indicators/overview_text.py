"""The words of «Обзор» shared by its cards and `main.py overview`: a value with its unit and the
comparison with the previous year (the same part of it while the chosen year is still in progress)."""
from __future__ import annotations

from app.services.calendar import year_title
from app.services.indicators.compute import IndicatorValue, format_value
from app.services.indicators.overview import Overview


def with_unit(number: float, value: IndicatorValue) -> str:
    if value.is_share:
        return f"{format_value(number, share=True)} %"
    return f"{format_value(number)} {value.unit}".rstrip()


def comparison(value: IndicatorValue, data: Overview) -> tuple[str, str]:
    """(the line on the card, its tooltip) comparing the value with the previous year, or ("", "")."""
    if data.previous is None:
        return "", ""
    whole = data.previous_value(value.code)
    if whole is None:
        return "", ""
    whole_text = f"За весь {year_title(data.previous.year)} учебный год: {with_unit(whole, value)}"
    if data.year_finished:
        change = data.change(value.code)
        if change is None:
            return "", ""
        sign = "+" if change > 0 else ""
        unit = " п. п." if value.is_share else ""
        return f"к прошлому году: {sign}{format_value(change, share=value.is_share)}{unit}", whole_text
    same = data.same_period_value(value.code) if data.in_progress else None
    if same is not None:
        until = data.same_period_until
        return (f"в прошлом году за тот же период (по {until:%d.%m.%Y}): {with_unit(same, value)}",
                f"{whole_text}.\nГод ещё идёт: он сравнивается с той же частью прошлого года.")
    return f"за весь прошлый год: {with_unit(whole, value)}", whole_text
