"""What a cached page shows, by name, so that a change finds exactly the pages it alters.

While a page renders, views and template tags record the names of what it shows (an
article, the list of a section, the header of an edition). The page is stored with the
version each name had; a change bumps the names it touches (signals.py) and every page
that recorded one of them is out of date at its next request. A page whose view declares
no scope of its own (feeds, sitemaps, the rates page) depends on ANY, which every change
bumps.

The two halves are kept here side by side: what each page records, and what each change
touches. Whatever one shows, the other must bump.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.utils import timezone

ANY = "any"
# Every page depends on it; bumped when the cache comes back from an outage, in which
# bumps of other names may have been lost.
EPOCH = "epoch"


def header(edition: str) -> str:
    """The header of every page: date, rates, breaking news, the sections menu."""
    return f"header:{edition}"


def article(pk: int) -> str:
    """One article's own content, wherever it is shown (its page, a teaser)."""
    return f"article:{pk}"


def live(pk: int) -> str:
    """The entries of an article's live coverage (xeber/live): its article page, its
    entries endpoint and its feed of entries, nothing else."""
    return f"live:{pk}"


def front(edition: str) -> str:
    return f"front:{edition}"


def section(pk: int) -> str:
    """Which articles a section lists (its pages, and related articles of untagged ones)."""
    return f"section:{pk}"


def tag(pk: int) -> str:
    """A tag's name and which articles carry it (tag pages, related articles)."""
    return f"tag:{pk}"


def author(pk: int) -> str:
    """An author's name and profile, shown in bylines."""
    return f"author:{pk}"


def author_articles(pk: int) -> str:
    return f"author-articles:{pk}"


def day(edition: str, date: dt.date) -> str:
    return f"day:{edition}:{date.isoformat()}"


@dataclass
class Shown:
    names: set[str] = field(default_factory=set)
    exact: bool = False  # the view named its scope; otherwise the page depends on ANY
    started_ns: int = 0  # when the page started rendering (time.time_ns())

    def dependencies(self, edition: str) -> set[str]:
        return self.names | {EPOCH, header(edition)} | (set() if self.exact else {ANY})


_shown: ContextVar[Shown | None] = ContextVar("pagecache_shown", default=None)


@contextlib.contextmanager
def recording(started_ns: int) -> Iterator[Shown]:
    shown = Shown(started_ns=started_ns)
    token = _shown.set(shown)
    try:
        yield shown
    finally:
        _shown.reset(token)


def rendering_since() -> int | None:
    """When the page being rendered started (None outside the page cache)."""
    shown = _shown.get()
    return shown.started_ns if shown is not None else None


def shows(*names: str) -> None:
    """The page being rendered shows these (no-op outside the page cache)."""
    shown = _shown.get()
    if shown is not None:
        shown.names.update(names)


def scope(*names: str) -> None:
    """The page shows exactly these, plus whatever else it records."""
    shown = _shown.get()
    if shown is not None:
        shown.names.update(names)
        shown.exact = True


# --- What pages show -------------------------------------------------------------------


def article_page(item, translations: Iterable) -> list[str]:
    """An article page: its own text, its byline, its tags and the related articles those
    tags (or its section) select, and the titles of its translations."""
    tags = [tag(t.pk) for t in item.tag_list]
    return [
        article(item.pk),
        *(tags or [section(item.section_id)]),
        *(author(a.pk) for a in item.byline),
        *(article(other.pk) for other in translations),
    ]


# --- What changes touch ----------------------------------------------------------------


def article_lists(edition: str, section_id: int, published_at, tag_ids, author_ids) -> set[str]:
    """Every list an article with these properties appears in."""
    return {
        front(edition),
        section(section_id),
        *(tag(pk) for pk in tag_ids),
        *(author_articles(pk) for pk in author_ids),
        *([day(edition, timezone.localdate(published_at))] if published_at else []),
    }
