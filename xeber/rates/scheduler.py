"""When to fetch: the bulletin appears on working days; retry with backoff until it does."""

from __future__ import annotations

import datetime as dt
import logging
import time

from django.utils import timezone

from xeber.core.backoff import backoff
from xeber.rates.models import Rate
from xeber.rates.services import RatesFetchError, rates_fetch

logger = logging.getLogger(__name__)
FIRST_RETRY = dt.timedelta(minutes=5)
LONGEST_RETRY = dt.timedelta(hours=1)
DAY_STARTS = dt.time(0, 5)


def next_working_start(now: dt.datetime) -> dt.datetime:
    day = now.date() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, DAY_STARTS, tzinfo=now.tzinfo)


def retry_delay(failures: int) -> dt.timedelta:
    return backoff(failures, FIRST_RETRY, LONGEST_RETRY)


def has_todays_bulletin(today: dt.date) -> bool:
    return Rate.objects.filter(date=today).exists()


def run_once(now: dt.datetime, failures: int) -> tuple[dt.timedelta, int]:
    """Do what is due at `now`; return how long to sleep and the new failure count."""
    today = now.date()
    if today.weekday() >= 5 or has_todays_bulletin(today):
        return next_working_start(now) - now, 0
    try:
        summary = rates_fetch(day=today)
    except RatesFetchError:
        failures += 1
        return retry_delay(failures), failures
    if summary.bulletin_date == today:
        return next_working_start(now) - now, 0
    # The bank answered with an older bulletin: today's is not out yet.
    failures += 1
    return retry_delay(failures), failures


# Jobs run every EVERY besides the rates (the command adds the deliveries' resume).
EVERY = dt.timedelta(minutes=1)


def run_forever(every: list | tuple = ()) -> None:
    failures, rates_due = 0, timezone.localtime()
    while True:
        now = timezone.localtime()
        if now >= rates_due:
            wait, failures = run_once(now, failures)
            rates_due = now + wait
            logger.info("next rates check in %s", wait)
        for job in every:
            try:
                job()
            except Exception:  # one job's failure must not stop the others, nor the rates
                logger.exception("scheduled job %s failed", getattr(job, "__name__", job))
        time.sleep(max(0.0, min(EVERY, rates_due - timezone.localtime()).total_seconds()))
