from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

FOUR_PLACES = Decimal("0.0001")


class RateQuerySet(models.QuerySet):
    def bulletin_on_or_before(self, day, codes: list[str]) -> RateQuerySet:
        """The given currencies from the latest bulletin dated on or before `day`, in one query."""
        latest = (
            self.model.objects.filter(code=codes[0], date__lte=day)
            .order_by("-date")
            .values("date")[:1]
        )
        return self.filter(code__in=codes, date=models.Subquery(latest))


class Rate(models.Model):
    """The official rate of a currency against the manat in one central-bank bulletin."""

    code = models.CharField(_("code"), max_length=8)
    date = models.DateField(_("bulletin date"))
    nominal = models.PositiveIntegerField(_("nominal"), default=1)
    value = models.DecimalField(
        _("value"), max_digits=20, decimal_places=6, help_text=_("Manat per nominal units.")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)
    group = models.CharField(_("group"), max_length=50, blank=True)
    source = models.CharField(_("source"), max_length=50, default="cbar")
    fetched_at = models.DateTimeField(_("stored at"), auto_now=True)

    objects = RateQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "code"]
        constraints = [models.UniqueConstraint(fields=["code", "date"], name="rate_code_date")]
        verbose_name = _("official rate")
        verbose_name_plural = _("official rates")

    def __str__(self) -> str:
        return f"{self.code} {self.date}: {self.display_value}"

    @property
    def per_unit(self) -> Decimal:
        return self.value / self.nominal

    @property
    def display_value(self) -> str:
        """Manat per one unit with four decimals, as newsrooms print it: '1.7000'."""
        return str(self.per_unit.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP))


class FetchAttempt(models.Model):
    """One attempt to fetch a bulletin: what operators look at when rates look old."""

    requested_date = models.DateField(_("requested date"))
    url = models.URLField(_("URL"), max_length=500)
    ok = models.BooleanField(_("succeeded"))
    message = models.TextField(_("outcome"))
    bulletin_date = models.DateField(_("bulletin date"), null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("fetch attempt")
        verbose_name_plural = _("fetch attempts")

    def __str__(self) -> str:
        return f"{self.requested_date}: {self.message}"
