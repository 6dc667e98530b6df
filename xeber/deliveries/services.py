"""Every write of a delivery (models.py): planning one, trying it, cancelling it, taking up
what a dead worker left. Channels (xeber/telegram) say how to send with register_sender();
what they raise decides what happens next:

- RetryLater: the place is busy or unreachable (Telegram's 429 with its retry_after, a
  timeout): tried again later with backoff, up to DELIVERY_MAX_ATTEMPTS.
- Refused: the place will not take it (a bot removed from its channel, a revoked token):
  failed at once, for editors to see; never retried by itself.

Nothing here runs inside a web request: planning writes a row and, once the transaction
commits, enqueues a task (tasks.py) that a worker runs (`xeber db_worker`).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from xeber.core.backoff import backoff
from xeber.deliveries.models import Delivery

logger = logging.getLogger(__name__)
State = Delivery.State

FIRST_RETRY = dt.timedelta(seconds=30)
LONGEST_RETRY = dt.timedelta(hours=1)
# The longest a service's own "retry after" is waited for (a larger one is not believed).
LONGEST_WAIT = dt.timedelta(days=1)
# A delivery due this long ago without being tried lost its task (a queue emptied by hand,
# a worker that died holding it): deliveries_resume() enqueues it again.
OVERDUE = dt.timedelta(minutes=1)


class RetryLater(Exception):
    def __init__(self, reason: str, after: float | None = None) -> None:
        super().__init__(reason)
        self.reason, self.after = reason, after


class Refused(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class LeaseLost(Exception):
    """Another worker took the delivery over (this one was too slow to say it was alive):
    this one stops, and records nothing."""


# (channel, action) -> what sends it, returning the place's id for what it made ("" if none).
Sender = Callable[[Delivery], str]
_senders: dict[tuple[str, str], Sender] = {}


def register_sender(channel: str, action: str, sender: Sender) -> None:
    _senders[(channel, action)] = sender


def delivery_plan(
    *,
    key: str,
    channel: str,
    target: str,
    action: str,
    article=None,
    params: dict | None = None,
    due_at: dt.datetime | None = None,
) -> tuple[Delivery, bool]:
    """The delivery named `key`, planned now unless it already was: then it is left as it
    is once tried (a story is posted once per channel however often it is saved or
    published), and given its new time if it has not gone yet (a story rescheduled, or
    published again after being taken off before its post went)."""
    due_at = due_at or timezone.now()
    delivery, created = Delivery.objects.get_or_create(
        key=key,
        defaults={
            "channel": channel,
            "target": target[:200],
            "action": action,
            "article": article,
            "params": params or {},
            "due_at": due_at,
        },
    )
    waiting = Delivery.objects.filter(pk=delivery.pk, state__in=[State.PENDING, State.CANCELLED])
    if not created and waiting.update(state=State.PENDING, due_at=due_at, last_error=""):
        delivery.state, delivery.due_at, delivery.last_error = State.PENDING, due_at, ""
        created = True
    if created:
        _enqueue_after_commit(delivery)
    return delivery, created


def deliveries_cancel(deliveries) -> int:
    """Cancel those of `deliveries` not tried yet (the others are left as they are)."""
    return deliveries.filter(state=State.PENDING).update(state=State.CANCELLED, last_error="")


def delivery_retry(delivery: Delivery) -> bool:
    """An editor's "try again now": a failed delivery gets a fresh set of attempts."""
    now = timezone.now()
    updated = Delivery.objects.filter(pk=delivery.pk, state=State.FAILED).update(
        state=State.PENDING, attempts=0, due_at=now
    )
    if updated:
        delivery.state, delivery.attempts, delivery.due_at = State.PENDING, 0, now
        _enqueue_after_commit(delivery)
    return bool(updated)


def _enqueue_after_commit(delivery: Delivery) -> None:
    """Once the transaction commits; a queue that refuses does not fail what committed
    (the scheduler's deliveries_resume enqueues what has no task)."""
    pk, due_at = delivery.pk, delivery.due_at
    transaction.on_commit(lambda: _enqueue(pk, due_at), robust=True)


def _enqueue(pk: int, due_at: dt.datetime) -> None:
    from xeber.deliveries.tasks import deliver  # tasks.py imports this module

    task = deliver.using(run_after=due_at) if due_at > timezone.now() else deliver
    task.enqueue(pk)


def delivery_attempt(pk: int) -> str:
    """Try one delivery if it is due and nobody holds it; its state afterwards. The row is
    claimed with one UPDATE (two workers given the same task: one sends), and the
    sending happens outside any transaction (it may take seconds)."""
    now = timezone.now()
    lease_until = now + dt.timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    claimable = Q(state=State.PENDING, due_at__lte=now) | Q(
        state=State.SENDING, lease_until__lt=now
    )
    claimed = Delivery.objects.filter(claimable, pk=pk).update(
        state=State.SENDING, lease_until=lease_until, attempts=F("attempts") + 1
    )
    delivery = Delivery.objects.filter(pk=pk).first()
    if not claimed or delivery is None:
        return delivery.state if delivery else "gone"
    if delivery.attempts > settings.DELIVERY_MAX_ATTEMPTS:  # taken over from dead workers
        reason = f"gave up after {delivery.attempts - 1} attempts: the worker sending it stopped"
        return _settle(delivery, state=State.FAILED, last_error=reason)
    sender = _senders.get((delivery.channel, delivery.action))
    try:
        if sender is None:
            raise Refused(f"nothing sends {delivery.channel} {delivery.action}")
        external_id = sender(delivery)
    except LeaseLost:
        logger.warning("delivery %s: taken over by another worker", delivery.pk)
        return Delivery.objects.get(pk=pk).state
    except Refused as refused:
        return _settle(delivery, state=State.FAILED, last_error=refused.reason)
    except RetryLater as later:
        return _later(delivery, later.reason, later.after)
    except Exception as error:  # a defect or an unforeseen answer: retried, and logged
        logger.exception("delivery %s failed", delivery.pk)
        return _later(delivery, f"{type(error).__name__}: {error}", None)
    return _settle(
        delivery,
        state=State.SENT,
        sent_at=timezone.now(),
        external_id=str(external_id or "")[:100],
        last_error="",
    )


def _later(delivery: Delivery, reason: str, after: float | None) -> str:
    if delivery.attempts >= settings.DELIVERY_MAX_ATTEMPTS:
        reason = f"gave up after {delivery.attempts} attempts: {reason}"
        return _settle(delivery, state=State.FAILED, last_error=reason)
    asked = dt.timedelta(seconds=min(max(after or 0, 0), LONGEST_WAIT.total_seconds()))
    due_at = timezone.now() + max(retry_delay(delivery.attempts), asked)
    state = _settle(delivery, state=State.PENDING, due_at=due_at, last_error=reason)
    if state == State.PENDING:
        _enqueue(delivery.pk, due_at)
    return state


def delivery_keep_alive(delivery: Delivery) -> None:
    """A long delivery (a broadcast, batch after batch) says it is still being sent: its
    lease runs on, so no other worker takes it up. LeaseLost if one did."""
    lease_until = timezone.now() + dt.timedelta(seconds=settings.DELIVERY_LEASE_SECONDS)
    mine = Delivery.objects.filter(
        pk=delivery.pk, state=State.SENDING, lease_until=delivery.lease_until
    )
    if not mine.update(lease_until=lease_until):
        raise LeaseLost(delivery.pk)
    delivery.lease_until = lease_until


def retry_delay(attempts: int) -> dt.timedelta:
    return backoff(attempts, FIRST_RETRY, LONGEST_RETRY)


def _settle(delivery: Delivery, **fields) -> str:
    """Record the outcome, if the delivery is still this attempt's (its lease not taken
    over by another worker after running out)."""
    fields = {**fields, "lease_until": None, "last_error": fields.get("last_error", "")[:2000]}
    mine = Delivery.objects.filter(
        pk=delivery.pk, state=State.SENDING, lease_until=delivery.lease_until
    )
    if mine.update(**fields, updated_at=timezone.now()):
        return fields["state"]
    logger.warning("delivery %s: its lease ran out before it was sent", delivery.pk)
    return Delivery.objects.get(pk=delivery.pk).state


def deliveries_resume() -> int:
    """Enqueue again what is overdue: deliveries whose task was lost and those a worker
    held when it died (their lease ran out). Run every minute by `xeber scheduler`; an
    extra task for a delivery already queued finds it taken and does nothing."""
    now = timezone.now()
    overdue = Delivery.objects.filter(
        Q(state=State.PENDING, due_at__lte=now - OVERDUE)
        | Q(state=State.SENDING, lease_until__lt=now)
    ).values_list("pk", flat=True)
    overdue = list(overdue[:1000])
    if not overdue:
        return 0
    queued = _queued()  # a worker that is down would otherwise get one more each minute
    found = [pk for pk in overdue if pk not in queued]
    for pk in found:
        _enqueue(pk, now)
    return len(found)


def _queued() -> set[int]:
    """The deliveries that have a task waiting in the queue."""
    from xeber.deliveries.tasks import deliver  # tasks.py imports this module

    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=deliver.module_path
    ).values_list("args_kwargs", flat=True)
    return {args_kwargs["args"][0] for args_kwargs in waiting if args_kwargs.get("args")}


# Finished tasks are kept this long (the deliveries keep their own record).
TASK_RESULTS_KEPT_DAYS = 7
_pruned_on: list = []


def task_results_prune() -> None:
    """Once a day (run by `xeber scheduler` every minute): finished tasks' rows go."""
    today = timezone.localdate()
    if _pruned_on == [today]:
        return
    call_command("prune_db_task_results", min_age_days=TASK_RESULTS_KEPT_DAYS, verbosity=0)
    _pruned_on[:] = [today]
