"""Reads behind the public pages; each one a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass, field
from functools import reduce

from django.db import connection
from django.db.models import Exists, OuterRef, Q

from xeber.news.models import Article, Section

SECTION_BLOCK_SIZE = 4
RELATED_COUNT = 4
RELATED_WINDOW = dt.timedelta(days=60)
LISTING_DEFER = ("body", "header_breaking")


@dataclass
class SectionBlock:
    section: Section
    articles: list[Article] = field(default_factory=list)


@dataclass
class FrontPage:
    main: Article | None
    latest: list[Article]
    blocks: list[SectionBlock]

    @property
    def articles(self) -> list[Article]:
        shown = [*([self.main] if self.main else []), *self.latest]
        return shown + [item for block in self.blocks for item in block.articles]


def front_page(edition: str, latest_count: int = 20) -> FrontPage:
    public = Article.objects.published().in_edition(edition)
    main = public.filter(is_main=True).for_listing().select_related("cover").first()
    latest_qs = public.for_listing()
    if main:
        latest_qs = latest_qs.exclude(pk=main.pk)
    latest = list(latest_qs[:latest_count])
    if main is None and latest:
        main, latest = latest[0], latest[1:]
    return FrontPage(main=main, latest=latest, blocks=section_blocks(edition))


def section_blocks(edition: str) -> list[SectionBlock]:
    """The newest articles of every section in one query: one indexed LIMIT per section."""
    sections = list(Section.objects.filter(edition=edition))
    if not sections:
        return []
    public = Article.objects.published()
    newest = [
        public.filter(section=section).latest_first().values("pk")[:SECTION_BLOCK_SIZE]
        for section in sections
    ]
    if connection.features.supports_slicing_ordering_in_compound:
        # PostgreSQL: a UNION ALL of indexed LIMITs (it would seq-scan an OR of INs).
        newest_per_section = Q(pk__in=newest[0].union(*newest[1:], all=True))
    else:
        # SQLite refuses LIMIT inside UNION parts but plans an OR of INs well.
        newest_per_section = reduce(operator.or_, (Q(pk__in=part) for part in newest))
    blocks = {section.pk: SectionBlock(section) for section in sections}
    for article in Article.objects.filter(newest_per_section).defer(*LISTING_DEFER).latest_first():
        blocks[article.section_id].articles.append(article)
    return [block for block in blocks.values() if block.articles]


def article_detail(edition: str, slug: str) -> Article | None:
    # No ORDER BY (which .first() would add): with one, PostgreSQL walks the edition's time
    # index instead of the (edition, slug) key and took 20 ms at 100,000 articles.
    found = list(
        Article.objects.published()
        .in_edition(edition)
        .select_related("section", "cover")
        .prefetch_related("authors", "tags")
        .filter(slug=slug)
        .order_by()[:1]
    )
    return found[0] if found else None


def related_articles(article: Article) -> list[Article]:
    """The newest articles that share a tag with this one, from the weeks before it.

    A correlated EXISTS lets the database walk the edition's time index newest first and
    stop after RELATED_COUNT matches, instead of collecting and sorting every article of
    a popular tag; the window bounds the walk for rare tags.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]  # prefetched: no query
    candidates = (
        Article.objects.published()
        .in_edition(article.edition)
        .filter(published_at__gte=article.published_at - RELATED_WINDOW)
        .exclude(pk=article.pk)
    )
    if tag_ids:
        shares_a_tag = Article.tags.through.objects.filter(
            article_id=OuterRef("pk"), tag_id__in=tag_ids
        )
        candidates = candidates.filter(Exists(shares_a_tag))
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
