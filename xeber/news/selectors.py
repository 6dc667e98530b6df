"""Reads behind the public pages; each one a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from xeber.media.models import Image
from xeber.news.models import Article, Author, Section, Tag

SECTION_BLOCK_SIZE = 4
RELATED_COUNT = 4
RELATED_WINDOW = dt.timedelta(days=60)


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


# The front page and the article page read in SQL written out once rather than built by the
# ORM per request: building those querysets (prefetches, an EXISTS, a UNION of one LIMIT
# per section) cost more than the database took, 3 of the article page's 7 ms uncached.
# The conditions are ArticleQuerySet.published()'s, and tests/test_article_reads.py checks
# each result against the equivalent queryset.
SECTION_FIELDS = ["id", "edition", "name", "slug", "position"]
SECTION_COLUMNS = ", ".join(f"s.{name} AS section_{name}" for name in SECTION_FIELDS[1:])
PUBLIC = "a.status = %s AND a.published_at <= %s"


def _columns(model, alias: str) -> str:
    """The model's columns by name, not `*`: on PostgreSQL a prepared `SELECT *` fails once a
    migration adds a column, until the connection ends."""
    return ", ".join(f"{alias}.{field.column}" for field in model._meta.concrete_fields)


ARTICLE_SQL = f"""
    SELECT {_columns(Article, "a")}, {SECTION_COLUMNS}
    FROM news_article a JOIN news_section s ON s.id = a.section_id
    WHERE a.edition = %s AND a.slug = %s AND {PUBLIC}"""  # noqa: S608 (constants, no input)
# The byline and the tags in one round trip: (kind, id, name, slug, edition) rows.
BYLINE_AND_TAGS_SQL = """
    SELECT 'author', p.id, p.name, p.slug, '' FROM news_author p
    JOIN news_article_authors link ON link.author_id = p.id WHERE link.article_id = %s
    UNION ALL
    SELECT 'tag', t.id, t.name, t.slug, t.edition FROM news_tag t
    JOIN news_article_tags link ON link.tag_id = t.id WHERE link.article_id = %s
    ORDER BY 1, 3, 2"""
COVER_SQL = f"SELECT {_columns(Image, 'i')} FROM media_image i WHERE i.id = %s"  # noqa: S608
# A listing row: everything a teaser shows, without the body.
LISTING_COLUMNS = (
    "a.id, a.edition, a.title, a.slug, a.lead, a.section_id, a.cover_id, a.status, "
    "a.published_at, a.updated_at"
)
NEWEST_FIRST = "ORDER BY a.published_at DESC, a.id DESC"
MAIN_SQL = f"""
    SELECT {LISTING_COLUMNS}, {SECTION_COLUMNS}
    FROM news_article a JOIN news_section s ON s.id = a.section_id
    WHERE a.edition = %s AND {PUBLIC} AND a.is_main {NEWEST_FIRST} LIMIT 1"""  # noqa: S608
LATEST_SQL = f"""
    SELECT {LISTING_COLUMNS}, {SECTION_COLUMNS}
    FROM news_article a JOIN news_section s ON s.id = a.section_id
    WHERE a.edition = %s AND {PUBLIC} AND a.id <> %s {NEWEST_FIRST} LIMIT %s"""  # noqa: S608
SECTIONS_SQL = """
    SELECT id, edition, name, slug, position FROM news_section WHERE edition = %s
    ORDER BY position, name, id"""
# One indexed LIMIT per section, all in one query.
NEWEST_OF_SECTION = f"""SELECT id FROM (
    SELECT a.id FROM news_article a WHERE a.section_id = %s AND {PUBLIC}
    {NEWEST_FIRST} LIMIT {SECTION_BLOCK_SIZE}) newest"""  # noqa: S608
# {shared} picks the related articles.
RELATED_SQL = f"""
    SELECT {LISTING_COLUMNS}, {SECTION_COLUMNS}
    FROM news_article a JOIN news_section s ON s.id = a.section_id
    WHERE a.edition = %s AND {PUBLIC} AND a.published_at >= %s AND a.id <> %s AND {{shared}}
    {NEWEST_FIRST} LIMIT {RELATED_COUNT}"""  # noqa: S608
# A correlated EXISTS lets the database walk the edition's time index newest first and
# stop after RELATED_COUNT matches, instead of collecting and sorting every article of a
# popular tag; the window bounds the walk for rare tags. The tags are given as values (the
# page has read them already). PostgreSQL takes them as one array: with a subquery or a
# list of values in its place it planned the query afresh on every page (0.4 ms of
# planning for 0.2 ms of work); with an array it keeps one plan per connection.
SHARES_A_TAG = """EXISTS (
    SELECT 1 FROM news_article_tags other
    WHERE other.article_id = a.id AND other.tag_id {matches})"""


def _related_by_tags(tag_ids: list[int]) -> tuple[str, list]:
    """The related-articles query for these tags, and its parameters for the tags."""
    if connection.vendor == "postgresql":
        matches, params = "= ANY(%s)", [tag_ids]
    else:
        matches, params = f"IN ({', '.join(['%s'] * len(tag_ids))})", tag_ids
    return RELATED_SQL.format(shared=SHARES_A_TAG.format(matches=matches)), params


RELATED_BY_SECTION_SQL = RELATED_SQL.format(shared="a.section_id = %s")
TRANSLATIONS_SQL = f"""
    SELECT a.id, a.edition, a.slug, a.title FROM news_article a
    WHERE a.translation_key = %s AND a.id <> %s AND {PUBLIC} ORDER BY a.edition"""  # noqa: S608


def _public() -> list:
    return [Article.Status.PUBLISHED, timezone.now()]


def front_page(edition: str, latest_count: int = 20) -> FrontPage:
    """The main story (the newest marked main, else the newest), the latest news and the
    newest few of every section: four short queries, and one for the main story's cover."""
    public = _public()
    main = next(iter(Article.objects.raw(MAIN_SQL, [edition, *public])), None)
    latest_params = [edition, *public, main.pk if main else 0, latest_count]
    latest = list(Article.objects.raw(LATEST_SQL, latest_params))
    if main is None and latest:
        main = latest.pop(0)
    for article in [*([main] if main else []), *latest]:
        _with_section(article)
    if main is not None:
        _attach_cover(main)
    return FrontPage(main=main, latest=latest, blocks=section_blocks(edition, public))


def section_blocks(edition: str, public: list) -> list[SectionBlock]:
    """The newest articles of every section of the edition, in one query."""
    sections = list(Section.objects.raw(SECTIONS_SQL, [edition]))
    if not sections:
        return []
    newest = " UNION ALL ".join([NEWEST_OF_SECTION] * len(sections))
    sql = f"SELECT {LISTING_COLUMNS} FROM news_article a WHERE a.id IN ({newest}) {NEWEST_FIRST}"  # noqa: S608
    params = [value for section in sections for value in (section.pk, *public)]
    blocks = {section.pk: SectionBlock(section) for section in sections}
    for article in Article.objects.raw(sql, params):
        article.section = blocks[article.section_id].section
        blocks[article.section_id].articles.append(article)
    return [block for block in blocks.values() if block.articles]


def _with_section(article: Article) -> Article:
    """Turn the joined section columns of a raw row into the article's cached section."""
    row = article.__dict__
    values = [article.section_id, *(row.pop(f"section_{name}") for name in SECTION_FIELDS[1:])]
    article.section = Section.from_db(article._state.db, SECTION_FIELDS, values)
    return article


def _prefetched(article: Article, name: str, objects: list) -> None:
    """Store objects as what `article.<name>.all()` returns, as prefetch_related would."""
    queryset = getattr(article, name).model.objects.all()
    queryset._result_cache = objects
    queryset._prefetch_done = True
    article._prefetched_objects_cache[name] = queryset


# from_db() takes values in the models' field order.
AUTHOR_FIELDS = ["id", "name", "slug"]
TAG_FIELDS = ["id", "edition", "name", "slug"]


def _attach_byline_and_tags(article: Article) -> None:
    authors, tags = [], []
    with connection.cursor() as cursor:
        cursor.execute(BYLINE_AND_TAGS_SQL, [article.pk, article.pk])
        for kind, pk, name, slug, edition in cursor.fetchall():
            if kind == "author":  # the biography and photo are for the author's own page
                authors.append(Author.from_db(connection.alias, AUTHOR_FIELDS, (pk, name, slug)))
            else:
                tags.append(Tag.from_db(connection.alias, TAG_FIELDS, (pk, edition, name, slug)))
    article._prefetched_objects_cache = {}
    _prefetched(article, "authors", authors)
    _prefetched(article, "tags", tags)


def article_detail(edition: str, slug: str) -> Article | None:
    """A public article with its section, cover, authors and tags: two or three queries."""
    found = list(Article.objects.raw(ARTICLE_SQL, [edition, slug, *_public()]))
    if not found:
        return None
    article = _with_section(found[0])
    _attach_byline_and_tags(article)
    _attach_cover(article)
    return article


def _attach_cover(article: Article) -> None:
    if article.cover_id is not None:
        article.cover = next(iter(Image.objects.raw(COVER_SQL, [article.cover_id])), None)


def related_articles(article: Article) -> list[Article]:
    """The newest articles that share a tag with this one (or, untagged, its section),
    from RELATED_WINDOW before it onwards."""
    tag_ids = [tag.pk for tag in article.tags.all()]  # prefetched: no query
    if tag_ids:
        sql, subjects = _related_by_tags(tag_ids)
    else:
        sql, subjects = RELATED_BY_SECTION_SQL, [article.section_id]
    window_start = article.published_at - RELATED_WINDOW
    params = [article.edition, *_public(), window_start, article.pk, *subjects]
    return [_with_section(item) for item in Article.objects.raw(sql, params)]


def translations(article: Article) -> list[Article]:
    """The same story in the other editions, published ones only."""
    if article.translation_key is None:
        return []
    key = Article._meta.get_field("translation_key").get_db_prep_value(
        article.translation_key, connection
    )
    return list(Article.objects.raw(TRANSLATIONS_SQL, [key, article.pk, *_public()]))
