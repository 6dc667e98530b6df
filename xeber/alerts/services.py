"""The alert desk's one action: every channel of an edition told at once, each with its
own text, all or nothing (a channel that cannot take its part stops the whole alert
before anything is on the site), audited once. Sending is the deliveries' work (Telegram
posts, the push, the letter go out from workers); the line and the live entry are on the
site when the action returns."""

from __future__ import annotations

import html
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from xeber.alerts.models import Alert
from xeber.core.errors import Invalid
from xeber.deliveries.services import delivery_plan
from xeber.editorial.breaking import breaking_add
from xeber.editorial.models import AuditEntry
from xeber.editorial.policy import Action, require
from xeber.editorial.roles import editions_of
from xeber.live.services import entry_post
from xeber.news.models import Article
from xeber.newsletters.services import alert_letter_send
from xeber.push.services import push_alert_send
from xeber.telegram.models import TelegramChannel

CHANNELS = ("breaking", "telegram", "push", "newsletter", "live")


@dataclass
class AlertRequest:
    """What the desk's form asks for: the line, and for each other channel wanted, its
    own text (empty: not that channel)."""

    edition: str
    breaking: str
    article: Article | None = None
    expires_at: object = None
    telegram: str = ""
    push: str = ""
    newsletter: str = ""
    live_page: Article | None = None
    live: str = ""


def _checked(user, asked: AlertRequest) -> None:
    if asked.edition not in editions_of(user):
        raise PermissionDenied("not an edition of this editor")
    if not asked.breaking.strip():
        raise Invalid(_("An alert needs its breaking line."))
    if asked.push and asked.article is None:
        raise Invalid(_("A push needs the story it opens: give the article's id."))
    if asked.newsletter and asked.article is None:
        raise Invalid(_("A letter needs the story it opens: give the article's id."))
    if asked.article is not None and asked.article.edition != asked.edition:
        raise Invalid(_("The story is not of this edition."))
    if asked.live and (asked.live_page is None or asked.live_page.edition != asked.edition):
        raise Invalid(_("Choose a live page of this edition for the entry."))


@transaction.atomic
def alert_send(*, user, asked: AlertRequest) -> Alert:
    require(user, Action.ALERT, asked.article)
    _checked(user, asked)
    texts = {name: " ".join(str(getattr(asked, name)).split()) for name in CHANNELS}
    alert = Alert.objects.create(
        edition=asked.edition,
        article=asked.article,
        texts={name: text for name, text in texts.items() if text},
        sent_by=user,
    )
    alert.line = breaking_add(
        user=user, edition=asked.edition, text=texts["breaking"], article=asked.article,
        expires_at=asked.expires_at, audit=False,
    )  # fmt: skip
    if texts["telegram"]:
        _telegram(alert, texts["telegram"])
    if texts["push"]:
        alert.push = push_alert_send(
            user=user, article=asked.article, text=texts["push"], audit=False
        )
    if texts["newsletter"]:
        alert.letter = alert_letter_send(
            user=user, article=asked.article, subject=texts["newsletter"], audit=False
        )
    if texts["live"]:
        alert.live_entry = entry_post(
            user=user, article=asked.live_page, body=f"<p>{html.escape(texts['live'])}</p>",
            key_event=True,
        )  # fmt: skip
    alert.save(update_fields=["line", "push", "letter", "live_entry"])
    AuditEntry.objects.create(
        user=user, action="alert sent", article=asked.article,
        article_title=texts["breaking"][:300],
        detail=f"alert ({asked.edition}): {', '.join(alert.texts)}"[:300],
    )  # fmt: skip
    return alert


def _telegram(alert: Alert, text: str) -> None:
    for channel in TelegramChannel.objects.filter(edition=alert.edition, active=True):
        delivery_plan(
            key=alert.telegram_key(channel.pk),
            channel="telegram",
            target=str(channel),
            action="alert",
            article=alert.article,
            params={"channel": channel.pk, "text": text},
        )
