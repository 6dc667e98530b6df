"""The editorial workflow: every write to an article goes through one of these.

Each service checks policy.py, records a revision or an audit entry (or both) and runs
in a transaction. States: draft -> review -> published (scheduled while its time is in
the future) -> unpublished; an editor may return an article to draft.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from xeber.editorial.models import AuditEntry, Revision
from xeber.editorial.policy import Action, require
from xeber.news.models import Article
from xeber.news.services import current_breaking_text, unique_article_slug

# The fields a revision keeps and a restore puts back (workflow state is not content).
CONTENT_FIELDS = [
    "edition", "title", "slug", "lead", "body", "section_id", "cover_id", "published_at",
    "is_main", "source", "translation_key", "header_breaking", "header_rate_fixed", "header_usd",
]  # fmt: skip


class InvalidTransition(Exception):
    """The article's state does not allow this step (e.g. unpublishing a draft)."""


class StaleEdit(Exception):
    """Someone saved the article after this edit began; the newer version is attached."""

    def __init__(self, current: Article) -> None:
        super().__init__(_("This article was changed by someone else while you were editing."))
        self.current = current


def snapshot(article: Article) -> dict:
    data = {}
    for name in CONTENT_FIELDS:
        value = getattr(article, name)
        data[name] = value.isoformat() if isinstance(value, dt.datetime) else (
            str(value) if value is not None and name in {"translation_key", "header_usd"} else value
        )  # fmt: skip
    data["status"] = article.status
    data["tag_ids"] = sorted(article.tags.values_list("pk", flat=True))
    data["author_ids"] = sorted(article.authors.values_list("pk", flat=True))
    return data


def _audit(user, action: str, article: Article, from_state: str = "", detail: str = "") -> None:
    AuditEntry.objects.create(
        user=user, action=action, article=article, article_title=article.title[:300],
        from_state=from_state, to_state=article.state, detail=detail,
    )  # fmt: skip


def revision_record(*, user, article: Article, note: str = "") -> Revision:
    last = Revision.objects.filter(article_key=article.pk).order_by("-number").first()
    return Revision.objects.create(
        article=article, article_key=article.pk, number=(last.number + 1) if last else 1,
        version=article.version, created_by=user, note=note, data=snapshot(article),
    )  # fmt: skip


def article_claim_version(*, article_pk: int, base_version: int) -> bool:
    """Optimistic lock: move the article from `base_version` to the next one, atomically.

    False means someone saved a newer version first. Called inside the saving request's
    transaction, so a failed save rolls the claim back too.
    """
    return bool(
        Article.objects.filter(pk=article_pk, version=base_version).update(version=F("version") + 1)
    )


@transaction.atomic
def article_prepare_new(*, user, article: Article) -> Article:
    """Fill in what a new article needs before its first save."""
    require(user, Action.CREATE)
    article.created_by = user
    article.status = Article.Status.DRAFT
    if not article.slug:
        article.slug = unique_article_slug(edition=article.edition, title=article.title)
    return article


@transaction.atomic
def article_saved(*, user, article: Article, created: bool) -> Revision:
    """After the fields and relations were stored: the revision and the audit entry."""
    revision = revision_record(user=user, article=article, note="" if not created else _("created"))
    _audit(user, "created" if created else "edited", article, article.state)
    return revision


def _transition(user, article: Article, action: Action, allowed_from: set[str]) -> str:
    require(user, action, article)
    state = article.state
    if state not in allowed_from:
        raise InvalidTransition(
            _("Cannot %(action)s an article that is %(state)s.")
            % {"action": action, "state": state}
        )
    return state


def _store_transition(user, article: Article, action: str, from_state: str, detail="") -> None:
    article.version += 1
    article.save()
    revision_record(user=user, article=article, note=action)
    _audit(user, action, article, from_state, detail)


@transaction.atomic
def article_submit(*, user, article: Article) -> Article:
    from_state = _transition(user, article, Action.SUBMIT, {"draft"})
    article.status = Article.Status.REVIEW
    _store_transition(user, article, "submitted", from_state)
    return article


@transaction.atomic
def article_return_to_draft(*, user, article: Article) -> Article:
    from_state = _transition(user, article, Action.RETURN, {"review", "unpublished", "scheduled"})
    article.status = Article.Status.DRAFT
    _store_transition(user, article, "returned", from_state)
    return article


PUBLISHABLE = {"draft", "review", "unpublished", "scheduled"}


@transaction.atomic
def article_publish(*, user, article: Article) -> Article:
    from_state = _transition(user, article, Action.PUBLISH, PUBLISHABLE)
    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now()
    article.header_breaking = article.header_breaking or current_breaking_text(article.edition)
    _store_transition(user, article, "published", from_state)
    return article


@transaction.atomic
def article_schedule(*, user, article: Article, at: dt.datetime) -> Article:
    """Publish at a future moment: published() shows it exactly then, no cron involved."""
    from_state = _transition(user, article, Action.SCHEDULE, PUBLISHABLE)
    if at <= timezone.now():
        raise InvalidTransition(_("A scheduled time must be in the future."))
    article.status = Article.Status.PUBLISHED
    article.published_at = at
    local = timezone.localtime(at)
    _store_transition(user, article, "scheduled", from_state, f"{local:%Y-%m-%d %H:%M %Z}")
    return article


@transaction.atomic
def article_unpublish(*, user, article: Article) -> Article:
    from_state = _transition(user, article, Action.UNPUBLISH, {"published", "scheduled"})
    article.status = Article.Status.UNPUBLISHED
    _store_transition(user, article, "unpublished", from_state)
    return article


@transaction.atomic
def revision_restore(*, user, article: Article, revision: Revision) -> Article:
    """Put a revision's content back; the restore is itself a new revision."""
    require(user, Action.RESTORE, article)
    data = revision.data
    # The publication time is workflow, and a slug that readers have seen never changes.
    keep = {"published_at"}
    if article.status in {Article.Status.PUBLISHED, Article.Status.UNPUBLISHED}:
        keep.add("slug")
    for name in CONTENT_FIELDS:
        if name in data and name not in keep:
            setattr(article, name, data[name])
    article.version += 1
    article.save()
    article.tags.set(data.get("tag_ids", []))
    article.authors.set(data.get("author_ids", []))
    note = _("restored revision %(number)s") % {"number": revision.number}
    new = revision_record(user=user, article=article, note=note)
    _audit(user, "restored", article, article.state, note)
    return new
