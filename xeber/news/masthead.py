"""The header every public page carries: date, official rates, breaking news, sections.

It is the same for every page of an edition, so it is computed once and cached. The
cache is exact rather than merely short-lived: any change to breaking news, sections or
rates bumps a version number (signals.py), the key holds today's date, and an entry
never outlives the next moment a breaking line starts or expires. Each process also keeps
the current masthead rendered (HeldMasthead), found by the same key.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from xeber.core.dates import long_date
from xeber.news.models import BreakingNews, Section
from xeber.rates.selectors import HeaderRates, header_rates

VERSION_KEY = "masthead:version"
BREAKING_LINES = 3


@dataclass(frozen=True)
class Link:
    text: str
    url: str


@dataclass(frozen=True)
class Masthead:
    """What the header shows; `valid_until` is when a breaking line next starts or ends."""

    edition: str
    date_text: str
    rates: HeaderRates
    rates_date_text: str  # set only when the bulletin is older than the last working day
    breaking: tuple[Link, ...]
    sections: tuple[Link, ...]
    valid_until: dt.datetime | None = None


def last_working_day(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return day


def build_masthead(edition: str, today: dt.date) -> Masthead:
    rates = header_rates(today)
    stale = rates.bulletin_date is not None and rates.is_older_than(last_working_day(today))
    now = timezone.now()
    items = list(
        BreakingNews.objects.relevant(now)
        .in_edition(edition)
        .select_related("article")
        .only("text", "starts_at", "expires_at", "article__slug", "article__edition")
    )
    active = [item for item in items if item.is_active_at(now)]
    breaking = tuple(
        Link(item.text, item.article.get_absolute_url() if item.article_id else "")
        for item in active[:BREAKING_LINES]
    )
    changes = [moment for item in items for moment in (item.starts_at, item.expires_at)]
    valid_until = min((moment for moment in changes if moment and moment > now), default=None)
    sections = tuple(
        Link(section.name, section.get_absolute_url())
        for section in Section.objects.filter(edition=edition)
    )
    return Masthead(
        edition=edition,
        date_text=long_date(today, edition),
        rates=rates,
        rates_date_text=long_date(rates.bulletin_date, edition) if stale else "",
        breaking=breaking,
        sections=sections,
        valid_until=valid_until,
    )


@dataclass(frozen=True)
class HeldMasthead:
    """A masthead this process holds, with the header HTML rendered from it."""

    masthead: Masthead
    deadline: float  # time.monotonic()
    html: dict = field(default_factory=dict)  # template name -> rendered fragment

    def render(self, template_name: str) -> str:
        """A part of the header, rendered once per change and per process."""
        html = self.html.get(template_name)
        if html is None:
            html = self.html[template_name] = render_to_string(
                template_name, {"masthead": self.masthead}
            )
        return html


# Every page of an edition shows the same header: each process keeps the current one and
# its rendered HTML, found by the version key, so a page pays at most one cache round trip
# for the header (for the version, see _version) instead of a fetch and 0.6 ms of rendering.
_held: dict[str, HeldMasthead] = {}
HELD_KEYS = 16


# The current version, as this process last read it, and until when (time.monotonic()) it
# may go on using it without asking the cache again: a round trip saved on every page.
_known_version: tuple[int, float] | None = None


def _recheck_seconds() -> float:
    """How late another app server's change may reach this process's header: half the
    page cache's clock margin. A page rendered with the old header then started less than
    that margin after the change, and the page cache never stores such a page."""
    return settings.PAGE_CACHE_CLOCK_MARGIN_MS / 2000


def _version() -> int | None:
    global _known_version
    known, now = _known_version, time.monotonic()
    if known is not None and known[1] > now:
        return known[0]
    version = cache.get(VERSION_KEY)
    if version is None:
        # Never reuse a number: after a flush the old keys must not come back to life.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
        if version is None:
            return None
    _known_version = (version, now + _recheck_seconds())
    return version


def reread_version() -> None:
    """Let the next page ask the cache for the version (the cache was emptied, say)."""
    global _known_version
    _known_version = None


def _current_key(edition: str) -> str | None:
    """The cache key of the edition's current masthead; None when the cache is down."""
    version = _version()
    if version is None:
        return None
    return f"masthead:{version}:{edition}:{timezone.localdate().isoformat()}"


def hold_masthead(edition: str) -> HeldMasthead:
    """The edition's current masthead: no cache round trip when this process holds it and
    has read the version lately."""
    key = _current_key(edition)
    held = _held.get(key) if key else None
    if held is not None and held.deadline > time.monotonic() and not _expired(held.masthead):
        return held
    masthead = cache.get(key) if key else None
    if masthead is None or _expired(masthead):
        masthead = build_masthead(edition, timezone.localdate())
        if key:
            cache.set(key, masthead, _lifetime(masthead))
    held = HeldMasthead(masthead, time.monotonic() + _lifetime(masthead))
    if key:
        if len(_held) >= HELD_KEYS:
            _held.clear()
        _held[key] = held
    return held


def _expired(masthead: Masthead) -> bool:
    return masthead.valid_until is not None and masthead.valid_until <= timezone.now()


def _lifetime(masthead: Masthead) -> int:
    seconds = settings.MASTHEAD_CACHE_SECONDS
    if masthead.valid_until is not None:
        until_change = (masthead.valid_until - timezone.now()).total_seconds()
        seconds = min(seconds, max(1, math.ceil(until_change)))
    return seconds


def masthead_changed(committing: bool = True) -> None:
    """A new version now and, for a change still `committing`, again after its commit: a
    page that read the database in between must not keep the old header as the new one."""
    _bump()
    if committing:
        transaction.on_commit(_bump)


def _bump() -> None:
    cache.set(VERSION_KEY, time.time_ns(), None)
    reread_version()  # this process sees its own change at once
