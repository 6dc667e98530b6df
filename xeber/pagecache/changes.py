"""What an article's change touches, told by the article services (editorial/services.py)
explicitly: the one path from an article write to the pages that show it. Likewise the
identity's service (xeber/identity) tells frame_changed().

The services read `listing()` before they write and call `article_saved()` after, with
the tags and authors they set; `article_deleted()` before a delete; the live services
call `live_changed()` after each entry they write. Catalogue edits
(sections, tags, authors, images, breaking news, rates), which have no service of their
own, reach the page cache through signals.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from xeber.news.models import Article
from xeber.pagecache import dependencies as names
from xeber.pagecache.versions import bump

# Whether an article is listed, and where: a change of any of these moves it between lists.
LISTING_FIELDS = ("status", "edition", "section_id", "published_at", "is_main")


def frame_changed() -> None:
    """What frames every page changed (the newsroom's name, logo, footer): every page, and
    every edition's header (cached by its version)."""
    bump({names.EPOCH, *(names.header(code) for code, _name in settings.LANGUAGES)})


def listing(article_pk: int | None) -> dict | None:
    """Where the stored article is listed now: read before a save changes it."""
    if article_pk is None:
        return None
    found = Article.objects.filter(pk=article_pk).values(*LISTING_FIELDS).first()
    if found is not None:
        found["tag_ids"] = _ids(Article.tags.through, "tag_id", article_pk)
        found["author_ids"] = _ids(Article.authors.through, "author_id", article_pk)
    return found


def _ids(through, column: str, article_pk: int) -> set[int]:
    return set(through.objects.filter(article_id=article_pk).values_list(column, flat=True))


def article_saved(
    article: Article,
    before: dict | None,
    tags: Iterable | None = None,
    authors: Iterable | None = None,
) -> None:
    """After a save: the article's own pages, and the lists it joined or left. `tags` and
    `authors` are what the save set (None: unchanged)."""
    bump(_touched(article, before, tags, authors))


def articles_created(articles: Iterable[Article]) -> None:
    """After new articles were stored together: one bump for all they are shown in."""
    bump(set().union(*(_touched(article, None) for article in articles)))


def _touched(
    article: Article, before: dict | None, tags: Iterable | None = None, authors=None
) -> set[str]:
    before_ids = before or {"tag_ids": set(), "author_ids": set()}
    tag_ids = before_ids["tag_ids"] if tags is None else {getattr(t, "pk", t) for t in tags}
    author_ids = (
        before_ids["author_ids"] if authors is None else {getattr(a, "pk", a) for a in authors}
    )
    now = {field: getattr(article, field) for field in LISTING_FIELDS}
    if Article.Status.PUBLISHED not in {now["status"], (before or {}).get("status")}:
        return set()  # a draft changed: no page shows it
    touched = {names.article(article.pk), names.ANY}
    if before is None or any(before[field] != now[field] for field in LISTING_FIELDS):
        every_tag, every_author = (
            tag_ids | before_ids["tag_ids"],
            author_ids | before_ids["author_ids"],
        )
        touched |= _lists(now, every_tag, every_author)
        if before:
            touched |= _lists(before, before["tag_ids"], before["author_ids"])
    else:  # the same place in every list but those of tags and authors added or removed
        touched |= set(map(names.tag, tag_ids ^ before["tag_ids"]))
        touched |= set(map(names.author_articles, author_ids ^ before["author_ids"]))
    return touched


def live_changed(article_pk: int) -> None:
    """After a live page's entries or coverage changed (xeber/live/services.py): exactly
    what shows them. An entry written by one journalist bumps no list, and no article."""
    bump({names.live(article_pk)})


def article_deleted(article: Article) -> None:
    """Before a delete: everything the article was shown in."""
    before = listing(article.pk)
    if before is not None:
        lists = _lists(before, before["tag_ids"], before["author_ids"])
        bump({names.article(article.pk), names.ANY, *lists})


def _lists(place: dict, tag_ids: Iterable[int], author_ids: Iterable[int]) -> set[str]:
    return names.article_lists(
        place["edition"], place["section_id"], place["published_at"], tag_ids, author_ids
    )
