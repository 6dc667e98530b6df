from __future__ import annotations

import datetime as dt
import logging
from decimal import Decimal

from django.db import transaction

from xeber.rates.models import Rate

logger = logging.getLogger(__name__)


@transaction.atomic
def rate_record_if_missing(*, code: str, day: dt.date, value: Decimal, source: str) -> bool:
    """Store a per-unit rate for `day` unless one is known; True if it was stored."""
    _, created = Rate.objects.get_or_create(
        code=code, date=day, defaults={"nominal": 1, "value": value, "source": source}
    )
    if created:
        logger.info("recorded %s %s = %s from %s", code, day, value, source)
    return created
