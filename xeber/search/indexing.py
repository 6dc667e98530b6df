"""Keeping the index in step with what is published."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator

from django.db import transaction

from xeber.core.html import html_to_paragraphs
from xeber.news.models import Article
from xeber.search.backends import Document, get_backend
from xeber.search.models import SearchWord
from xeber.search.normalize import analyze, fold, lower, word_language, words

BATCH = 1000


def document_for(article: Article) -> Document:
    body = " ".join(html_to_paragraphs(article.body))
    return Document(
        article.pk,
        analyze(article.title, article.edition),
        analyze(article.lead, article.edition),
        analyze(body, article.edition),
        article.edition,
        article.section_id,
        article.published_at,
    )


def _vocabulary(articles: list[Article]) -> list[SearchWord]:
    seen: set[tuple[str, str]] = set()
    for article in articles:
        for word in words(f"{article.title} {article.lead}"):
            if len(word) > 2 and not word.isdigit():
                seen.add((article.edition, lower(word, word_language(word, article.edition))))
    return [SearchWord(edition=edition, word=word, folded=fold(word)) for edition, word in seen]


def index_articles(articles: list[Article]) -> None:
    """Index the published ones among `articles` and drop the others from the index."""
    backend = get_backend()
    published = [a for a in articles if a.status == Article.Status.PUBLISHED]
    others = [a.pk for a in articles if a.status != Article.Status.PUBLISHED]
    if published:
        backend.upsert([document_for(article) for article in published])
        SearchWord.objects.bulk_create(_vocabulary(published), ignore_conflicts=True)
    if others:
        backend.delete(others)


def index_article_ids(article_ids: list[int]) -> None:
    found = list(Article.objects.filter(pk__in=article_ids))
    index_articles(found)
    missing = set(article_ids) - {article.pk for article in found}
    if missing:
        remove_articles(sorted(missing))


def remove_articles(article_ids: list[int]) -> None:
    get_backend().delete(article_ids)


def reindex() -> int:
    """Rebuild the whole index from the articles, in batches; returns how many went in."""
    get_backend().clear()
    SearchWord.objects.all().delete()
    count, batch = 0, []
    published = Article.objects.filter(status=Article.Status.PUBLISHED).only(
        "id", "edition", "title", "lead", "body", "status", "section_id", "published_at"
    )
    for article in published.iterator(chunk_size=BATCH):
        batch.append(article)
        if len(batch) == BATCH:
            index_articles(batch)
            count, batch = count + len(batch), []
    index_articles(batch)
    return count + len(batch)


# Articles saved inside `indexing_in_bulk()`, per thread; None outside it.
_bulk = threading.local()


def index_on_commit(article_id: int) -> None:
    """Index the article once its transaction commits (read again then: the index gets
    what was committed), or with the rest of the batch inside `indexing_in_bulk()`."""
    pending = getattr(_bulk, "ids", None)
    if pending is not None:
        pending.add(article_id)
    else:
        transaction.on_commit(lambda: index_article_ids([article_id]))


def remove_on_commit(article_id: int) -> None:
    """Drop a deleted article from the index once the delete commits."""
    transaction.on_commit(lambda: remove_articles([article_id]))


@contextlib.contextmanager
def indexing_in_bulk() -> Iterator[None]:
    """Articles saved within are indexed together when the enclosing transaction commits:
    one read and one write of the index for an importer's batch instead of one each."""
    outer = getattr(_bulk, "ids", None)
    _bulk.ids = set() if outer is None else outer
    try:
        yield
    finally:
        ids = _bulk.ids
        _bulk.ids = outer
        if outer is None and ids:
            transaction.on_commit(lambda: index_article_ids(sorted(ids)))
