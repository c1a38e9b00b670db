"""The year's charts as PNG pictures for documents, drawn without Qt (Pillow, which reportlab already
brings) from the same series the «Обзор» page draws (indicators/chart_series.py): bars with their
values, a light grid, the bundled serif font with Cyrillic. Drawn at twice the size they are printed,
so that they stay sharp on paper."""
from __future__ import annotations

import io
import math
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from app.services.indicators.chart_series import ChartSeries
from app.services.resources import resource_path

WIDTH = 1600                 # pixels; printed 16 cm wide, about 250 dpi
GRID, AXIS, TEXT = "#d9dee5", "#6b7480", "#222222"


@lru_cache(maxsize=8)
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "LiberationSerif-Bold.ttf" if bold else "LiberationSerif-Regular.ttf"
    return ImageFont.truetype(str(resource_path("fonts", name)), size)


def format_count(n: float) -> str:
    """A whole number in the Russian way: «2 380»."""
    return f"{round(n):,}".replace(",", "\u00a0")


def nice_step(top: float, ticks: int = 5) -> int:
    """A round step (1, 2, 5 × 10ⁿ) giving about `ticks` grid lines up to `top`."""
    raw = max(top, 1) / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return max(1, int(m * power))
    return max(1, int(10 * power))


def _text_size(draw: ImageDraw.ImageDraw, text: str, font) -> tuple[int, int]:
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    return right - left, bottom - top


def _wrap(draw, text: str, font, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if line and _text_size(draw, trial, font)[0] > width:
            lines.append(line)
            line = word
        else:
            line = trial
    return lines + ([line] if line else [])


def render_png(series: ChartSeries, *, width: int = WIDTH) -> bytes:
    """The chart as PNG bytes."""
    points = series.points or (("", 0),)
    title_font, label_font, value_font = _font(38, True), _font(28), _font(27)
    scratch = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    title_lines = _wrap(scratch, series.title, title_font, width - 60)
    title_h = 50 * len(title_lines) + 20
    if series.horizontal:
        label_w = min(int(width * 0.42), max(_text_size(scratch, label, label_font)[0] for label, _n in points) + 30)
        row_h = 54
        height = title_h + 40 + row_h * len(points) + 70
    else:
        label_w = 0
        height = int(width * 0.5) + title_h
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    y = 16
    for line in title_lines:
        w, _h = _text_size(draw, line, title_font)
        draw.text(((width - w) / 2, y), line, font=title_font, fill=TEXT)
        y += 50
    top_n = max(n for _l, n in points)
    step = nice_step(top_n * 1.1)
    axis_top = step * math.ceil(max(top_n * 1.1, 1) / step)
    if series.horizontal:
        _horizontal(draw, series, points, label_w, title_h + 20, width, row_h, axis_top, step, label_font,
                    value_font)
    else:
        _vertical(draw, series, points, title_h + 20, width, height, axis_top, step, label_font, value_font)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _vertical(draw, series, points, top, width, height, axis_top, step, label_font, value_font) -> None:
    left = 40 + max(_text_size(draw, format_count(axis_top), label_font)[0], 20)
    bottom = height - (120 if series.category_title else 70)
    right = width - 30
    for tick in range(0, axis_top + 1, step):
        y = bottom - (bottom - top) * tick / axis_top
        draw.line((left, y, right, y), fill=GRID if tick else AXIS, width=2)
        label = format_count(tick)
        w, h = _text_size(draw, label, label_font)
        draw.text((left - 12 - w, y - h / 2 - 6), label, font=label_font, fill=AXIS)
    slot = (right - left) / len(points)
    bar_w = slot * 0.7
    last = len(points) - 1
    for i, (label, n) in enumerate(points):
        x0 = left + slot * i + (slot - bar_w) / 2
        y0 = bottom - (bottom - top) * n / axis_top
        color = series.highlight_last if (series.highlight_last and i == last) else series.color
        if n:
            draw.rectangle((x0, y0, x0 + bar_w, bottom - 1), fill=color)
        value = format_count(n)
        w, h = _text_size(draw, value, value_font)
        draw.text((x0 + (bar_w - w) / 2, y0 - h - 14), value, font=value_font, fill=TEXT)
        w, _h = _text_size(draw, label, label_font)
        draw.text((x0 + (bar_w - w) / 2, bottom + 12), label, font=label_font, fill=TEXT)
    if series.category_title:
        w, _h = _text_size(draw, series.category_title, label_font)
        draw.text(((left + right - w) / 2, bottom + 62), series.category_title, font=label_font, fill=AXIS)


def _horizontal(draw, series, points, label_w, top, width, row_h, axis_top, step, label_font, value_font) -> None:
    left, right = label_w, width - 110
    bottom = top + row_h * len(points)
    for tick in range(0, axis_top + 1, step):
        x = left + (right - left) * tick / axis_top
        draw.line((x, top, x, bottom), fill=GRID if tick else AXIS, width=2)
        label = format_count(tick)
        w, _h = _text_size(draw, label, label_font)
        draw.text((x - w / 2, bottom + 10), label, font=label_font, fill=AXIS)
    for i, (label, n) in enumerate(points):  # the first point on top
        y0 = top + row_h * i + row_h * 0.15
        y1 = y0 + row_h * 0.7
        x1 = left + (right - left) * n / axis_top
        if n:
            draw.rectangle((left + 1, y0, x1, y1), fill=series.color)
        w, h = _text_size(draw, label, label_font)
        draw.text((left - 14 - w, (y0 + y1) / 2 - h / 2 - 6), label, font=label_font, fill=TEXT)
        value = format_count(n)
        _w, h = _text_size(draw, value, value_font)
        draw.text((x1 + 10, (y0 + y1) / 2 - h / 2 - 6), value, font=value_font, fill=TEXT)
