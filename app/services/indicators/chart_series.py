"""The series of the year's charts, written once: the «Обзор» page draws them with Qt Charts and the
analytic report (справка) draws the same series as pictures without Qt (reports/charts.py).

Participation by month, students who took part by grade, by category of event, and students of grades
6–11 by their profminimum hours against the level."""
from __future__ import annotations

from dataclasses import dataclass

from app.services.indicators.overview import Overview
from app.services.labels import EVENT_CATEGORY_LABELS, EVENT_CATEGORY_SHORT_LABELS

MET_COLOR = "#1e7b34"


@dataclass(frozen=True)
class ChartSeries:
    key: str
    title: str
    points: tuple[tuple[str, int], ...]      # (label, number) in the order drawn: left to right, top to bottom
    full_names: tuple[str, ...]              # one per point: the tooltip or the legend of a short label
    color: str
    horizontal: bool = False
    highlight_last: str | None = None        # the colour of the last bar (the students who reached the level)
    category_title: str = ""


def chart_series(data: Overview) -> dict[str, ChartSeries]:
    """The four charts of the year, by key: "month", "grade", "hours", "category"."""
    by_category = data.by_category  # most students first
    return {
        "month": ChartSeries("month", "Участие в мероприятиях по месяцам (отметок «участвовал»)", data.by_month,
                             tuple(label for label, _n in data.by_month), "#3a7bd5"),
        "grade": ChartSeries("grade", "Обучающихся, участвовавших в мероприятиях, по параллелям", data.by_grade,
                             tuple(f"{g} классы" for g, _n in data.by_grade), "#5b8c5a",
                             category_title="Параллель"),
        "hours": ChartSeries("hours", f"Часы профминимума, 6–11 классы (уровень {data.threshold_hours:g} ч)",
                             data.hours_bands, tuple(label for label, _n in data.hours_bands), "#d08c2f",
                             highlight_last=MET_COLOR,
                             category_title="Часов за учебный год (зелёный столбец — достигли уровня)"),
        "category": ChartSeries("category", "Обучающихся по категориям мероприятий",
                                tuple((EVENT_CATEGORY_SHORT_LABELS.get(code, code), n) for code, n in by_category),
                                tuple(EVENT_CATEGORY_LABELS.get(code, code) for code, _n in by_category), "#8a6bbf",
                                horizontal=True),
    }
