"""Small writes-side helpers of the news app; the workflow itself lives in editorial."""

from __future__ import annotations

from xeber.core.slugs import slugify_title
from xeber.news.models import Article, BreakingNews


def unique_article_slug(*, edition: str, title: str, exclude_pk: int | None = None) -> str:
    base = slugify_title(title)
    taken = set(
        Article.objects.filter(edition=edition, slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def current_breaking_text(edition: str, at=None) -> str:
    newest = BreakingNews.objects.active(at).in_edition(edition).first()
    return newest.text if newest else ""
