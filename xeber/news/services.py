"""Small writes-side helpers of the news app; the workflow itself lives in editorial."""

from __future__ import annotations

from xeber.core.slugs import slugify_title
from xeber.news.models import Article, BreakingNews

SLUG_PROBES = 20  # numbered slugs asked for at a time


def unique_article_slug(*, edition: str, title: str, exclude_pk: int | None = None) -> str:
    """The title's slug, or the first of slug-2, slug-3... that no other article of the
    edition has. Each lookup asks the (edition, slug) unique index for exact slugs (a
    LIKE prefix could use no index, on either database), so the cost stays flat however
    large the archive."""
    base = slugify_title(title)
    articles = Article.objects.filter(edition=edition).exclude(pk=exclude_pk)
    if not articles.filter(slug=base).exists():
        return base
    first = 2
    while True:
        candidates = [f"{base}-{number}" for number in range(first, first + SLUG_PROBES)]
        taken = set(articles.filter(slug__in=candidates).values_list("slug", flat=True))
        free = [slug for slug in candidates if slug not in taken]
        if free:
            return free[0]
        first += SLUG_PROBES


def current_breaking_text(edition: str, at=None) -> str:
    newest = BreakingNews.objects.active(at).in_edition(edition).first()
    return newest.text if newest else ""
