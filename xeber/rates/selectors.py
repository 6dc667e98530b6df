"""Reads of stored rates. Pages only ever read what is stored: never the network."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from xeber.rates.currencies import METALS, currency_name
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


@dataclass(frozen=True)
class RateRow:
    code: str
    name: str
    nominal: int
    value: Decimal  # manat per nominal units, as the bank publishes it
    per_unit: Decimal
    change: Decimal | None  # against the previous bulletin, per nominal units

    @property
    def direction(self) -> str:
        if self.change is None or self.change == 0:
            return "same"
        return "up" if self.change > 0 else "down"


@dataclass(frozen=True)
class BulletinTable:
    date: dt.date | None
    previous_date: dt.date | None
    rows: tuple[RateRow, ...]

    def per_unit(self) -> dict[str, Decimal]:
        return {"AZN": Decimal(1), **{row.code: row.per_unit for row in self.rows}}


def _latest_date(on_or_before: dt.date, before: bool = False) -> dt.date | None:
    lookup = {"date__lt" if before else "date__lte": on_or_before}
    return Rate.objects.filter(**lookup).order_by("-date").values_list("date", flat=True).first()


def bulletin_table(day: dt.date, language: str) -> BulletinTable:
    """The latest bulletin on or before `day`, with changes against the one before it."""
    date = _latest_date(day)
    if date is None:
        return BulletinTable(None, None, ())
    previous_date = _latest_date(date, before=True)
    rows = list(Rate.objects.filter(date__in=[d for d in (date, previous_date) if d]))
    previous = {rate.code: rate for rate in rows if rate.date == previous_date}
    current = sorted(
        (rate for rate in rows if rate.date == date),
        key=lambda rate: (
            rate.code in METALS,
            rate.code not in settings.HEADER_CURRENCIES,
            rate.code,
        ),
    )
    table = []
    for rate in current:
        before = previous.get(rate.code)
        change = None
        if before is not None and before.nominal == rate.nominal:
            change = rate.value - before.value
        name = currency_name(rate.code, language, rate.name)
        table.append(RateRow(rate.code, name, rate.nominal, rate.value, rate.per_unit, change))
    return BulletinTable(date, previous_date, tuple(table))


def history(code: str, start: dt.date, end: dt.date) -> list[tuple[dt.date, Decimal]]:
    """(bulletin date, manat per one unit) for one currency, oldest first."""
    rows = Rate.objects.filter(code=code, date__gte=start, date__lte=end).order_by("date")
    return [
        (date, value / nominal)
        for date, value, nominal in rows.values_list("date", "value", "nominal")
    ]
