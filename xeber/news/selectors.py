"""Reads behind the public pages; each one a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import F, Prefetch, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from xeber.news.models import Article, Section

SECTION_BLOCK_SIZE = 4
# Section blocks are picked from recent news in one query; a quiet section falls back
# to a query of its own.
SECTION_BLOCK_WINDOW = dt.timedelta(days=14)
RELATED_COUNT = 4


@dataclass
class SectionBlock:
    section: Section
    articles: list[Article] = field(default_factory=list)


@dataclass
class FrontPage:
    main: Article | None
    latest: list[Article]
    blocks: list[SectionBlock]


def front_page(edition: str, latest_count: int = 20) -> FrontPage:
    public = Article.objects.published().in_edition(edition)
    main = public.filter(is_main=True).for_listing().first()
    latest_qs = public.for_listing()
    if main:
        latest_qs = latest_qs.exclude(pk=main.pk)
    latest = list(latest_qs[:latest_count])
    if main is None and latest:
        main, latest = latest[0], latest[1:]
    return FrontPage(main=main, latest=latest, blocks=section_blocks(edition))


def section_blocks(edition: str) -> list[SectionBlock]:
    sections = list(Section.objects.filter(edition=edition))
    blocks = {section.pk: SectionBlock(section) for section in sections}
    recent = (
        Article.objects.published()
        .in_edition(edition)
        .filter(published_at__gte=timezone.now() - SECTION_BLOCK_WINDOW)
        .annotate(
            row=Window(RowNumber(), partition_by=F("section_id"), order_by=F("published_at").desc())
        )
        .filter(row__lte=SECTION_BLOCK_SIZE)
        .defer("body", "header_breaking")
        .order_by("section_id", "row")
    )
    for article in recent:
        blocks[article.section_id].articles.append(article)
    for block in blocks.values():
        if not block.articles:
            block.articles = list(
                Article.objects.published()
                .filter(section=block.section)
                .defer("body", "header_breaking")
                .latest_first()[:SECTION_BLOCK_SIZE]
            )
    return [block for block in blocks.values() if block.articles]


def article_detail(edition: str, slug: str) -> Article | None:
    return (
        Article.objects.published()
        .in_edition(edition)
        .select_related("section")
        .prefetch_related("authors", Prefetch("tags"))
        .filter(slug=slug)
        .first()
    )


def related_articles(article: Article) -> list[Article]:
    """Newest articles sharing a tag, else the newest of the same section."""
    tag_ids = [tag.pk for tag in article.tags.all()]  # prefetched: no query
    candidates = Article.objects.published().in_edition(article.edition).exclude(pk=article.pk)
    if tag_ids:
        candidates = candidates.filter(tags__in=tag_ids).distinct()
    else:
        candidates = candidates.filter(section_id=article.section_id)
    return list(candidates.for_listing()[:RELATED_COUNT])


def translations(article: Article) -> list[Article]:
    """The same story in the other editions, published ones only."""
    if article.translation_key is None:
        return []
    return list(
        Article.objects.published()
        .filter(translation_key=article.translation_key)
        .exclude(pk=article.pk)
        .only("edition", "slug", "title")
    )
