"""One thing sent to many readers (a push to every subscribed browser, a newsletter to
every subscriber): one delivery that works through its recipients in batches.

The broadcast row records after each batch how far it got (`cursor`) and what came of it,
so a worker that stops mid-way leaves the rest to the next attempt: at most one batch is
sent twice. Recipients whose place answered "later" (busy, down) are kept in `retry` and
tried again by the next attempt, with the delivery's backoff; after the last attempt they
count as undelivered. Recipients that are gone for good are removed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from xeber.deliveries.models import Delivery
from xeber.deliveries.services import Refused, RetryLater, delivery_keep_alive


class Broadcast(models.Model):
    cursor = models.BigIntegerField(default=0, editable=False)  # last recipient done
    # The last recipient when it first went: readers who arrive later are not sent it.
    last_recipient = models.BigIntegerField(null=True, editable=False)
    delivered = models.PositiveIntegerField(_("delivered"), default=0)
    removed = models.PositiveIntegerField(_("gone, removed"), default=0)
    undelivered = models.PositiveIntegerField(_("undelivered"), default=0)
    retry = models.JSONField(default=list, blank=True, editable=False)  # "later" recipients
    # Why some were not delivered, counted: {"403 Forbidden": 2, "timeout": 1}.
    problems = models.JSONField(_("problems"), default=dict, blank=True, editable=False)

    class Meta:
        abstract = True


@dataclass
class BatchResult:
    """What sending to one batch of recipients came to."""

    delivered: int = 0
    gone: list[int] = field(default_factory=list)  # recipients to remove
    later: list[int] = field(default_factory=list)  # to try again
    refused: Counter = field(default_factory=Counter)  # reason -> count, not retried
    waits: Counter = field(default_factory=Counter)  # why the "later" ones wait
    retry_after: float = 0.0  # the longest wait a place asked for


SendBatch = Callable[[list], BatchResult]


def broadcast_send(
    delivery: Delivery, broadcast: Broadcast, recipients, send: SendBatch, batch: int
) -> str:
    """Send to `recipients` (a queryset) not reached yet, `batch` at a time, then to those
    an earlier attempt was told to try later; RetryLater while some still wait. Before
    each batch the delivery's lease is renewed (a broadcast may take longer than one)."""
    if broadcast.last_recipient is None:
        broadcast.last_recipient = (
            recipients.order_by("-pk").values_list("pk", flat=True).first() or 0
        )
        broadcast.save(update_fields=["last_recipient"])
    waits, retry_after = Counter(), 0.0
    for result in _batches(delivery, broadcast, recipients, send, batch):
        waits.update(result.waits)
        retry_after = max(retry_after, result.retry_after)
    if broadcast.retry:
        _give_up_or_retry(delivery, broadcast, waits, retry_after)
    return f"{broadcast.delivered} delivered"


def _batches(delivery: Delivery, broadcast: Broadcast, recipients, send: SendBatch, size: int):
    earlier = list(broadcast.retry)
    waiting = recipients.filter(pk__lte=broadcast.last_recipient).order_by("pk")
    while True:
        delivery_keep_alive(delivery)
        batch = list(waiting.filter(pk__gt=broadcast.cursor)[:size])
        if not batch:
            break
        result = send(batch)
        _record(broadcast, recipients.model, result, cursor=batch[-1].pk)
        yield result
    for start in range(0, len(earlier), size):
        chunk = earlier[start : start + size]
        delivery_keep_alive(delivery)
        result = send(list(recipients.model.objects.filter(pk__in=chunk).order_by("pk")))
        _record(broadcast, recipients.model, result, retried=chunk)
        yield result


def _record(broadcast: Broadcast, model, result: BatchResult, cursor=None, retried=()) -> None:
    with transaction.atomic():
        model.objects.filter(pk__in=result.gone).delete()
        retried = set(retried)
        broadcast.retry = [pk for pk in broadcast.retry if pk not in retried] + result.later
        broadcast.delivered += result.delivered
        broadcast.removed += len(result.gone)
        broadcast.undelivered += sum(result.refused.values())
        broadcast.problems = dict(Counter(broadcast.problems) + result.refused)
        if cursor is not None:
            broadcast.cursor = cursor
        fields = ["retry", "delivered", "removed", "undelivered", "problems", "cursor"]
        broadcast.save(update_fields=fields)


def _give_up_or_retry(delivery: Delivery, broadcast: Broadcast, waits: Counter, after: float):
    summary = ", ".join(f"{reason}: {count}" for reason, count in waits.most_common(3))
    waiting = len(broadcast.retry)
    if delivery.attempts >= settings.DELIVERY_MAX_ATTEMPTS:
        broadcast.problems = dict(Counter(broadcast.problems) + waits)
        broadcast.undelivered += waiting
        broadcast.retry = []
        broadcast.save(update_fields=["problems", "undelivered", "retry"])
        raise Refused(f"{waiting} undelivered after {delivery.attempts} attempts ({summary})")
    raise RetryLater(f"{waiting} to try again ({summary})", after=after)
