"""Reads of stored rates. Pages only ever read what is stored: never the network."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from xeber.rates.models import Rate


@dataclass(frozen=True)
class HeaderRate:
    code: str
    value: str  # four decimals, per one unit


@dataclass(frozen=True)
class HeaderRates:
    bulletin_date: dt.date | None
    rates: tuple[HeaderRate, ...]

    def is_older_than(self, day: dt.date) -> bool:
        return self.bulletin_date is not None and self.bulletin_date < day


def header_rates(day: dt.date) -> HeaderRates:
    """The header currencies from the latest bulletin on or before `day` (one query)."""
    codes = list(settings.HEADER_CURRENCIES)
    if not codes:
        return HeaderRates(None, ())
    found = {rate.code: rate for rate in Rate.objects.bulletin_on_or_before(day, codes)}
    ordered = tuple(HeaderRate(code, found[code].display_value) for code in codes if code in found)
    bulletin_date = next(iter(found.values())).date if found else None
    return HeaderRates(bulletin_date, ordered)


def usd_rate_on(day: dt.date) -> Decimal | None:
    """The official USD rate in force on `day`: the latest bulletin dated on or before it."""
    rate = Rate.objects.bulletin_on_or_before(day, ["USD"]).first()
    return rate.per_unit if rate else None
