"""One number names the current state of the public content; every cached page is stored
under it. Any change to what readers see takes a new number, so no stale page is ever
served again; the moment of the next scheduled change bounds how long a page may live."""

from __future__ import annotations

import datetime as dt
import time

from django.core.cache import cache
from django.db.models import Min, Q
from django.utils import timezone

KEY = "pagecache:generation"


def current() -> int:
    value = cache.get(KEY)
    if value is None:
        value = time.time_ns()
        cache.add(KEY, value, None)
        value = cache.get(KEY, value)
    return value


def bump() -> None:
    cache.set(KEY, time.time_ns(), None)


def next_change(now: dt.datetime) -> dt.datetime:
    """When pages change by themselves: a scheduled article, a breaking line, midnight."""
    from xeber.news.models import Article, BreakingNews

    key = f"pagecache:next-change:{current()}"
    found = cache.get(key)
    if found is None or found <= now:
        scheduled = Article.objects.filter(
            status=Article.Status.PUBLISHED, published_at__gt=now
        ).aggregate(first=Min("published_at"))["first"]
        lines = BreakingNews.objects.filter(is_active=True).aggregate(
            starts=Min("starts_at", filter=Q(starts_at__gt=now)),
            ends=Min("expires_at", filter=Q(expires_at__gt=now)),
        )
        midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
        candidates = [scheduled, lines["starts"], lines["ends"], midnight + dt.timedelta(days=1)]
        found = min(moment for moment in candidates if moment)
        cache.set(key, found, max(1, int((found - now).total_seconds())))
    return found
