"""Agency wires and partner feeds (RSS/Atom) into the newsroom: `xeber import-feed URL`.

The feed is fetched through the one HTTP client (private and loopback addresses refused
unless FETCH_ALLOW_PRIVATE_ADDRESSES), checked by defusedxml (no DTD, no entities) before
feedparser reads it, and imported all or nothing. Items are deduplicated by GUID and by
link, sanitised like every body, and credited to the feed in the article's source line.
"""

from __future__ import annotations

import calendar
import datetime as dt
import html
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

import defusedxml.ElementTree as safe_xml
import feedparser
from defusedxml import DefusedXmlException
from django.db import transaction
from django.utils import timezone

from xeber.core.http import FetchError, fetch
from xeber.editorial.services import article_create
from xeber.news.models import Article, Section
from xeber.search.indexing import indexing_in_bulk
from xeber.syndication.models import FeedSubscription, ImportedItem
from xeber.syndication.wordpress import plain


class FeedError(ValueError):
    pass


@dataclass
class FeedReport:
    imported: int = 0
    skipped: int = 0  # already imported (same GUID or link)

    def __str__(self) -> str:
        return f"{self.imported} imported, {self.skipped} already there"


def check_xml(data: bytes, url: str) -> None:
    if not data.strip():
        raise FeedError(f"{url}: empty response")
    try:
        safe_xml.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise FeedError(f"{url}: refused unsafe XML ({type(error).__name__})") from None
    except ParseError as error:
        raise FeedError(f"{url}: not well-formed XML ({error})") from None


def _published(entry) -> dt.datetime:
    parsed = entry.get("published_parsed") or entry.get("updated_parsed")
    if not parsed:
        return timezone.now()
    moment = dt.datetime.fromtimestamp(calendar.timegm(parsed), tz=dt.UTC)
    return min(moment, timezone.now())


def _body(entry) -> str:
    if entry.get("content"):
        return entry.content[0].get("value", "")
    return f"<p>{html.escape(plain(entry.get('summary', '')))}</p>"


def import_feed_bytes(data: bytes, *, url: str, section: Section, publish: bool) -> FeedReport:
    check_xml(data, url)
    feed = feedparser.parse(data)
    if not feed.entries and feed.bozo:
        raise FeedError(f"{url}: not an RSS or Atom feed ({feed.bozo_exception})")
    with transaction.atomic(), indexing_in_bulk():
        return _import_entries(feed, url=url, section=section, publish=publish)


def _import_entries(feed, *, url: str, section: Section, publish: bool) -> FeedReport:
    source = plain(feed.feed.get("title", "")) or url
    report = FeedReport()
    for entry in feed.entries:
        link, guid = entry.get("link", ""), entry.get("id", "") or entry.get("link", "")
        keys = [key for key in (guid, link) if key]
        if not keys or ImportedItem.objects.filter(source="feed", key__in=keys).exists():
            report.skipped += 1
            continue
        title = plain(entry.get("title", ""))[:300] or source[:300]
        data = {
            "edition": section.edition,
            "section": section,
            "title": title,
            "lead": plain(entry.get("summary", ""))[:1000],
            "body": _body(entry),
            "source": source[:200],
            "published_at": _published(entry),
        }
        status = Article.Status.PUBLISHED if publish else Article.Status.DRAFT
        article = article_create(user=None, data=data, status=status, note=f"from {url}"[:200])
        ImportedItem.objects.create(source="feed", key=keys[0][:500], article=article)
        if link and link != keys[0]:
            ImportedItem.objects.create(source="feed", key=link[:500], article=article)
        report.imported += 1
    return report


def import_feed(url: str, *, section: Section, publish: bool) -> FeedReport:
    return import_feed_bytes(fetch(url).body, url=url, section=section, publish=publish)


def poll_subscriptions() -> list[str]:
    """Import every active subscription; one failure never stops the others."""
    lines = []
    for subscription in FeedSubscription.objects.filter(active=True).select_related("section"):
        try:
            outcome = str(
                import_feed(
                    subscription.url, section=subscription.section, publish=subscription.publish
                )
            )
        except (FetchError, FeedError) as error:
            outcome = f"failed: {error}"
        subscription.last_polled, subscription.last_outcome = timezone.now(), outcome[:500]
        subscription.save(update_fields=["last_polled", "last_outcome"])
        lines.append(f"{subscription.url}: {outcome}")
    return lines
