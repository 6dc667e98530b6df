"""Reads by hour: what the beacon counted (counting.py), moved from the cache into the
database once a minute. One row per story, hour and source; no row says anything of a
reader."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xeber.news.models import edition_field


class Source(models.TextChoices):
    SEARCH = "search", _("search engines")
    SOCIAL = "social", _("social networks")
    TELEGRAM = "telegram", _("Telegram")
    DIRECT = "direct", _("direct")
    INTERNAL = "internal", _("our own pages")
    OTHER = "other", _("other sites")


class HourlyReads(models.Model):
    article = models.ForeignKey("news.Article", on_delete=models.CASCADE, related_name="+")
    edition = edition_field()
    hour = models.DateTimeField(_("hour"))
    source = models.CharField(_("source"), max_length=10, choices=Source)
    reads = models.PositiveIntegerField(_("reads"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "hour", "source"], name="reads_once")
        ]
        indexes = [models.Index(fields=["edition", "hour"], name="reads_edition_hour")]
        verbose_name = _("reads in an hour")
        verbose_name_plural = _("reads by hour")

    def __str__(self) -> str:
        return f"{self.article_id} {self.hour:%Y-%m-%d %H}:00 {self.source}: {self.reads}"


class FlushMark(models.Model):
    """The last window moved into hourly rows (one row), written in the same transaction
    as the rows: a window is counted once, whoever flushes."""

    window = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.window)
