"""A live page in the plain-text rendition (README, "Live coverage"; the layout is parsed
and written by news/textformat.py): its coverage and entries written out after the body,
and read back into the live app by an import.

Times go out in the newsroom's zone to the minute; entries of one minute come back in
their order, a microsecond apart, so that a file imported and exported again is the same
file byte for byte. A picture is its `[image N]` paragraph first in the entry, an embed
its link alone in a paragraph (imported, the post makes it an embed again).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from django.utils import timezone

from xeber.core.html import html_to_paragraphs, paragraphs_to_html
from xeber.live.models import LiveCoverage, LiveEntry
from xeber.live.services import ImportedEntry, live_import
from xeber.media.models import Image
from xeber.news.models import Article, Author
from xeber.news.textformat import TextEntry, TextLive
from xeber.pagecache import dependencies

_IMAGE = re.compile(r"^\[image (\d+)\]$")


def _minute(moment: dt.datetime) -> dt.datetime:
    """The newsroom's wall-clock minute of a moment, as the text writes it."""
    return timezone.localtime(moment).replace(tzinfo=None, second=0, microsecond=0)


def live_text(article: Article) -> TextLive | None:
    """What the text of a live page carries after its body (news/textio.py asks); a page
    showing it changes with the entries."""
    dependencies.shows(dependencies.live(article.pk))
    coverage = LiveCoverage.objects.filter(article_id=article.pk).first()
    if coverage is None:
        return None
    entries = (
        LiveEntry.objects.filter(article_id=article.pk, deleted_at__isnull=True)
        .select_related("author")
        .order_by("posted_at", "id")
    )
    return TextLive(
        started=_minute(coverage.started_at),
        ended=_minute(coverage.ended_at) if coverage.ended_at else None,
        summary=tuple(block for block in coverage.summary.split("\n\n") if block.strip()),
        entries=tuple(_text_entry(entry) for entry in entries),
    )


def _text_entry(entry: LiveEntry) -> TextEntry:
    picture = [f"[image {entry.image_id}]"] if entry.image_id else []
    return TextEntry(
        at=_minute(entry.posted_at),
        paragraphs=(*picture, *html_to_paragraphs(entry.body)),
        author=entry.author.slug if entry.author else "",
        pinned=entry.pinned,
        key_title=entry.key_title if entry.key_event else "",
    )


def live_from_text(article: Article, live: TextLive) -> LiveCoverage:
    """Store a live page's coverage and entries read from its text, in the transaction that
    stores its article (syndication/textimport.py)."""
    authors = {a.slug: a for a in Author.objects.filter(slug__in={e.author for e in live.entries})}
    pictures = Image.objects.in_bulk(
        {int(found[1]) for e in live.entries if (found := _IMAGE.match(e.paragraphs[0]))}
    )
    return live_import(
        article=article,
        started_at=timezone.make_aware(live.started),
        ended_at=timezone.make_aware(live.ended) if live.ended else None,
        summary="\n\n".join(live.summary),
        entries=list(_imported_entries(live.entries, authors, pictures)),
    )


def _imported_entries(
    entries: Iterable[TextEntry], authors: dict, pictures: dict
) -> Iterator[ImportedEntry]:
    previous, offset = None, 0
    for entry in entries:
        offset = offset + 1 if entry.at == previous else 0
        previous = entry.at
        image, paragraphs = _picture(entry.paragraphs, pictures)
        yield ImportedEntry(
            posted_at=timezone.make_aware(entry.at) + dt.timedelta(microseconds=offset),
            body=paragraphs_to_html(list(paragraphs)),
            image=image,
            author=authors.get(entry.author),
            pinned=entry.pinned,
            key_title=entry.key_title,
        )


def _picture(paragraphs: tuple[str, ...], pictures: dict) -> tuple[Image | None, tuple[str, ...]]:
    """The entry's picture, from an `[image N]` first paragraph naming one of ours."""
    found = _IMAGE.match(paragraphs[0])
    image = pictures.get(int(found[1])) if found else None
    return (image, paragraphs[1:]) if image else (None, paragraphs)
