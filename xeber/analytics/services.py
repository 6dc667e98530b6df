"""Moving counted reads from the cache into hourly rows (run every minute by `xeber
scheduler`). Windows are moved once they have been closed for a few seconds (a read that
began in a window is recorded in it), in order, each in one transaction with the mark of
how far it got."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from xeber.analytics.counting import (
    KEPT_SECONDS,
    WINDOW_SECONDS,
    window_counts,
    window_of,
    window_start,
)
from xeber.analytics.models import FlushMark, HourlyReads
from xeber.news.models import Article

# A read that began in a window has this long to be recorded in it (a slow cache).
GRACE_SECONDS = 30
# A flusher that has been away longer than the counters are kept starts from what is left.
OLDEST_WINDOWS = KEPT_SECONDS // WINDOW_SECONDS


def reads_flush() -> int:
    """Move every closed window not moved yet; the number of reads moved."""
    last_closed = window_of(timezone.now() - timezone.timedelta(seconds=GRACE_SECONDS)) - 1
    mark, _created = FlushMark.objects.get_or_create(pk=1)
    first = max(mark.window + 1, last_closed - OLDEST_WINDOWS)
    moved = 0
    for window in range(first, last_closed + 1):
        moved += _flush_window(window)
    return moved


@transaction.atomic
def _flush_window(window: int) -> int:
    mark = FlushMark.objects.select_for_update().get(pk=1)
    if mark.window >= window:
        return 0  # another flusher did it
    counts = window_counts(window)
    hour = window_start(window).replace(minute=0, second=0)
    public = _public_articles({article_id for _edition, article_id, _source in counts})
    merged: dict[tuple[int, str, str], int] = defaultdict(int)
    for (edition, article_id, source), reads in counts.items():
        if public.get(article_id) == edition:  # forged or deleted stories are dropped
            merged[(article_id, edition, source)] += reads
    for (article_id, edition, source), reads in merged.items():
        updated = HourlyReads.objects.filter(
            article_id=article_id, hour=hour, source=source
        ).update(reads=F("reads") + reads)
        if not updated:
            HourlyReads.objects.create(
                article_id=article_id, edition=edition, hour=hour, source=source, reads=reads
            )
    mark.window = window
    mark.save(update_fields=["window"])
    return sum(merged.values())


def _public_articles(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(Article.objects.published().filter(pk__in=ids).values_list("pk", "edition"))
