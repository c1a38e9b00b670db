"""Bar charts of the «Обзор» page (Qt Charts) from plain (label, number) pairs: short category labels that
fit, the value above each bar (or at its end), a tooltip with the full name and number on hover."""
from __future__ import annotations

from PySide6.QtCharts import (QAbstractBarSeries, QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView,
                              QHorizontalBarSeries, QValueAxis)
from PySide6.QtCore import QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QPainter
from PySide6.QtWidgets import QApplication, QToolTip

VALUE_HEADROOM = 1.2  # room above the tallest bar for its value label
BAR_WIDTH = 0.75


def format_count(n: float) -> str:
    """A whole number in the Russian way: «2 380»."""
    return f"{round(n):,}".replace(",", "\u00a0")


def small_font(delta: int = -1) -> QFont:
    font = QFont(QApplication.font())
    size = font.pointSizeF()
    if size > 0:
        font.setPointSizeF(max(7.0, size + delta))
    return font


def bar_chart(title: str, points: tuple[tuple[str, int], ...], *, horizontal: bool = False,
              color: str = "#3a7bd5", highlight_last: str | None = None, category_title: str = "",
              full_names: tuple[str, ...] | None = None, value_labels: bool = True) -> QChart:
    """`points` in the order they are drawn (left to right; bottom to top when horizontal).
    `full_names` (one per point) go into the hover tooltip when the axis shows short ones."""
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleFont(small_font(0))
    chart.legend().hide()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 8, 4))
    # Numbers in the Russian way: «2 388» over a bar, not «2388».
    chart.setLocale(QLocale(QLocale.Language.Russian, QLocale.Country.Russia))
    chart.setLocalizeNumbers(True)
    bars = QBarSet("")
    bars.setColor(QColor(color))
    bars.setBorderColor(QColor(color))
    for _label, n in points:
        bars.append(n)
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.append(bars)
    series.setBarWidth(BAR_WIDTH)
    if value_labels:
        series.setLabelsVisible(True)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        series.setLabelsFormat("@value")
        series.setLabelsPrecision(12)
        bars.setLabelColor(QColor("#222"))
        bars.setLabelFont(small_font())
    if highlight_last and points:
        # The band of students who reached the level stands out from those still short of it.
        bars.setSelectedColor(QColor(highlight_last))
        bars.selectBar(len(points) - 1)
    names = full_names or tuple(label for label, _n in points)
    series.hovered.connect(lambda status, index, _set: _tooltip(status, names[index], points[index][1])
                           if 0 <= index < len(points) else None)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([label for label, _n in points] or [""])
    categories.setLabelsFont(small_font())
    categories.setGridLineVisible(False)
    if category_title:
        categories.setTitleText(category_title)
        categories.setTitleFont(small_font())
    values = QValueAxis()
    values.setLabelFormat("%.0f")
    values.setLabelsFont(small_font())
    values.setRange(0, max([n for _l, n in points] + [1]) * VALUE_HEADROOM)
    values.applyNiceNumbers()
    if horizontal:
        chart.addAxis(categories, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(categories)
    series.attachAxis(values)
    return chart


def _tooltip(status: bool, name: str, n: int) -> None:
    if status:
        QToolTip.showText(QCursor.pos(), f"{name}: {format_count(n)}")
    else:
        QToolTip.hideText()


class ChartView(QChartView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)

    def show_chart(self, chart: QChart, *, min_height: int = 260) -> None:
        old = self.chart()
        self.setChart(chart)
        self.setMinimumHeight(min_height)
        if old is not None and old is not chart:
            old.deleteLater()
