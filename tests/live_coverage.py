"""Live pages for the tests: an article made live through the services, with entries."""

from __future__ import annotations

from xeber.core.html import paragraphs_to_html
from xeber.live import services


def make_live(article, *, user=None):
    services.live_start(user=user, article=article)
    article.refresh_from_db()
    return article


def post(article, text: str, *, user=None, **fields):
    """An entry of one paragraph (or several, separated by blank lines)."""
    body = paragraphs_to_html(text.split("\n\n"))
    return services.entry_post(user=user, article=article, body=body, **fields)
