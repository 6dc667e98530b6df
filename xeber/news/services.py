"""Writes to the newsroom's content, each one explicit and atomic."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

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


@transaction.atomic
def article_publish(*, article: Article, at=None) -> Article:
    """Publish now (or at `at`), recording the header line readers saw at that moment."""
    article.status = Article.Status.PUBLISHED
    article.published_at = at or timezone.now()
    if not article.header_breaking:
        article.header_breaking = current_breaking_text(article.edition, article.published_at)
    if not article.slug:
        article.slug = unique_article_slug(edition=article.edition, title=article.title)
    article.save()
    return article
