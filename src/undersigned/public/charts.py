"""Charts of the stats pages, drawn on the server as inline SVG (#14).

No script and no chart service: each chart is a few SVG elements written from the
figures, with every coordinate rounded to one decimal, so the same data always gives
the same bytes (and the page's ETag holds). Each is an image with a title and a
description for assistive technology; the page follows it with the same figures as a
table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from django.utils.html import escape

# The site's own colours (core/static/undersigned/site.css): ink on white, contrast ≥ 4.5.
INK = "#1d1d1b"
GRID = "#767676"
LINE = "#1f5f99"
BAR = "#2e7d4f"


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _svg(width: int, height: int, title: str, description: str, body: Sequence[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{{id}}-t {{id}}-d">'
        f'<title id="{{id}}-t">{escape(title)}</title>'
        f'<desc id="{{id}}-d">{escape(description)}</desc>' + "".join(body) + "</svg>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", size: int = 12) -> str:
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{INK}" '
        f'text-anchor="{anchor}" font-family="sans-serif">{escape(text)}</text>'
    )


@dataclass(frozen=True, kw_only=True)
class Point:
    day: date
    signed: int
    cumulative: int


def over_time(
    points: Sequence[Point],
    *,
    chart_id: str,
    title: str,
    description: str,
    cumulative_label: str,
    daily_label: str,
    number: Callable[[int], str] = str,
    day_label: Callable[[date], str] = date.isoformat,
) -> str:
    """Two panels on one time axis: the list's size at each day's end (a line, above)
    and the entries each day (bars, below). ``number`` and ``day_label`` write figures
    and dates in the reader's language."""
    width, height, left, right = 640, 300, 64, 16
    top_panel, bottom_panel = (28, 168), (200, 272)
    plot_width = width - left - right
    body: list[str] = []
    if not points:
        body.append(_text(width / 2, height / 2, description, anchor="middle"))
        return _svg(width, height, title, description, body).replace("{id}", chart_id)
    first, last = points[0].day, points[-1].day
    span = max((last - first).days, 1)
    bar_width = max(plot_width / (span + 1) * 0.8, 1.0)

    def x_of(day: date) -> float:
        if first == last:
            return left + plot_width / 2
        return left + (day - first).days / span * (plot_width - bar_width) + bar_width / 2

    top = max(point.cumulative for point in points) or 1
    most = max(point.signed for point in points) or 1
    for (y0, y1), peak, label in (
        (top_panel, top, cumulative_label),
        (bottom_panel, most, daily_label),
    ):
        body.append(
            f'<line x1="{left}" y1="{y1}" x2="{width - right}" y2="{y1}" stroke="{GRID}"/>'
            f'<line x1="{left}" y1="{y0}" x2="{left}" y2="{y1}" stroke="{GRID}"/>'
        )
        body.append(_text(left - 6, y0 + 4, number(peak), anchor="end", size=11))
        body.append(_text(left - 6, y1, "0", anchor="end", size=11))
        body.append(_text(left, y0 - 10, label, size=12))
    y0, y1 = top_panel
    path = " ".join(
        f"{'M' if index == 0 else 'L'}{_n(x_of(point.day))} "
        f"{_n(y1 - point.cumulative / top * (y1 - y0))}"
        for index, point in enumerate(points)
    )
    if len(points) == 1:
        point = points[0]
        cy = y1 - point.cumulative / top * (y1 - y0)
        body.append(f'<circle cx="{_n(x_of(point.day))}" cy="{_n(cy)}" r="3" fill="{LINE}"/>')
    else:
        body.append(f'<path d="{path}" fill="none" stroke="{LINE}" stroke-width="2"/>')
    y0, y1 = bottom_panel
    for point in points:
        bar = point.signed / most * (y1 - y0)
        body.append(
            f'<rect x="{_n(x_of(point.day) - bar_width / 2)}" y="{_n(y1 - bar)}" '
            f'width="{_n(bar_width)}" height="{_n(bar)}" fill="{BAR}"/>'
        )
    body.append(_text(left, height - 8, day_label(first), size=11))
    if last != first:
        body.append(_text(width - right, height - 8, day_label(last), anchor="end", size=11))
    return _svg(width, height, title, description, body).replace("{id}", chart_id)


def by_country(
    rows: Sequence[tuple[str, int]],
    *,
    chart_id: str,
    title: str,
    description: str,
    number: Callable[[int], str] = str,
) -> str:
    """Horizontal bars, one per country (already folded and ordered by the selector)."""
    bar_height, gap, label_width, width = 18, 6, 200, 640
    height = max(len(rows), 1) * (bar_height + gap) + gap
    most = max((value for _label, value in rows), default=0) or 1
    plot = width - label_width - 72
    body: list[str] = []
    if not rows:
        body.append(_text(width / 2, height / 2 + 4, description, anchor="middle"))
    for index, (label, value) in enumerate(rows):
        y = gap + index * (bar_height + gap)
        length = value / most * plot
        body.append(_text(label_width - 8, y + 13, label, anchor="end"))
        body.append(
            f'<rect x="{label_width}" y="{y}" width="{_n(length)}" height="{bar_height}" '
            f'fill="{BAR}"/>'
        )
        body.append(_text(label_width + length + 6, y + 13, number(value)))
    return _svg(width, height, title, description, body).replace("{id}", chart_id)


def sparkline(values: Sequence[int], *, title: str) -> str:
    """A small line of the list's size over time, for the site's stats page."""
    width, height = 120, 28
    body: list[str] = []
    if len(values) >= 2:
        top = max(values) or 1
        step = (width - 4) / (len(values) - 1)
        points = " ".join(
            f"{_n(2 + index * step)},{_n(height - 2 - value / top * (height - 4))}"
            for index, value in enumerate(values)
        )
        body.append(f'<polyline points="{points}" fill="none" stroke="{LINE}" stroke-width="1.5"/>')
    elif values:
        body.append(f'<circle cx="{width / 2:.0f}" cy="{height / 2:.0f}" r="2" fill="{LINE}"/>')
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>' + "".join(body) + "</svg>"
    )
