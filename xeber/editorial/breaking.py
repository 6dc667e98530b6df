"""Breaking-news lines: the services behind the desk, each checked and audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from xeber.editorial.models import AuditEntry
from xeber.editorial.policy import Action, require
from xeber.news.models import BreakingNews


def _audit(user, action: str, line: BreakingNews) -> None:
    AuditEntry.objects.create(
        user=user,
        action=action,
        article=line.article,
        article_title=line.text[:300],
        detail=f"breaking ({line.edition})",
    )


@transaction.atomic
def breaking_add(
    *, user, edition: str, text: str, article=None, expires_at=None, audit: bool = True
) -> BreakingNews:
    """A line on the edition's pages (`audit=False`: part of an alert, audited as one)."""
    require(user, Action.MANAGE_BREAKING)
    line = BreakingNews.objects.create(
        edition=edition, text=text, article=article, expires_at=expires_at
    )
    if audit:
        _audit(user, "breaking added", line)
    return line


@transaction.atomic
def breaking_expire(*, user, line: BreakingNews) -> BreakingNews:
    require(user, Action.MANAGE_BREAKING)
    line.expires_at = timezone.now()
    line.save(update_fields=["expires_at"])
    _audit(user, "breaking expired", line)
    return line


@transaction.atomic
def breaking_remove(*, user, line: BreakingNews) -> None:
    require(user, Action.MANAGE_BREAKING)
    _audit(user, "breaking removed", line)
    line.delete()
