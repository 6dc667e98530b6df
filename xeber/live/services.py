"""Every write of live coverage: making an article live and ending it, choosing who posts,
and each entry posted, edited, pinned, marked or deleted, whoever asks (the desk, commands,
the text import, tests).

Each one checks policy.py, keeps a revision of the entry and an audit entry, and tells the
page cache through changes.live_changed(): the live page, its entries endpoint and its
feed, nothing else. Writing an entry locks no row but its own (and a pinned one it
unpins): journalists posting at once never wait for each other, and an entry never
touches the article's row. A body's embeds are looked up before the transaction, so that
no provider is waited for while it is open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from xeber.core.html import html_to_paragraphs, plain_text, sanitize_html
from xeber.editorial.models import AuditEntry
from xeber.editorial.policy import Action, require
from xeber.editorial.services import InvalidTransition, StaleEdit, article_store_fields
from xeber.embeds.services import resolve_body
from xeber.live.models import LiveCoverage, LiveEntry, LiveEntryRevision
from xeber.news.models import Article
from xeber.pagecache import changes

KEY_TITLE_LENGTH = 200
# What an edit may change; the time an entry was posted stays.
EDITABLE = ("body", "image", "author", "key_event", "key_title", "pinned")


class StaleEntryEdit(StaleEdit):
    """The entry was changed after the version the edit was made on; `current` is the
    stored entry, for the caller to show next to the edit."""

    def __init__(self, current: LiveEntry, base_version) -> None:
        Exception.__init__(
            self,
            _(
                "This entry was changed by someone else (now version %(current)s, the edit "
                "was made on %(base)s)."
            )
            % {"current": current.version, "base": base_version},
        )
        self.current = current
        self.base_version = base_version


@dataclass(frozen=True)
class PreparedBody:
    html: str
    warnings: list[str] = field(default_factory=list)  # for the journalist


def prepare_body(body: str, *, user=None) -> PreparedBody:
    """A body as entries keep it: sanitised, each lone link of a provider an embed (as
    article bodies: xeber/embeds/services.py)."""
    resolved = resolve_body(sanitize_html(body), user=user)  # it writes embeds clean
    return PreparedBody(resolved.body, resolved.warnings)


# --- the coverage -----------------------------------------------------------------------
@transaction.atomic
def live_start(*, user, article: Article, poll_seconds: int | None = None) -> LiveCoverage:
    """Make an article live (again, after an end: its entries are kept)."""
    locked = _locked(article)
    if user is not None:
        require(user, Action.LIVE, locked)
    if locked.live == Article.Live.LIVE:
        raise InvalidTransition(_("This article is live already."))
    coverage, created = LiveCoverage.objects.get_or_create(article=locked)
    coverage.ended_at = None
    if poll_seconds:
        coverage.poll_seconds = poll_seconds
    coverage.save()
    _store_state(article, locked, Article.Live.LIVE)
    _audit(user, "live started" if created else "live restarted", article)
    return coverage


@transaction.atomic
def live_end(*, user, article: Article, summary: str = "") -> LiveCoverage:
    """End the live page: it stays an article with all its entries, and the summary."""
    locked = _locked(article)
    if user is not None:
        require(user, Action.LIVE, locked)
    coverage = LiveCoverage.objects.filter(article=locked).first()
    if coverage is None or locked.live != Article.Live.LIVE:
        raise InvalidTransition(_("This article is not live."))
    coverage.ended_at = timezone.now()
    coverage.summary = summary.strip()
    coverage.save(update_fields=["ended_at", "summary"])
    _store_state(article, locked, Article.Live.ENDED)
    _audit(user, "live ended", article, coverage.summary[:300])
    return coverage


def _locked(article: Article) -> Article:
    """The article's row, held against other saves (FOR NO KEY UPDATE, as a save's own
    update holds it): entries, which only refer to it, are still posted meanwhile."""
    return Article.objects.select_for_update(no_key=True).get(pk=article.pk)


def _store_state(article: Article, locked: Article, state: str) -> None:
    """The article's copy of the state, through the save service's one path for derived
    fields; its version moves on, so a save made before cannot write the old state back."""
    article.live = state
    article.version = locked.version + 1
    article_store_fields(article, ["live", "version", "updated_at"])
    changes.live_changed(article.pk)


@transaction.atomic
def live_assign(*, user, article: Article, journalists) -> LiveCoverage:
    """Who may post in the live page besides its own author (editors always may)."""
    if user is not None:
        require(user, Action.LIVE, article)
    coverage = LiveCoverage.objects.filter(article=article).first()
    if coverage is None:
        raise InvalidTransition(_("This article has never been live."))
    coverage.journalists.set(journalists)
    names = ", ".join(sorted(person.get_username() for person in coverage.journalists.all()))
    _audit(user, "live journalists", article, names[:300])
    return coverage


# --- entries ------------------------------------------------------------------------------
def entry_post(
    *,
    user,
    article: Article,
    body: str,
    image=None,
    author=None,
    pinned: bool = False,
    key_event: bool = False,
    key_title: str = "",
    posted_at: dt.datetime | None = None,
) -> LiveEntry:
    """A new entry of a running live page, newest on the page. `posted_at` is for the text
    import (entries of the past); people post now. The entry's `body_notes` say what the
    journalist should hear of (a link that could not be embedded)."""
    if user is not None:
        require(user, Action.LIVE_POST, article)
        if pinned:
            require(user, Action.LIVE_PIN, article)
    if posted_at is None and not _running(article):
        raise InvalidTransition(_("This article is not live: entries cannot be posted."))
    prepared = prepare_body(body, user=user)
    _check_content(prepared.html, image)
    now = timezone.now()
    entry = LiveEntry(
        article=article,
        body=prepared.html,
        image=image,
        author=author,
        created_by=user,
        posted_at=posted_at or now,
        updated_at=now,
        key_event=key_event,
        key_title=_key_title(key_event, key_title, prepared.html),
        pinned=pinned,
    )
    with transaction.atomic():
        if pinned:
            _unpin_others(article.pk, None, user)
        entry.changed_at = timezone.now()
        entry.save()
        _revision(entry, user, "posted")
        _audit(user, "entry posted", article, _summary(entry))
        changes.live_changed(article.pk)
    entry.body_notes = prepared.warnings
    return entry


def entry_edit(*, user, entry: LiveEntry, data: dict, base_version: int | None) -> LiveEntry:
    """Change an entry someone read at `base_version`, all or nothing: an edit made on an
    older version raises StaleEntryEdit with the stored entry and changes nothing."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
    if user is not None:
        require(user, Action.LIVE_EDIT, entry)
        if "pinned" in data and bool(data["pinned"]) != entry.pinned:
            require(user, Action.LIVE_PIN, entry.article)
    prepared = prepare_body(data["body"], user=user) if "body" in data else None
    with transaction.atomic():
        _claim_version(entry.pk, base_version)
        for name, value in data.items():
            setattr(entry, name, value)
        if prepared is not None:
            entry.body = prepared.html
        _check_content(entry.body, entry.image)
        entry.key_title = _key_title(entry.key_event, entry.key_title, entry.body)
        if entry.pinned:
            _unpin_others(entry.article_id, entry.pk, user)
        entry.version = base_version + 1
        entry.updated_at = entry.changed_at = timezone.now()
        entry.save()
        _revision(entry, user, "edited")
        _audit(user, "entry edited", entry.article, _summary(entry))
        changes.live_changed(entry.article_id)
    entry.body_notes = prepared.warnings if prepared else []
    return entry


def _claim_version(pk: int, base_version: int | None) -> None:
    live = LiveEntry.objects.filter(pk=pk, deleted_at__isnull=True)
    claimed = base_version is not None and live.filter(version=base_version).update(
        version=F("version") + 1
    )
    if not claimed:
        current = LiveEntry.objects.get(pk=pk)
        if current.deleted_at is not None:
            raise InvalidTransition(_("This entry was deleted."))
        raise StaleEntryEdit(current, base_version)


@transaction.atomic
def entry_delete(*, user, entry: LiveEntry) -> LiveEntry:
    """Take an entry off the page. The row stays, marked, so that readers' open pages
    hear of the deletion; its revisions keep what it said."""
    if user is not None:
        require(user, Action.LIVE_EDIT, entry)
    if entry.deleted_at is not None:
        return entry
    _change(entry, user, "deleted", deleted_at=timezone.now(), pinned=False)
    _audit(user, "entry deleted", entry.article, _summary(entry))
    changes.live_changed(entry.article_id)
    return entry


@transaction.atomic
def entry_pin(*, user, entry: LiveEntry, pinned: bool = True) -> LiveEntry:
    """Pin an entry to the top of the page (the one pinned before is unpinned), or unpin it."""
    if user is not None:
        require(user, Action.LIVE_PIN, entry.article)
    _check_not_deleted(entry)
    if pinned:
        _unpin_others(entry.article_id, entry.pk, user)
    _change(entry, user, "pinned" if pinned else "unpinned", pinned=pinned)
    _audit(user, "entry pinned" if pinned else "entry unpinned", entry.article, _summary(entry))
    changes.live_changed(entry.article_id)
    return entry


@transaction.atomic
def entry_mark_key(*, user, entry: LiveEntry, key_event: bool, key_title: str = "") -> LiveEntry:
    """Mark an entry as a key event (listed at the top of the page, with its title), or
    unmark it."""
    if user is not None:
        require(user, Action.LIVE_EDIT, entry)
    _check_not_deleted(entry)
    title = _key_title(key_event, key_title or entry.key_title, entry.body)
    _change(
        entry,
        user,
        "key event" if key_event else "not a key event",
        key_event=key_event,
        key_title=title,
    )
    _audit(user, "entry key event", entry.article, _summary(entry))
    changes.live_changed(entry.article_id)
    return entry


def _check_not_deleted(entry: LiveEntry) -> None:
    if entry.deleted_at is not None:
        raise InvalidTransition(_("This entry was deleted."))


def _change(entry: LiveEntry, user, note: str, **values) -> None:
    """Store some fields of an entry as a new version (no base version: a flag, not text)."""
    values["changed_at"] = timezone.now()
    LiveEntry.objects.filter(pk=entry.pk).update(version=F("version") + 1, **values)
    entry.refresh_from_db()
    _revision(entry, user, note)


def _unpin_others(article_pk: int, keep_pk: int | None, user) -> None:
    """Before pinning another entry. Pins of one page take turns on its coverage's row, so
    that two at once never both find nothing to unpin and break the one-pin rule."""
    LiveCoverage.objects.select_for_update().filter(article_id=article_pk).first()
    pinned = LiveEntry.objects.filter(article_id=article_pk, pinned=True).exclude(pk=keep_pk)
    for other in pinned.select_for_update():
        _change(other, user, "unpinned", pinned=False)


def _running(article: Article) -> bool:
    return LiveCoverage.objects.filter(article_id=article.pk, ended_at__isnull=True).exists()


def _check_content(html: str, image) -> None:
    if image is None and not html_to_paragraphs(html) and "<xeber-embed" not in html:
        raise ValueError(_("An entry needs some text or a picture."))


def _key_title(key_event: bool, title: str, html: str) -> str:
    """A key event's title as the timeline lists it: the one given, else the entry's
    first words."""
    if not key_event:
        return ""
    title = " ".join(title.split()) or plain_text(html)
    return Truncator(title or _("Key event")).chars(KEY_TITLE_LENGTH)


def _summary(entry: LiveEntry) -> str:
    text = plain_text(entry.body)
    return f"#{entry.pk} {Truncator(text).chars(200)}"


def _revision(entry: LiveEntry, user, note: str) -> None:
    LiveEntryRevision.objects.create(
        entry=entry,
        version=entry.version,
        created_by=user,
        note=note,
        data={
            "body": entry.body,
            "image_id": entry.image_id,
            "author_id": entry.author_id,
            "pinned": entry.pinned,
            "key_event": entry.key_event,
            "key_title": entry.key_title,
            "posted_at": entry.posted_at.isoformat(),
            "deleted": entry.deleted_at is not None,
        },
    )


def _audit(user, action: str, article: Article, detail: str = "") -> None:
    state = article.state
    AuditEntry.objects.create(
        user=user,
        action=action,
        article=article,
        article_title=article.title[:300],
        from_state=state,
        to_state=state,
        detail=detail[:300],
    )


# --- the text import -----------------------------------------------------------------------
@dataclass(frozen=True)
class ImportedEntry:
    posted_at: dt.datetime
    body: str  # HTML
    image: object = None
    author: object = None
    pinned: bool = False
    key_title: str = ""


@transaction.atomic
def live_import(
    *,
    article: Article,
    started_at: dt.datetime,
    ended_at: dt.datetime | None,
    summary: str,
    entries: list[ImportedEntry],
) -> LiveCoverage:
    """A live page read from an import (the operator's: no user): its coverage as it ran
    and its entries with their own times, each with a revision; one audit entry."""
    locked = _locked(article)
    coverage, _created = LiveCoverage.objects.update_or_create(
        article=locked,
        defaults={"started_at": started_at, "ended_at": ended_at, "summary": summary},
    )
    for item in entries:
        entry_post(
            user=None,
            article=locked,
            body=item.body,
            image=item.image,
            author=item.author,
            pinned=item.pinned,
            key_event=bool(item.key_title),
            key_title=item.key_title,
            posted_at=item.posted_at,
        )
    state = Article.Live.ENDED if ended_at else Article.Live.LIVE
    _store_state(article, locked, state)
    _audit(None, "live imported", article, f"{len(entries)} entries")
    return coverage
