"""Writes of official rates: importing bulletins and fetching them from the bank."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from xeber.core.http import FetchError, fetch
from xeber.rates.cbar import Bulletin, BulletinError, parse_bulletin
from xeber.rates.models import FetchAttempt, Rate
from xeber.rates.signals import rates_stored

logger = logging.getLogger(__name__)
SUSPICIOUS_JUMP = Decimal("0.5")  # a day-over-day USD change above 50% is worth a warning


class RatesFetchError(Exception):
    pass


@dataclass(frozen=True)
class ImportSummary:
    bulletin_date: dt.date
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return (
            f"bulletin {self.bulletin_date}: {self.created} new, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )


@transaction.atomic
def rates_import(*, bulletin: Bulletin, source: str = "cbar") -> ImportSummary:
    """Store every rate of a bulletin under its own date; idempotent."""
    existing = {rate.code: rate for rate in Rate.objects.filter(date=bulletin.date)}
    new, changed = [], []
    for item in bulletin.rates:
        stored = existing.get(item.code)
        if stored is None:
            new.append(
                Rate(
                    code=item.code,
                    date=bulletin.date,
                    nominal=item.nominal,
                    value=item.value,
                    name=item.name,
                    group=item.group,
                    source=source,
                )
            )
        elif (stored.nominal, stored.value) != (item.nominal, item.value):
            logger.warning(
                "%s %s revised: %s -> %s", item.code, bulletin.date, stored.value, item.value
            )
            stored.nominal, stored.value, stored.source = item.nominal, item.value, source
            changed.append(stored)
    Rate.objects.bulk_create(new)
    Rate.objects.bulk_update(changed, ["nominal", "value", "source", "fetched_at"])
    if new or changed:
        _warn_on_jump(bulletin)
        transaction.on_commit(lambda: rates_stored.send(sender=Rate, date=bulletin.date))
    return ImportSummary(
        bulletin.date, len(new), len(changed), len(bulletin.rates) - len(new) - len(changed)
    )


def _warn_on_jump(bulletin: Bulletin) -> None:
    usd = bulletin.get("USD")
    previous = Rate.objects.filter(code="USD", date__lt=bulletin.date).order_by("-date").first()
    if usd is None or previous is None:
        return
    change = abs(usd.value / usd.nominal - previous.per_unit) / previous.per_unit
    if change > SUSPICIOUS_JUMP:
        logger.warning(
            "USD moved %.0f%% from %s (%s) to %s (%s): check the bulletin",
            change * 100,
            previous.date,
            previous.per_unit,
            bulletin.date,
            usd.value,
        )


def bulletin_url(day: dt.date) -> str:
    return settings.RATES_URL_TEMPLATE.format(date=day)


def rates_fetch(*, day: dt.date) -> ImportSummary:
    """Fetch, parse and store the bulletin for `day`. On any failure nothing is stored."""
    url = bulletin_url(day)
    try:
        bulletin = parse_bulletin(fetch(url).body)
        summary = rates_import(bulletin=bulletin)
    except (FetchError, BulletinError) as error:
        message = str(error) if str(error).startswith(url) else f"{url}: {error}"
        FetchAttempt.objects.create(requested_date=day, url=url, ok=False, message=message)
        logger.error("rates for %s not fetched: %s", day, message)
        raise RatesFetchError(message) from None
    FetchAttempt.objects.create(
        requested_date=day,
        url=url,
        ok=True,
        message=str(summary),
        bulletin_date=summary.bulletin_date,
    )
    logger.info("rates for %s: %s", day, summary)
    return summary


@transaction.atomic
def rates_record_missing(
    *, code: str, values: dict[dt.date, Decimal], source: str
) -> dict[dt.date, tuple[Decimal, bool]]:
    """Store per-unit rates for the days that have none (an importer's archive days):
    each day's rate as known afterwards, and whether it was stored now. One read and one
    write for all the days."""
    known = {
        rate.date: (rate.per_unit, False)
        for rate in Rate.objects.filter(code=code, date__in=list(values))
    }
    missing = [
        Rate(code=code, date=day, nominal=1, value=value, source=source)
        for day, value in values.items()
        if day not in known
    ]
    Rate.objects.bulk_create(missing, ignore_conflicts=True)  # another writer's rate stays
    stored = {
        rate.date: (rate.per_unit, rate.source == source)
        for rate in Rate.objects.filter(code=code, date__in=[rate.date for rate in missing])
    }
    for day in stored:
        logger.info("recorded %s %s = %s from %s", code, day, values[day], source)
    if stored:  # one change for the pages' headers, whatever the number of days
        first = min(stored)
        transaction.on_commit(lambda: rates_stored.send(sender=Rate, date=first))
    return {**known, **stored}
