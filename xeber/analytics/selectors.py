"""What readers read: the most read stories of an edition over a period, from the hourly
rows; the block pages show is kept in the cache and in each process (markup.py), so a
page asks no query for it."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

from xeber.analytics.counting import WINDOW_SECONDS, window_counts, window_of
from xeber.analytics.models import HourlyReads
from xeber.news.models import Article

PERIODS = ("day", "today", "week", "month")  # the last 24 hours; since midnight; 7; 30 days


def period_start(period: str, now: dt.datetime | None = None) -> dt.datetime:
    now = now or timezone.now()
    if period == "today":
        return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    days = {"day": 1, "week": 7, "month": 30}[period]
    return (now - dt.timedelta(days=days)).replace(minute=0, second=0, microsecond=0)


def most_read(edition: str, period: str = "day", count: int = 5) -> list[Article]:
    """The edition's published stories read most since the period began, most first."""
    ranked = _ranked(edition, period, count * 2)  # room for those taken off since
    found = Article.objects.published().filter(pk__in=ranked).select_related("section")
    by_id = {article.pk: article for article in found}
    return [by_id[pk] for pk in ranked if pk in by_id][:count]


def _ranked(edition: str, period: str, count: int) -> list[int]:
    """The ranking's article ids, summed from the hourly rows once a minute (the flush
    writes them once a minute): a page or API request missing the page cache, as one with
    a query string of its own does, costs one query by primary key, not a sum of a month."""
    now = timezone.now()
    key = f"reads:ranked:{edition}:{period}:{count}:{window_of(now)}"
    ranked = cache.get(key)
    if ranked is None:
        totals = (
            HourlyReads.objects.filter(edition=edition, hour__gte=period_start(period, now))
            .values("article")
            .annotate(total=Sum("reads"))
            .order_by("-total", "-article")[:count]
        )
        ranked = [row["article"] for row in totals]
        cache.set(key, ranked, 2 * WINDOW_SECONDS)
    return ranked


def totals_now(minutes: int = 30) -> dict[str, Counter]:
    """{edition: Counter(article id: reads)} of the last minutes, from the counters not
    flushed yet and those flushed (the cache keeps every window for hours): one walk over
    the windows for every edition."""
    last = window_of(timezone.now())
    totals: dict[str, Counter] = {}
    for window in range(last - minutes + 1, last + 1):
        for (edition, article_id, _source), reads in window_counts(window).items():
            totals.setdefault(edition, Counter())[article_id] += reads
    return totals


def ranked_now(minutes: int, count: int) -> dict[str, list[tuple[int, int]]]:
    """{edition: [(article id, reads)]}: the `count` read most in the last minutes."""
    return {edition: counts.most_common(count) for edition, counts in totals_now(minutes).items()}


def stories_of(
    ranked: dict[str, list[tuple[int, int]]], editions: list[str], count: int
) -> dict[str, list[tuple[Article, int]]]:
    """The ranked ids of these editions as published stories (one query for all)."""
    wanted = {pk for edition in editions for pk, _n in ranked.get(edition, [])}
    found = Article.objects.published().in_bulk(wanted) if wanted else {}
    return {
        edition: [(found[pk], reads) for pk, reads in ranked.get(edition, []) if pk in found][
            :count
        ]
        for edition in editions
    }


def reads_now(
    editions: list[str], minutes: int = 30, count: int = 20
) -> dict[str, list[tuple[Article, int]]]:
    """{edition: the stories read most in the last minutes}, one walk for every edition."""
    return stories_of(ranked_now(minutes, count * 2), editions, count)


def reads_by_hour(article: Article) -> list[dict]:
    """The story's hourly rows, oldest first: [{"hour", "source", "reads"}]."""
    rows = HourlyReads.objects.filter(article=article).order_by("hour", "source")
    return list(rows.values("hour", "source", "reads"))
