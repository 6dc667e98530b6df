"""The header every public page carries: date, official rates, breaking news, sections.

It is the same for every page of an edition, so it is computed once and cached. The
cache is exact rather than merely short-lived: its key holds the page cache's version of
the edition's header, which any change to breaking news, sections or rates bumps
(xeber/pagecache/signals.py), and today's date; an entry never outlives the next moment a
breaking line starts or expires. Each process also keeps the current masthead rendered
(HeldMasthead), found by the same key.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from xeber.core.dates import long_date
from xeber.identity.selectors import Identity, build_identity
from xeber.news.models import BreakingNews, Section
from xeber.pagecache import dependencies, versions
from xeber.rates.selectors import HeaderRates, header_rates

BREAKING_LINES = 3
# In the cache key: a masthead stored by an older release (another shape of Masthead) is
# never read by this one, nor this one's by an older release's workers during a deploy.
MASTHEAD_FORMAT = 2


@dataclass(frozen=True)
class Link:
    text: str
    url: str
    key: str = ""  # a section's slug (the header's alerts panel lists them)


@dataclass(frozen=True)
class Masthead:
    """What the header shows; `valid_until` is when a breaking line next starts or ends."""

    edition: str
    date_text: str
    rates: HeaderRates
    rates_date_text: str  # set only when the bulletin is older than the last working day
    breaking: tuple[Link, ...]
    sections: tuple[Link, ...]
    identity: Identity  # the newsroom's name, logo and footer in this edition
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
        Link(section.name, section.get_absolute_url(), section.slug)
        for section in Section.objects.filter(edition=edition)
    )
    return Masthead(
        edition=edition,
        date_text=long_date(today, edition),
        rates=rates,
        rates_date_text=long_date(rates.bulletin_date, edition) if stale else "",
        breaking=breaking,
        sections=sections,
        identity=build_identity(edition),
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
                template_name, {"masthead": self.masthead, "identity": self.masthead.identity}
            )
        return html


# Every page of an edition shows the same header: each process keeps the current one and
# its rendered HTML, found by the version key, so a page pays at most one cache round trip
# for the header (for the versions, every half clock margin: versions.held) instead of a
# fetch and 0.6 ms of rendering.
_held: dict[str, HeldMasthead] = {}
HELD_KEYS = 16


@functools.cache
def _headers(edition: str) -> tuple[str, ...]:
    """Every edition's header: one read of their versions serves them all for a while."""
    editions = dict.fromkeys([*(code for code, _name in settings.LANGUAGES), edition])
    return tuple(dependencies.header(code) for code in editions)


def _current_key(edition: str) -> str | None:
    """The cache key of the edition's current masthead, named after the page cache's
    version of the edition's header; None when the cache is down."""
    version = versions.held(_headers(edition)).get(versions.key(dependencies.header(edition)))
    if version is None:
        return None
    return f"masthead:{MASTHEAD_FORMAT}:{version}:{edition}:{timezone.localdate().isoformat()}"


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


def newsroom_name(language: str | None = None) -> str:
    """The newsroom's name in the edition of `language`, else in the default edition (the
    back office's header, authenticator apps, passkeys)."""
    edition = language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    return identity_of(edition).name


def identity_of(edition: str) -> Identity:
    """The newsroom's identity in an edition, for feeds, e-mails, pushes and the back
    office: read with the header, so held by the process like it."""
    return hold_masthead(edition).masthead.identity
