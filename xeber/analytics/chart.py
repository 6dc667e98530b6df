"""A story's reads per hour as an SVG bar chart, drawn on the server as the rates chart is
(xeber/rates/chart.py): no chart service, no script, only presentation attributes (the
back office's CSP allows no inline style). One bar per hour, an empty hour included, each
with its hour and reads in a <title> that browsers show on hover and screen readers read."""

from __future__ import annotations

import datetime as dt
from html import escape

from django.utils import timezone

from xeber.core.svg import axes

WIDTH, HEIGHT = 720, 240
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 48, 16, 16, 32
MAX_BAR = 24  # a story a few hours old gets a few broad bars, not one the chart's width


def _hour(moment: dt.datetime) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:00}"


def hourly_svg(points: list[tuple[dt.datetime, int]], title: str) -> str:
    """An accessible <svg> of (hour, reads), oldest first: one <rect> per point, the most
    reads of an hour on the y axis, the first and last hour (local time) on the x axis."""
    if not points:
        return ""
    label = escape(title)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM
    bottom = HEIGHT - PAD_BOTTOM
    most = max(reads for _hour_start, reads in points)
    high = most or 1
    step = plot_w / len(points)
    bar = min(max(step - 1, 1), MAX_BAR)
    bars = []
    for index, (hour, reads) in enumerate(points):
        height = plot_h * reads / high
        x = PAD_LEFT + index * step + (step - bar) / 2
        bars.append(
            f'<rect class="reads-hour" x="{x:.1f}" y="{bottom - height:.1f}" '
            f'width="{bar:.1f}" height="{height:.1f}" fill="#b3121f">'
            f"<title>{_hour(hour)}: {reads}</title></rect>"
        )
    return (
        f'<svg class="reads-chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" '
        f'aria-label="{label}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{label}</title>"
        f"{axes(PAD_LEFT, PAD_TOP, WIDTH - PAD_RIGHT, bottom)}"
        f'<text x="{PAD_LEFT - 6}" y="{PAD_TOP + 4}" text-anchor="end" font-size="11">'
        f"{most}</text>"
        f'<text x="{PAD_LEFT - 6}" y="{bottom}" text-anchor="end" font-size="11">0</text>'
        f'<text x="{PAD_LEFT}" y="{HEIGHT - 10}" font-size="11">{_hour(points[0][0])}</text>'
        f'<text x="{WIDTH - PAD_RIGHT}" y="{HEIGHT - 10}" text-anchor="end" font-size="11">'
        f"{_hour(points[-1][0])}</text>"
        f"{''.join(bars)}"
        "</svg>"
    )
