"""Searching: from what a reader typed to a page of highlighted results."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from xeber.core.html import html_to_paragraphs
from xeber.news.models import Article
from xeber.search.backends import Filters, get_backend
from xeber.search.models import SearchWord
from xeber.search.normalize import fold, lower, word_language
from xeber.search.query import Query, parse_query
from xeber.search.snippets import Highlighter

SUGGESTION_CANDIDATES = 5000


@dataclass
class Hit:
    article: Article
    title: str
    snippet: str


@dataclass
class Results:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    has_next: bool = False
    suggestion: str = ""


def search(text: str, filters: Filters, page: int = 1, per_page: int = 20) -> Results:
    query = parse_query(text, filters.edition)
    results = Results(query)
    if not query.searchable:
        return results
    ids = get_backend().search(query, filters, offset=(page - 1) * per_page, limit=per_page + 1)
    results.has_next = len(ids) > per_page
    ids = ids[:per_page]
    # published() again: an index row can outlive an article changed behind Django's back.
    found = Article.objects.published().select_related("section").in_bulk(ids)
    highlighter = Highlighter(query, filters.edition)
    for pk in (pk for pk in ids if pk in found):
        article = found[pk]
        paragraphs = [article.lead, *html_to_paragraphs(article.body)]
        results.hits.append(
            Hit(article, highlighter.mark(article.title), highlighter.snippet(paragraphs))
        )
    if not results.hits and page == 1:
        results.suggestion = suggest(query, filters.edition)
    return results


def _closest(word: str, edition: str) -> str | None:
    typed = lower(word, word_language(word, edition))
    folded = fold(typed)
    candidates = list(
        SearchWord.objects.filter(edition=edition, folded__startswith=folded[:2]).values_list(
            "word", flat=True
        )[:SUGGESTION_CANDIDATES]
    )
    if typed in candidates:
        return None
    close = difflib.get_close_matches(typed, candidates, n=1, cutoff=0.7)
    return close[0] if close else None


def suggest(query: Query, edition: str) -> str:
    """The query with each unknown word replaced by the closest indexed word, if any."""
    changed, out = False, []
    for word in query.words:
        better = _closest(word, edition)
        changed = changed or better is not None
        out.append(better or word)
    return " ".join(out) if changed else ""
