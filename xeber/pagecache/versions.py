"""A version per dependency name (dependencies.py); a change gives its names new ones.

Versions are nanosecond timestamps of the change. A page is stored only if none of its
names changed after it started rendering (less a margin for clocks of several app
servers): otherwise it may have read the database just before the change committed.
Changes bump at once and again after their transaction commits, so a page rendered
in between is out of date as well.

Versions are kept where every process sees them (CACHES["versions"]): in the pages' Redis
with REDIS_URL, else in a SQLite file of the machine (sqlitecache.py) while pages stay in
each process's memory, so that a command's change (`import-text`, `fetch-rates`) reaches
the server's pages at once.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, BaseCache, cache, caches
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from xeber.pagecache import dependencies

PREFIX = "pagecache:version:"
ALIAS = "versions"


def key(name: str) -> str:
    return PREFIX + name


def with_pages() -> bool:
    """Versions in the pages' own cache (Redis): a hit asks for both in one round trip."""
    return settings.CACHES[ALIAS] == settings.CACHES[DEFAULT_CACHE_ALIAS]


def shared() -> BaseCache:
    """The cache that keeps versions."""
    return caches[DEFAULT_CACHE_ALIAS if with_pages() else ALIAS]


def bump(names: Iterable[str]) -> None:
    keys = [key(name) for name in set(names)]
    if not keys:
        return
    _set_now(keys)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _set_now(keys))


def _set_now(keys: list[str]) -> None:
    shared().set_many(dict.fromkeys(keys, time.time_ns()), None)
    forget()  # this process sees its own change at once


def current(names: Iterable[str], started_ns: int) -> dict[str, int]:
    """The versions of these names, by cache key. A name never bumped (or whose version
    was evicted) gets a version that no stored page can carry, older than `started_ns`."""
    keys = [key(name) for name in names]
    versions = shared()
    found = versions.get_many(keys)
    missing = [k for k in keys if k not in found]
    if missing:
        unseen = started_ns - _clock_margin_ns() - 1
        for k in missing:
            versions.add(k, unseen, None)
        found.update(versions.get_many(missing))
    return found


# The names last asked for, their versions as this process read them, and until when
# (time.monotonic()) it may go on using them without asking again: the headers', which
# every page shows (masthead.py).
_recent: tuple[tuple[str, ...], dict[str, int], float] = ((), {}, 0.0)


def held(names: tuple[str, ...]) -> dict[str, int]:
    """The versions of these names, by cache key, as this process read them at most half
    the clock margin ago. Another server's change then reaches what is built from them
    that much later; a page rendered meanwhile started less than the margin after the
    change, and changed_since() keeps it out of the page cache."""
    global _recent
    asked, found, until = _recent
    now = time.monotonic()
    if until > now and asked == names:
        return found
    # A version first seen here is dated before the page being rendered started, so that
    # the page may still be stored (as current() dates those first seen by the store).
    found = current(names, dependencies.rendering_since() or time.time_ns())
    _recent = (names, found, now + _clock_margin_ns() / 2e9)
    return found


def forget() -> None:
    """Let the next reader of held() ask the cache again (after a change, or a flush)."""
    global _recent
    _recent = ((), {}, 0.0)


def changed_since(versions: dict[str, int], started_ns: int) -> bool:
    return any(version > started_ns - _clock_margin_ns() for version in versions.values())


def last_change(versions: dict[str, int], started_ns: int) -> int | None:
    """The second of the page's last change, for Last-Modified; None when the page started
    rendering within that second (or the margin after it). Dates have whole seconds: a
    copy stored within the second of a change could not be told from the one before it,
    while a later change always falls in a later second than a copy that carries one."""
    if not versions:
        return None
    second = max(versions.values()) // 1_000_000_000
    return second if started_ns - _clock_margin_ns() >= (second + 1) * 1_000_000_000 else None


def _clock_margin_ns() -> int:
    """App servers' clocks agree within this; a page that started rendering less than this
    after one of its names changed is served but not stored."""
    return settings.PAGE_CACHE_CLOCK_MARGIN_MS * 1_000_000


def next_change(now: dt.datetime) -> dt.datetime:
    """When pages change by themselves: a scheduled article, a breaking line, midnight."""
    from xeber.news.models import Article, BreakingNews

    # Each process's memo is right: it is named after the shared version of ANY, which
    # every change a page could show bumps.
    any_version = shared().get(key(dependencies.ANY), 0)
    memo = f"pagecache:next-change:{any_version}"
    found = cache.get(memo)
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
        cache.set(memo, found, max(1, int((found - now).total_seconds())))
    return found
