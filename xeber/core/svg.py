"""Pieces of the charts Xeber draws itself (SVG written on the server: no script, no
library, nothing fetched from elsewhere)."""

AXIS_COLOUR = "#8a939e"


def axes(left: float, top: float, right: float, bottom: float) -> str:
    """A chart's x axis along its bottom and y axis along its left."""
    return (
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{bottom}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
