"""pytest-qt: the «Обзор» charts read as a user reads them (whole short labels, values, «Параллель»),
the page reflows on an old 1024×700 monitor without sideways scrolling, and the cards compare a year in
progress with the same part of the previous one."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCharts import QAbstractBarSeries
from PySide6.QtGui import QFontMetricsF

from app.services.indicators import set_manual_value
from app.services.indicators.overview import MONTHS, overview
from app.services.labels import EVENT_CATEGORY_LABELS, EVENT_CATEGORY_SHORT_LABELS
from tests.indicator_school import EMPTY_YEAR, YEAR, build_school

# Qt Charts cuts a category label to «ф…» when it is wider than its category less about this much.
LABEL_ROOM = 14


@pytest.fixture
def page(qtbot, database, app_context):
    build_school(database)
    app_context.set_year(YEAR)
    from app.ui.dashboard.page import DashboardPage
    page = DashboardPage(app_context)
    qtbot.addWidget(page)
    assert page.data is None  # nothing is counted until the page is shown
    page.show()
    return page


def axis(view, horizontal=False):
    from PySide6.QtCore import Qt
    side = Qt.AlignmentFlag.AlignLeft if horizontal else Qt.AlignmentFlag.AlignBottom
    return view.chart().axes(Qt.Orientation.Vertical if horizontal else Qt.Orientation.Horizontal)[0], side


def test_axes_show_short_whole_labels_and_values(page):
    month, _ = axis(page.charts["month"])
    assert month.categories() == list(MONTHS)
    grade, _ = axis(page.charts["grade"])
    assert grade.categories() == [str(g) for g in range(1, 12)] and grade.titleText() == "Параллель"
    category, _ = axis(page.charts["category"], horizontal=True)
    shorts = category.categories()
    assert shorts and set(shorts) <= set(EVENT_CATEGORY_SHORT_LABELS.values())
    counts = page.charts["category"].chart().series()[0].barSets()[0]
    drawn = [counts.at(i) for i in range(counts.count())]
    assert drawn == sorted(drawn)  # drawn bottom-up: the most students on top
    assert page.charts["category"].minimumHeight() >= 26 * len(shorts)
    for key in ("month", "grade", "category", "hours"):
        series = page.charts[key].chart().series()[0]
        assert series.isLabelsVisible()
        assert series.labelsPosition() == QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd
        assert page.charts[key].chart().localizeNumbers()  # «2 388», not «2388»


@pytest.mark.parametrize("width, columns", [(760, 1), (1000, 2)])  # the page area at 1024×700 and 1280×800
def test_page_reflows_and_month_labels_fit(qtbot, page, width, columns):
    page.resize(width, 600)
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(50)
    assert page.charts_box.columns == columns
    assert page.scroll.horizontalScrollBar().maximum() == 0
    assert page.scroll.widget().width() <= page.scroll.viewport().width()
    for key, labels in (("month", MONTHS), ("grade", [str(g) for g in range(1, 12)])):
        chart = page.charts[key].chart()
        category, _ = axis(page.charts[key])
        metrics = QFontMetricsF(category.labelsFont())
        room = chart.plotArea().width() / len(labels) - LABEL_ROOM
        assert max(metrics.horizontalAdvance(label) for label in labels) <= room, key
    # The twelve months take a whole row whatever the number of columns.
    assert page.charts["month"].width() >= page.charts_box.width() - 2


def test_card_of_a_year_in_progress_names_the_same_period(page, app_context):
    page.show_overview(overview(app_context.uow(), set_code="profminimum", year=EMPTY_YEAR,
                                today=dt.date(2025, 9, 5)))
    p4 = page.cards["P4"].previous
    assert p4.text() == "в прошлом году за тот же период (по 05.09.2024): 0,0 %"
    assert "За весь 2024/2025 учебный год: 42,9 %" in p4.toolTip()
    assert "к прошлому году" not in p4.text()

    set_manual_value(app_context.uow(), set_code="profminimum", indicator_code="P3", year=EMPTY_YEAR, value=90)
    page.show_overview(overview(app_context.uow(), set_code="profminimum", year=EMPTY_YEAR,
                                today=dt.date(2025, 9, 5)))
    assert page.cards["P3"].previous.text() == "за весь прошлый год: 28,6 %"


def test_finished_year_shows_the_change(page):
    assert page.cards["P1"].previous.text() == "к прошлому году: +14,3 п. п."


def test_hovering_a_bar_shows_the_full_category_name(page):
    from PySide6.QtWidgets import QToolTip
    series = page.charts["category"].chart().series()[0]
    bars = series.barSets()[0]
    top = bars.count() - 1
    category, _ = axis(page.charts["category"], horizontal=True)
    code = next(c for c, short in EVENT_CATEGORY_SHORT_LABELS.items() if short == category.categories()[top])
    series.hovered.emit(True, top, bars)
    assert QToolTip.text() == f"{EVENT_CATEGORY_LABELS[code]}: {int(bars.at(top))}"
    series.hovered.emit(False, top, bars)


def test_reflow_does_not_flip_on_a_scroll_bar_width(page):
    grid = page.charts_box
    grid.columns = 2
    assert grid.columns_for(grid.wide - 15) == 2   # the scroll bar appeared: stay in two columns
    assert grid.columns_for(grid.wide - 60) == 1
    grid.columns = 1
    assert grid.columns_for(grid.wide - 15) == 1 and grid.columns_for(grid.wide) == 2
