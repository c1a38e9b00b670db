"""Bar charts of the «Обзор» page (Qt Charts) from plain (label, number) pairs."""
from __future__ import annotations

from PySide6.QtCharts import (QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QHorizontalBarSeries,
                              QValueAxis)
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter


def bar_chart(title: str, points: tuple[tuple[str, int], ...], *, horizontal: bool = False,
              color: str = "#3a7bd5", highlight_last: str | None = None) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(chart.margins() * 0)
    bars = QBarSet("")
    bars.setColor(QColor(color))
    for _label, n in points:
        bars.append(n)
    series = QHorizontalBarSeries() if horizontal else QBarSeries()
    series.append(bars)
    series.setLabelsVisible(True)
    if highlight_last and points:
        # The band of students who reached the level stands out from those still short of it.
        bars.setSelectedColor(QColor(highlight_last))
        bars.selectBar(len(points) - 1)
    chart.addSeries(series)
    categories = QBarCategoryAxis()
    categories.append([label for label, _n in points] or [""])
    values = QValueAxis()
    values.setLabelFormat("%d")
    values.setRange(0, max([n for _l, n in points] + [1]) * 1.15)
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


class ChartView(QChartView):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)

    def show_chart(self, chart: QChart) -> None:
        old = self.chart()
        self.setChart(chart)
        if old is not None and old is not chart:
            old.deleteLater()
