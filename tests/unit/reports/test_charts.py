"""The справка's pictures: the dashboard's series drawn as PNG without Qt — bars in the series' colour
with heights in proportion, the highlighted last bar, an empty series still a picture."""
from __future__ import annotations

import io

from PIL import Image

from app.services.indicators.chart_series import MET_COLOR, ChartSeries
from app.services.reports.charts import nice_step, render_png


def column_height(image: Image.Image, x: int, color: tuple[int, int, int]) -> int:
    column = image.crop((x, 0, x + 1, image.height)).tobytes()
    return sum(1 for y in range(image.height) if tuple(column[3 * y:3 * y + 3]) == color)


def rgb(hex_color: str) -> tuple[int, int, int]:
    return tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))


def test_bars_are_in_proportion_and_the_last_one_highlighted():
    series = ChartSeries("hours", "Часы профминимума", (("0 ч", 10), ("до 20 ч", 40), ("от 40 ч", 20)),
                         ("0 ч", "до 20 ч", "от 40 ч"), "#d08c2f", highlight_last=MET_COLOR)
    image = Image.open(io.BytesIO(render_png(series, width=900))).convert("RGB")
    assert image.width == 900
    bar, met = rgb("#d08c2f"), rgb(MET_COLOR)
    heights = {}
    for x in range(image.width):
        h = column_height(image, x, bar)
        if h:
            heights.setdefault(round(h, -1), x)
    tall, short = max(heights), min(heights)
    assert abs(tall / short - 4) < 0.2               # 40 against 10
    highlighted = max(column_height(image, x, met) for x in range(image.width))
    assert abs(highlighted / short - 2) < 0.2         # the last bar (20) in the «reached» colour


def test_horizontal_and_empty_series_are_pictures_too():
    horizontal = ChartSeries("category", "По категориям", (("Экскурсии", 5), ("Классные часы", 3)),
                             ("Экскурсии", "Классные часы"), "#8a6bbf", horizontal=True)
    image = Image.open(io.BytesIO(render_png(horizontal)))
    assert image.format == "PNG" and image.height < image.width
    empty = ChartSeries("month", "Пусто", (), (), "#3a7bd5")
    assert Image.open(io.BytesIO(render_png(empty))).width == 1600


def test_nice_steps():
    assert [nice_step(v) for v in (3, 11, 48, 260, 3006)] == [1, 5, 10, 100, 1000]
