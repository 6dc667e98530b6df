"""The plain-text rendition of an article (FORMAT.md section 1), written out for export
and for `/<lang>/news/<slug>.txt`. Importing it is syndication's (textimport.py)."""

from __future__ import annotations

from django.utils import timezone

from xeber.core.html import html_to_paragraphs
from xeber.news.models import Article
from xeber.news.textformat import TextArticle, render_text
from xeber.rates.selectors import usd_rate_on


def article_to_text(article: Article) -> str:
    day = timezone.localdate(article.published_at)
    usd = article.header_usd if article.header_rate_fixed else usd_rate_on(day)
    paragraphs = ([article.lead] if article.lead.strip() else []) + html_to_paragraphs(article.body)
    return render_text(
        TextArticle(day, usd, article.header_breaking, article.title, tuple(paragraphs))
    )
