"""Filters and fragments of the public pages (the Jinja2 environment: xeber/templating.py)."""

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext

from xeber.core.dates import long_date as format_long_date
from xeber.core.html import format_markup
from xeber.news.models import Article
from xeber.pagecache import dependencies


def newsroom_time(moment):
    """The moment in the newsroom's time zone (TIME_ZONE), whatever zone a request may have
    activated: readers see the newsroom's clock. A page converts a dozen times, and this
    skips Django's lookup of the current zone."""
    return moment.astimezone(timezone.get_default_timezone())


def long_date(day) -> str:
    return format_long_date(day, get_language()) if day else ""


def long_datetime(moment) -> str:
    """'25 ноября 2026, 11:39' in the newsroom's time zone."""
    if not moment:
        return ""
    local = newsroom_time(moment)
    return f"{format_long_date(local.date(), get_language())}, {local:%H:%M}"


def iso(moment) -> str:
    """ISO 8601 in the newsroom's time zone to the second, as HTML's `datetime` attribute
    takes it (at most three digits of a fraction: none here), at a tenth of the cost of
    |date:'c': a front page formats dozens of times."""
    return newsroom_time(moment).isoformat(timespec="seconds") if moment else ""


def clock(moment, pattern: str = "%H:%M") -> str:
    """A time in the newsroom's time zone by a strftime pattern ('%d.%m.%Y %H:%M')."""
    return newsroom_time(moment).strftime(pattern) if moment else ""


# One per heading level: a teaser's headline sits one level below the heading of its list.
_TEASERS = {
    level: (
        f'<article class="teaser">{{}}{{}}<h{level}><a href="{{}}">{{}}</a></h{level}>'
        '<time datetime="{}">{}</time>{}</article>'
    )
    for level in (2, 3)
}


def teaser(item, show_section: bool = False, show_lead: bool = False, level: int = 3) -> SafeString:
    """One article in a list, built in Python: a front page shows dozens. `level` is its
    headline's: 2 right under a page's h1 (section, tag, author, day), 3 under an h2."""
    dependencies.shows(dependencies.article(item.pk))
    kicker = (
        format_markup(
            '<a class="kicker" href="{}">{}</a>', item.section.get_absolute_url(), item.section.name
        )
        if show_section
        else ""
    )
    lead = format_markup('<p class="lead">{}</p>', item.lead) if show_lead and item.lead else ""
    return format_markup(
        _TEASERS[level],
        kicker,
        kind_mark(item),
        item.get_absolute_url(),
        item.title,
        iso(item.published_at),
        clock(item.published_at, "%d.%m.%Y %H:%M"),
        lead,
    )


def kind_mark(item) -> SafeString | str:
    """A photo report says so wherever it is listed (its page shows a gallery first), and
    so does a running live page."""
    mark = ""
    if item.kind == Article.Kind.PHOTO_REPORT:
        mark = format_markup('<span class="kind">{}</span>', gettext("Photo report"))
    if item.live == Article.Live.LIVE:
        live = gettext("LIVE")
        mark = format_markup('{}<span class="kind live-mark">{}</span>', mark, live)
    return mark
