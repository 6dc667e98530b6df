"""Reads behind live pages: the entries a page shows, what changed after a cursor, the
feed's entries. Each is a fixed number of queries, whatever the number of entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.db.models import Q

from xeber.core import rows
from xeber.core.rows import Shape
from xeber.live.models import LiveCoverage, LiveEntry
from xeber.news.models import Article, Author
from xeber.news.selectors import AUTHOR, IMAGE

PAGE_SIZE = 20
FEED_SIZE = 50
# The most changes one answer of the endpoint carries; a reader far behind asks again.
CHANGES_LIMIT = 100
# Entries are stamped just before their transaction commits, by the app servers' clocks: an
# answer also carries what changed this long before its cursor, so that an entry that
# committed after a later-stamped one still reaches every page (they apply each change
# once, by its version).
CURSOR_OVERLAP = dt.timedelta(seconds=10)
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
# Whole microseconds since 1970, at most the year 9999's.
CURSOR_DIGITS = 17


class BadCursor(ValueError):
    pass


def cursor_of(moment: dt.datetime | None) -> int:
    """The endpoint's cursor for a change's time: microseconds since 1970 (0: none yet)."""
    return 0 if moment is None else (moment - EPOCH) // dt.timedelta(microseconds=1)


def moment_of(cursor: str | None) -> dt.datetime:
    """The time a cursor stands for; BadCursor unless it is whole microseconds since 1970."""
    if cursor is None or not cursor.isascii() or not cursor.isdigit():
        raise BadCursor("expected whole microseconds since 1970")
    if len(cursor) > CURSOR_DIGITS:
        raise BadCursor("too far in the future")
    return EPOCH + dt.timedelta(microseconds=int(cursor))


def live_article(edition: str, pk: int) -> Article | None:
    """A public article of the edition that is or was live, with its section."""
    return (
        Article.objects.published()
        .in_edition(edition)
        .exclude(live=Article.Live.NONE)
        .select_related("section")
        .filter(pk=pk)
        .first()
    )


@dataclass(frozen=True)
class KeyEvent:
    entry_id: int
    title: str
    posted_at: dt.datetime
    shown: bool  # on the page of entries it is listed on (else its link finds its page)

    @property
    def anchor(self) -> str:
        return f"entry-{self.entry_id}"


@dataclass
class LivePage:
    """What an article page shows of its live coverage: one page of entries, newest
    first, with the pinned entry and the key events of the whole coverage."""

    coverage: LiveCoverage
    number: int
    entries: list[LiveEntry]
    pinned: LiveEntry | None
    key_events: list[KeyEvent]
    count: int  # entries shown over all pages
    cursor: int  # the newest change: readers' pages ask for changes after it
    latest_at: dt.datetime | None = None  # the newest entry's time
    pages: int = 1
    oldest_posted: int = 0  # cursor_of() the last entry of this page, 0 on a last page

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def is_running(self) -> bool:
        return self.coverage.is_running


# The live page's reads are written out (core/rows.py): through the ORM, working out its
# queries took more than rendering an ordinary article.
COVERAGE = Shape(LiveCoverage, tuple(field.attname for field in LiveCoverage._meta.concrete_fields))
# What pages show of an entry: not who posted it nor its last change's time (the
# endpoint's cursor), each a column more to convert for every entry.
ENTRY = Shape(
    LiveEntry,
    tuple(
        field.attname
        for field in LiveEntry._meta.concrete_fields
        if field.attname not in ("created_by_id", "changed_at")
    ),
)
SHOWN = "e.article_id = %s AND e.deleted_at IS NULL"  # as the indexes' condition
NEWEST_FIRST_SQL = "ORDER BY e.posted_at DESC, e.id DESC"

COVERAGE_SQL = f"""
    SELECT {COVERAGE.columns("c")},
        (SELECT COUNT(*) FROM live_liveentry e WHERE e.article_id = c.article_id
            AND e.deleted_at IS NULL),
        (SELECT MAX(e.changed_at) FROM live_liveentry e WHERE e.article_id = c.article_id),
        (SELECT MAX(e.posted_at) FROM live_liveentry e WHERE e.article_id = c.article_id
            AND e.deleted_at IS NULL)
    FROM live_livecoverage c WHERE c.article_id = %s"""  # noqa: S608
# This page's entries and the pinned one (1 in the last column), each with its author's
# byline (text and ids only: nothing to convert).
SHOWN_ENTRY = f"""
    SELECT {ENTRY.columns("e")}, {AUTHOR.columns("au")}, {{box}} AS pinned_box
    FROM live_liveentry e LEFT JOIN news_author au ON au.id = e.author_id"""  # noqa: S608
ENTRIES_SQL = f"""
    SELECT * FROM ({SHOWN_ENTRY.format(box=0)}
        WHERE {SHOWN} {NEWEST_FIRST_SQL} LIMIT %s OFFSET %s) page_entries
    UNION ALL
    SELECT * FROM ({SHOWN_ENTRY.format(box=1)}
        WHERE {SHOWN} AND e.pinned LIMIT 1) pinned_entry"""  # noqa: S608
KEY_EVENTS_SQL = f"""
    SELECT e.id, e.key_title, e.posted_at FROM live_liveentry e
    WHERE {SHOWN} AND e.key_event {NEWEST_FIRST_SQL}"""  # noqa: S608
IMAGES_SQL = f"SELECT {IMAGE.columns('i')} FROM media_image i WHERE i.id IN ({{ids}})"  # noqa: S608


def live_page(article: Article, number: int = 1, size: int | None = None) -> LivePage | None:
    """A few short queries, none reading more rows than the page shows: the coverage with
    its counts and newest times, this page's entries (PAGE_SIZE unless `size`), the pinned
    one, their authors and images, and the key events. None for a page past the last."""
    size = size or PAGE_SIZE
    found = next(rows.read(COVERAGE_SQL, [article.pk], COVERAGE), None)
    if found is None:
        return None
    coverage, count, newest_change, latest_at = found
    pages = max(1, -(-count // size))
    if number > pages:
        return None
    entries, pinned = _entries(article, size, (number - 1) * size)
    on_page = {entry.pk for entry in entries}
    return LivePage(
        coverage=coverage,
        number=number,
        entries=entries,
        pinned=pinned,
        key_events=_key_events(article, on_page),
        count=count,
        cursor=cursor_of(rows.moment(newest_change)),
        latest_at=rows.moment(latest_at),
        pages=pages,
        oldest_posted=cursor_of(entries[-1].posted_at) if number < pages else 0,
    )


def _key_events(article: Article, on_page: set[int]) -> list[KeyEvent]:
    """Read as plain rows: a model instance each cost more than the query."""
    with connection.cursor() as cursor:
        cursor.execute(KEY_EVENTS_SQL, [article.pk])
        found = cursor.fetchall()
    return [
        KeyEvent(pk, title, rows.moment(posted_at), pk in on_page) for pk, title, posted_at in found
    ]


def _entries(article: Article, limit: int, offset: int) -> tuple[list[LiveEntry], LiveEntry | None]:
    """One page of entries, newest first, and the pinned one, with their authors and
    images: each author and image read once, however many entries show it."""
    entries, pinned, authors = [], None, {}
    params = [article.pk, limit, offset, article.pk]
    for entry, *byline, pinned_box in rows.read(ENTRIES_SQL, params, ENTRY):
        if entry.author_id is not None and entry.author_id not in authors:
            authors[entry.author_id] = Author.from_db(connection.alias, AUTHOR.fields, byline)
        entry.author = authors.get(entry.author_id)
        if pinned_box:
            pinned = entry
        else:
            entries.append(entry)
    images = _by_id(IMAGES_SQL, IMAGE, {entry.image_id for entry in [*entries, pinned] if entry})
    for entry in [*entries, pinned]:
        if entry is not None:
            entry.image = images.get(entry.image_id)
    entries.sort(key=lambda entry: (entry.posted_at, entry.pk), reverse=True)
    return entries, pinned


def _by_id(sql: str, shape: Shape, ids: set[int | None]) -> dict:
    ids.discard(None)
    if not ids:
        return {}
    found = rows.read(sql.format(ids=", ".join(["%s"] * len(ids))), sorted(ids), shape)
    return {instance.pk: instance for (instance,) in found}


def page_of_entry(entry: LiveEntry, size: int | None = None) -> int:
    """The page of entries a shown entry is on now (key events' links find it so: pages
    move as entries are posted)."""
    above = LiveEntry.objects.filter(article_id=entry.article_id, deleted_at__isnull=True).filter(
        Q(posted_at__gt=entry.posted_at) | Q(posted_at=entry.posted_at, pk__gt=entry.pk)
    )
    return above.count() // (size or PAGE_SIZE) + 1


@dataclass(frozen=True)
class Changes:
    entries: list[LiveEntry]  # oldest change first, deleted ones too
    cursor: int
    more: bool  # the limit was reached: ask again at once


def changes_since(article: Article, after: dt.datetime) -> Changes:
    """The entries changed after `after`, oldest change first, at most CHANGES_LIMIT of
    them, and the cursor to ask from next; and before them, again, those changed within
    CURSOR_OVERLAP before it (as many at most)."""
    entries = LiveEntry.objects.filter(article_id=article.pk).select_related("image", "author")
    recent = entries.filter(changed_at__gt=after - CURSOR_OVERLAP, changed_at__lte=after)
    fresh = list(entries.filter(changed_at__gt=after).order_by("changed_at", "id")[:CHANGES_LIMIT])
    again = list(recent.order_by("-changed_at", "-id")[:CHANGES_LIMIT])[::-1]
    newest = fresh[-1].changed_at if fresh else after
    return Changes([*again, *fresh], cursor_of(newest), len(fresh) == CHANGES_LIMIT)


def latest_entries(article: Article, count: int) -> list[LiveEntry]:
    """The newest entries shown, for the feed and the structured data."""
    return list(
        LiveEntry.objects.filter(article_id=article.pk, deleted_at__isnull=True)
        .select_related("image", "author")
        .order_by("-posted_at", "-id")[:count]
    )


def poll_seconds(coverage: LiveCoverage) -> int:
    return coverage.poll_seconds or settings.LIVE_POLL_SECONDS


def page_of(article: Article, number: int = 1) -> LivePage | None:
    """live_page(), read once per article object: the page's structured data and its body
    show the same entries."""
    memo = article.__dict__.setdefault("_live_pages", {})
    if number not in memo:
        memo[number] = live_page(article, number)
    return memo[number]


def coverage_and_latest(article: Article, count: int) -> tuple[LiveCoverage | None, list]:
    """The coverage and its newest entries (those of the first page)."""
    first = page_of(article, 1)
    return (first.coverage, first.entries[:count]) if first else (None, [])
