"""What a publication means for the edition's Telegram channels: a post planned for each
active channel when a story is published (at its time when scheduled), the post deleted
when it is unpublished (or never sent, if it had not gone yet). The deliveries app sends
(xeber/deliveries); sending.py says how."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone

from xeber.deliveries.models import Delivery
from xeber.deliveries.services import deliveries_cancel, delivery_plan
from xeber.news.models import Article
from xeber.telegram.models import TelegramChannel

logger = logging.getLogger(__name__)


def _key(channel_pk: int, article_pk: int, action: str) -> str:
    return f"telegram:{channel_pk}:article:{article_pk}:{action}"


def posts_wanted(article: Article) -> bool:
    """The story's own switch, else its section's."""
    if article.telegram_post is not None:
        return article.telegram_post
    return article.section.telegram_post


def telegram_posts_plan(article: Article) -> list[Delivery]:
    """A post for each active channel of the edition, once per channel: a story saved,
    republished or rescheduled is not posted again."""
    if not posts_wanted(article):
        return []
    due_at = max(article.published_at or timezone.now(), timezone.now())
    planned = []
    for channel in TelegramChannel.objects.filter(edition=article.edition, active=True):
        delivery, _created = delivery_plan(
            key=_key(channel.pk, article.pk, "post"),
            channel="telegram",
            target=str(channel),
            action="post",
            article=article,
            params={"channel": channel.pk},
            due_at=due_at,
        )
        planned.append(delivery)
    return planned


def telegram_posts_withdraw(article: Article) -> None:
    """The story is off the site: its posts not sent yet are cancelled, those sent are
    deleted from their channels."""
    posts = Delivery.objects.filter(channel="telegram", action="post", article=article)
    deliveries_cancel(posts)
    gone = [Delivery.State.SENT, Delivery.State.SENDING]  # one being sent is waited for
    for post in posts.filter(state__in=gone):
        channel_pk = post.params.get("channel")
        delivery_plan(
            key=_key(channel_pk, article.pk, "delete"),
            channel="telegram",
            target=post.target,
            action="delete",
            article=article,
            params={"channel": channel_pk, "post": post.key},
        )


def _safely(plan, article: Article) -> None:
    """A receiver of the workflow's signals: its own savepoint, and no error of its own
    fails the publication (the editor sees nothing planned; the log says why)."""
    try:
        with transaction.atomic():
            plan(article)
    except Exception:
        logger.exception("telegram: could not plan for article %s", article.pk)


def on_published(sender, article: Article, **kwargs) -> None:
    _safely(telegram_posts_plan, article)


def on_unpublished(sender, article: Article, **kwargs) -> None:
    _safely(telegram_posts_withdraw, article)
