"""The "most read" block on the front page and beside articles: the same for every page
of an edition, so kept rendered in each process for MOST_READ_HELD_SECONDS, and in the
shared cache for MOST_READ_SECONDS; a page pays a dictionary lookup. With the flush every
minute (30 s after a window closes) and the page cache's minute, what readers see is at
most about four minutes old."""

from __future__ import annotations

import time

from django.core.cache import cache
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from xeber.analytics.selectors import most_read

MOST_READ_SECONDS = 90
MOST_READ_HELD_SECONDS = 30
_held: dict[str, tuple[float, SafeString]] = {}


def most_read_block() -> SafeString:
    edition = get_language()
    deadline, html = _held.get(edition, (0.0, mark_safe("")))
    if deadline > time.monotonic():
        return html
    key = f"most-read:block:{edition}"
    html = cache.get(key)
    if html is None:
        stories = most_read(edition, "day", 5)
        html = get_template("analytics/most_read_block.html", using="jinja2").render(
            {"stories": stories}
        )
        cache.set(key, html, MOST_READ_SECONDS)
    html = mark_safe(html)  # rendered by the autoescaping environment
    _held[edition] = (time.monotonic() + MOST_READ_HELD_SECONDS, html)
    return html


def forget() -> None:
    """Tests and the flush's callers: the next page renders the block afresh."""
    _held.clear()
