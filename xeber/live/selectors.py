"""Reads behind live pages: the entries a page shows, what changed after a cursor, the
feed's entries. Each is a fixed number of queries, whatever the number of entries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Case, Count, DateTimeField, F, Max, Q, When

from xeber.live.models import LiveCoverage, LiveEntry
from xeber.news.models import Article

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
    page: int  # the page of entries it is on

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
        return self.coverage.ended_at is None


def live_page(article: Article, number: int = 1, size: int | None = None) -> LivePage | None:
    """Five queries, each reading only what it shows (500 entries' times turned into Python
    took five times an article's page): the coverage, the counts and newest times, this
    page's entries in full (PAGE_SIZE of them unless `size`), the pinned one and the key
    events with their positions. None for a page past the last."""
    size = size or PAGE_SIZE
    coverage = next(iter(LiveCoverage.objects.filter(article_id=article.pk).order_by()[:1]), None)
    if coverage is None:
        return None
    every = LiveEntry.objects.filter(article_id=article.pk)
    shown = every.filter(deleted_at__isnull=True).select_related("image", "author")
    totals = every.aggregate(
        count=Count("id", filter=Q(deleted_at__isnull=True)),
        newest_change=Max("changed_at"),
        latest_at=Max("posted_at", filter=Q(deleted_at__isnull=True)),
    )
    pages = max(1, -(-totals["count"] // size))
    if number > pages:
        return None
    entries = list(shown.order_by(*NEWEST_FIRST)[(number - 1) * size : number * size])
    return LivePage(
        coverage=coverage,
        number=number,
        entries=entries,
        # No ORDER BY (first() would ask for one): at most one is pinned, and with an order
        # SQLite walked the whole table by id.
        pinned=next(iter(shown.filter(pinned=True).order_by()[:1]), None),
        key_events=_key_events(shown, size),
        count=totals["count"],
        cursor=cursor_of(totals["newest_change"]),
        latest_at=totals["latest_at"],
        pages=pages,
        oldest_posted=cursor_of(entries[-1].posted_at) if number < pages else 0,
    )


NEWEST_FIRST = ("-posted_at", "-id")


def _key_events(shown, size: int) -> list[KeyEvent]:
    """The key events, newest first, each with the page it is on: every entry shown is
    listed for its position, but only a key event's time is read (times are what cost)."""
    key_time = Case(When(key_event=True, then=F("posted_at")), output_field=DateTimeField())
    rows = (
        shown.select_related(None).order_by(*NEWEST_FIRST).values_list("id", "key_title", key_time)
    )
    return [
        KeyEvent(pk, title, posted_at, place // size + 1)
        for place, (pk, title, posted_at) in enumerate(rows)
        if posted_at is not None
    ]


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
