"""Reads behind the public pages; each one a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import functools
import json
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from xeber.core import rows
from xeber.core.rows import Shape
from xeber.media.models import Image
from xeber.news.models import Article, Author, Section, Tag
from xeber.news.querysets import public_params, public_sql

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
# The public condition (PUBLIC) is generated from published(), and
# tests/test_article_reads.py checks each result against the equivalent queryset. Columns
# are named, never `*`: on PostgreSQL a prepared `SELECT *` fails once a migration adds a
# column, until the connection ends.
ARTICLE = Shape(Article, tuple(field.attname for field in Article._meta.concrete_fields))
# A listing row: everything a teaser shows, without the body.
LISTING = Shape(
    Article,
    (
        "id", "edition", "kind", "title", "slug", "lead", "section_id", "cover_id", "status",
        "published_at", "updated_at", "live",
    ),
)  # fmt: skip
SECTION = Shape(Section, ("id", "edition", "name", "slug", "position"))
IMAGE = Shape(Image, tuple(field.attname for field in Image._meta.concrete_fields))
TRANSLATION = Shape(Article, ("id", "edition", "title", "slug"))
LISTING_COLUMNS = LISTING.columns("a")
WITH_SECTION = "FROM news_article a JOIN news_section s ON s.id = a.section_id"
PUBLIC = public_sql(Article, "a")
NEWEST_FIRST = "ORDER BY a.published_at DESC, a.id DESC"

# The byline and the tags come with the article, each a JSON list of [name, id, ...] lists:
# two subqueries cost the server less than another round trip.
BYLINE_FROM = """FROM news_author x JOIN news_article_authors link ON link.author_id = x.id
    WHERE link.article_id = a.id"""
TAGS_FROM = """FROM news_tag x JOIN news_article_tags link ON link.tag_id = x.id
    WHERE link.article_id = a.id"""


def _json_list(values: str, rows_from: str, vendor: str) -> str:
    """A subquery: one JSON list holding [values] for each row, by name then id on
    PostgreSQL. SQLite (before 3.44) cannot order within an aggregate; its order of text is
    Python's, so its lists are sorted on reading (_listed)."""
    if vendor == "postgresql":
        return f"(SELECT json_agg(json_build_array({values}) ORDER BY x.name, x.id) {rows_from})"
    return f"(SELECT json_group_array(json_array({values})) {rows_from})"


# Bylines link to the author's page and, in JSON-LD, to their pages elsewhere (sameAs).
AUTHOR_LINKS = ("telegram_url", "x_url", "facebook_url", "instagram_url", "website")


@functools.cache
def _article_sql(vendor: str) -> str:
    links = "".join(f", x.{name}" for name in AUTHOR_LINKS)
    byline = _json_list(f"x.name, x.id, x.slug{links}", BYLINE_FROM, vendor)
    tags = _json_list("x.name, x.id, x.edition, x.slug", TAGS_FROM, vendor)
    return f"""
    SELECT {ARTICLE.columns("a")}, {SECTION.columns("s")}, {byline}, {tags} {WITH_SECTION}
    WHERE a.edition = %s AND a.slug = %s AND {PUBLIC}"""


COVER_SQL = f"SELECT {IMAGE.columns('i')} FROM media_image i WHERE i.id = %s"  # noqa: S608
MAIN_SQL = f"""
    SELECT {LISTING_COLUMNS}, {SECTION.columns("s")} {WITH_SECTION}
    WHERE a.edition = %s AND {PUBLIC} AND a.is_main {NEWEST_FIRST} LIMIT 1"""
LATEST_SQL = f"""
    SELECT {LISTING_COLUMNS}, {SECTION.columns("s")} {WITH_SECTION}
    WHERE a.edition = %s AND {PUBLIC} AND a.id <> %s {NEWEST_FIRST} LIMIT %s"""
SECTIONS_SQL = f"""
    SELECT {SECTION.columns("s")} FROM news_section s WHERE s.edition = %s
    ORDER BY s.position, s.name, s.id"""  # noqa: S608
# One indexed LIMIT per section, all in one query.
NEWEST_OF_SECTION = f"""SELECT id FROM (
    SELECT a.id FROM news_article a WHERE a.section_id = %s AND {PUBLIC}
    {NEWEST_FIRST} LIMIT {SECTION_BLOCK_SIZE}) newest"""  # noqa: S608
# {shared} picks the related articles.
RELATED_SQL = f"""
    SELECT {LISTING_COLUMNS}, {SECTION.columns("s")} {WITH_SECTION}
    WHERE a.edition = %s AND {PUBLIC} AND a.published_at >= %s AND a.id <> %s AND {{shared}}
    {NEWEST_FIRST} LIMIT {RELATED_COUNT}"""
# A correlated EXISTS lets the database walk the edition's time index newest first and
# stop after RELATED_COUNT matches, instead of collecting and sorting every article of a
# popular tag; the window bounds the walk for rare tags. The tags are given as values (the
# page has read them already), on PostgreSQL as one array: the statement is then the same
# whatever the number of tags, and prepared once.
SHARES_A_TAG = """EXISTS (
    SELECT 1 FROM news_article_tags other
    WHERE other.article_id = {article}.id AND other.tag_id {matches})"""
# Which of those plans is best depends on the tags (walk the time index for common ones,
# start from the tag for rare ones), so PostgreSQL plans that query afresh on every page:
# 0.6 ms of planning for 0.1 ms of work. There the related articles are first looked for
# among the newest RELATED_WALK articles of the window: a walk that costs the same whatever
# the tags, which PostgreSQL plans once per connection. Only when it finds fewer than
# RELATED_COUNT (rare tags, or a short window) does the exact query above run. SQLite
# plans a statement once, without the values, so it runs the exact query alone (the walk
# took it 0.46 ms, the exact query 0.18–0.28).
RELATED_WALK = 400
RELATED_IN_WALK_SQL = f"""
    SELECT {LISTING_COLUMNS}, {SECTION.columns("s")} FROM (
        SELECT newest.id FROM (
            SELECT a.id, a.published_at FROM news_article a
            WHERE a.edition = %s AND {PUBLIC} AND a.published_at >= %s AND a.id <> %s
            {NEWEST_FIRST} LIMIT {RELATED_WALK}) newest
        WHERE {{shared}}
        ORDER BY newest.published_at DESC, newest.id DESC LIMIT {RELATED_COUNT}) related
    JOIN news_article a ON a.id = related.id JOIN news_section s ON s.id = a.section_id
    {NEWEST_FIRST}"""  # noqa: S608


RELATED_BY_TAG_ARRAY_SQL = (
    RELATED_IN_WALK_SQL.format(shared=SHARES_A_TAG.format(article="newest", matches="= ANY(%s)")),
    RELATED_SQL.format(shared=SHARES_A_TAG.format(article="a", matches="= ANY(%s)")),
)


def _related_by_tags(tag_ids: list[int]) -> tuple[tuple[str, ...], list]:
    """The related-articles queries for these tags, to try in turn until one finds
    RELATED_COUNT, and their parameters for the tags."""
    if connection.vendor == "postgresql":
        return RELATED_BY_TAG_ARRAY_SQL, [tag_ids]
    in_list = f"IN ({', '.join(['%s'] * len(tag_ids))})"
    return (RELATED_SQL.format(shared=SHARES_A_TAG.format(article="a", matches=in_list)),), tag_ids


RELATED_BY_SECTION_SQL = RELATED_SQL.format(shared="a.section_id = %s")
TRANSLATIONS_SQL = f"""
    SELECT {TRANSLATION.columns("a")} FROM news_article a
    WHERE a.translation_key = %s AND a.id <> %s AND {PUBLIC} ORDER BY a.edition"""  # noqa: S608


def _public() -> list:
    return public_params(Article, timezone.now())


def _with_sections(sql: str, params: list, article_shape: Shape = LISTING) -> list[Article]:
    """Articles, each with its section read in the same row."""
    articles = []
    for article, section in rows.read(sql, params, article_shape, SECTION):
        article.section = section
        articles.append(article)
    return articles


def front_page(edition: str, latest_count: int = 20) -> FrontPage:
    """The main story (the newest marked main, else the newest), the latest news and the
    newest few of every section: four short queries, and one for the main story's cover."""
    public = _public()
    main = next(iter(_with_sections(MAIN_SQL, [edition, *public])), None)
    latest_params = [edition, *public, main.pk if main else 0, latest_count]
    latest = _with_sections(LATEST_SQL, latest_params)
    if main is None and latest:
        main = latest.pop(0)
    if main is not None:
        _attach_cover(main)
    return FrontPage(main=main, latest=latest, blocks=section_blocks(edition, public))


def section_blocks(edition: str, public: list) -> list[SectionBlock]:
    """The newest articles of every section of the edition, in one query."""
    sections = [section for (section,) in rows.read(SECTIONS_SQL, [edition], SECTION)]
    if not sections:
        return []
    newest = " UNION ALL ".join([NEWEST_OF_SECTION] * len(sections))
    sql = f"SELECT {LISTING_COLUMNS} FROM news_article a WHERE a.id IN ({newest}) {NEWEST_FIRST}"  # noqa: S608
    params = [value for section in sections for value in (section.pk, *public)]
    blocks = {section.pk: SectionBlock(section) for section in sections}
    for (article,) in rows.read(sql, params, LISTING):
        article.section = blocks[article.section_id].section
        blocks[article.section_id].articles.append(article)
    return [block for block in blocks.values() if block.articles]


# The byline and tag rows carry only text and ids: no value needs converting.
AUTHOR = Shape(Author, ("id", "name", "slug", *AUTHOR_LINKS))  # the rest: the author's page
TAG = Shape(Tag, ("id", "edition", "name", "slug"))


def _listed(value: str | list | None) -> list[list]:
    """A JSON list from _json_list: parsed by psycopg already, text from SQLite (sorted
    here), None from PostgreSQL for no rows."""
    if isinstance(value, str):
        return sorted(json.loads(value))
    return value or []


def _attach_byline_and_tags(article: Article, byline, tags) -> None:
    alias = connection.alias
    article.byline = [
        Author.from_db(alias, AUTHOR.fields, (pk, name, slug, *links))
        for name, pk, slug, *links in _listed(byline)
    ]
    article.tag_list = [
        Tag.from_db(alias, TAG.fields, (pk, edition, name, slug))
        for name, pk, edition, slug in _listed(tags)
    ]


def article_detail(edition: str, slug: str) -> Article | None:
    """A public article with its section, cover, authors and tags: one query, and one for
    the cover."""
    params = [edition, slug, *_public()]
    found = next(rows.read(_article_sql(connection.vendor), params, ARTICLE, SECTION), None)
    if found is None:
        return None
    article, section, byline, tags = found
    article.section = section
    _attach_byline_and_tags(article, byline, tags)
    _attach_cover(article)
    return article


def _attach_cover(article: Article) -> None:
    if article.cover_id is not None:
        found = rows.read(COVER_SQL, [article.cover_id], IMAGE)
        article.cover = next((image for (image,) in found), None)


def related_articles(article: Article) -> list[Article]:
    """The newest articles that share a tag with this one (or, untagged, its section),
    from RELATED_WINDOW before it onwards."""
    window_start = article.published_at - RELATED_WINDOW
    params = [article.edition, *_public(), window_start, article.pk]
    tag_ids = [tag.pk for tag in article.tag_list]
    if not tag_ids:
        return _with_sections(RELATED_BY_SECTION_SQL, [*params, article.section_id])
    queries, tags = _related_by_tags(tag_ids)
    for sql in queries:
        found = _with_sections(sql, [*params, *tags])
        if len(found) == RELATED_COUNT:
            break
    return found


def translations(article: Article) -> list[Article]:
    """The same story in the other editions, published ones only."""
    if article.translation_key is None:
        return []
    key = Article._meta.get_field("translation_key").get_db_prep_value(
        article.translation_key, connection
    )
    params = [key, article.pk, *_public()]
    return [other for (other,) in rows.read(TRANSLATIONS_SQL, params, TRANSLATION)]
