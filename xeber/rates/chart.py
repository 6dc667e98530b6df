"""A currency's history as an SVG line chart, drawn on the server (no chart service)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from html import escape

from xeber.core.svg import axes

WIDTH, HEIGHT = 720, 260
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 64, 16, 16, 32


def _fmt(value: Decimal) -> str:
    return f"{value:.4f}"


def history_svg(points: list[tuple[dt.date, Decimal]], title: str) -> str:
    """An accessible <svg>: a line over time, the lowest and highest value on the y axis."""
    label = escape(title)
    if len(points) < 2:
        return ""
    values = [value for _, value in points]
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)
    first, last = points[0][0], points[-1][0]
    days = max((last - first).days, 1)
    plot_w = WIDTH - PAD_LEFT - PAD_RIGHT
    plot_h = HEIGHT - PAD_TOP - PAD_BOTTOM

    def xy(day: dt.date, value: Decimal) -> str:
        x = PAD_LEFT + plot_w * (day - first).days / days
        # A flat line (the pegged dollar) runs through the middle, not along the top.
        share = float((high - value) / span) if high > low else 0.5
        y = PAD_TOP + plot_h * share
        return f"{x:.1f},{y:.1f}"

    line = " ".join(xy(day, value) for day, value in points)
    bottom = HEIGHT - PAD_BOTTOM
    return (
        f'<svg class="rate-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{label}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{label}</title>"
        f"{axes(PAD_LEFT, PAD_TOP, WIDTH - PAD_RIGHT, bottom)}"
        f'<text x="{PAD_LEFT - 6}" y="{PAD_TOP + 4}" text-anchor="end" font-size="11">'
        f"{_fmt(high)}</text>"
        f'<text x="{PAD_LEFT - 6}" y="{bottom}" text-anchor="end" font-size="11">{_fmt(low)}</text>'
        f'<text x="{PAD_LEFT}" y="{HEIGHT - 10}" font-size="11">{first.isoformat()}</text>'
        f'<text x="{WIDTH - PAD_RIGHT}" y="{HEIGHT - 10}" text-anchor="end" font-size="11">'
        f"{last.isoformat()}</text>"
        f'<polyline fill="none" stroke="#b3121f" stroke-width="2" points="{line}"/>'
        "</svg>"
    )
