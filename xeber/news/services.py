"""Small writes-side helpers of the news app; the workflow itself lives in editorial."""

from __future__ import annotations

from xeber.core.slugs import slugify_title
from xeber.news.models import Article, BreakingNews

SLUG_PROBES = 20  # numbered slugs asked for at a time


def unique_article_slug(
    *, edition: str, title: str, exclude_pk: int | None = None, also_taken=frozenset()
) -> str:
    """The title's slug, or the first of slug-2, slug-3... that no other article of the
    edition has (nor `also_taken`). Each lookup asks the (edition, slug) unique index for
    exact slugs (a LIKE prefix could use no index, on either database), so the cost stays
    flat however large the archive."""
    base = slugify_title(title)
    articles = Article.objects.filter(edition=edition).exclude(pk=exclude_pk)
    if base not in also_taken and not articles.filter(slug=base).exists():
        return base
    first = 2
    while True:
        candidates = [f"{base}-{number}" for number in range(first, first + SLUG_PROBES)]
        found = articles.filter(slug__in=candidates).order_by()
        taken = set(found.values_list("slug", flat=True))
        free = [slug for slug in candidates if slug not in taken | also_taken]
        if free:
            return free[0]
        first += SLUG_PROBES


def unique_article_slugs(articles: list[Article]) -> list[str]:
    """unique_article_slug for many new articles at once, each different from the others:
    one lookup per edition for the titles' own slugs, and one more per title whose slug
    is taken."""
    wanted = [(article.edition, slugify_title(article.title or "article")) for article in articles]
    taken: set[tuple[str, str]] = set()
    for edition in {edition for edition, _ in wanted}:
        bases = [base for in_edition, base in wanted if in_edition == edition]
        found = Article.objects.filter(edition=edition, slug__in=bases).order_by()
        taken |= {(edition, slug) for slug in found.values_list("slug", flat=True)}
    slugs = []
    for edition, base in wanted:
        if (edition, base) in taken:
            given = {slug for in_edition, slug in taken if in_edition == edition}
            base = unique_article_slug(edition=edition, title=base, also_taken=given)
        taken.add((edition, base))
        slugs.append(base)
    return slugs


def current_breaking_text(edition: str, at=None) -> str:
    newest = BreakingNews.objects.active(at).in_edition(edition).first()
    return newest.text if newest else ""
