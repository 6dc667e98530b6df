"""The plain-text rendition of an article (FORMAT.md section 1), written out for export
and for `/<lang>/news/<slug>.txt`. Importing it is syndication's (textimport.py).

A gallery or one of our pictures in the body is written as the paragraph an editor types
for it, `[gallery 12]` or `[image 7]`: imported back, the save expands it again, as an
embed's link paragraph becomes the embed again (README, "Embeds")."""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone

from xeber.core.html import html_to_paragraphs
from xeber.media.blocks import blocks
from xeber.news.models import Article
from xeber.news.textformat import TextArticle, TextLive, render_text
from xeber.rates.selectors import usd_rate_on

# What a live page's text carries after its body (textformat.TextLive), read by the live
# app, which registers it when it is ready (xeber/live/apps.py): news knows the layout,
# not the rows of entries.
LiveReader = Callable[[Article], TextLive | None]
_live_reader: LiveReader | None = None


def read_live_with(reader: LiveReader) -> None:
    global _live_reader
    _live_reader = reader


def article_to_text(article: Article) -> str:
    day = timezone.localdate(article.published_at)
    usd = article.header_usd if article.header_rate_fixed else usd_rate_on(day)
    body = html_to_paragraphs(media_as_codes(article.body))
    paragraphs = ([article.lead] if article.lead.strip() else []) + body
    live = _live_reader(article) if article.live and _live_reader is not None else None
    return render_text(
        TextArticle(day, usd, article.header_breaking, article.title, tuple(paragraphs), live)
    )


def media_as_codes(body: str) -> str:
    """The body with each gallery and picture of ours that the save expanded folded back
    into its `[gallery N]` or `[image N]` paragraph (an inline picture's caption is its
    own then, once imported)."""
    if "<figure class=" not in body:  # most bodies: nothing to fold
        return body
    pieces, last = [], 0
    for block in blocks(body):
        if block.kind in {"gallery", "image"} and body.startswith("<figure", block.start):
            pieces += [body[last : block.start], f"<p>[{block.kind} {block.number}]</p>"]
            last = block.end
    return "".join(pieces) + body[last:]
