"""Newsletters: an edition's readers who asked for its daily digest or its alerts by
e-mail, and the letters sent to them.

A subscriber is an address, the lists chosen and the times of signing up and confirming:
nothing else. `token` is the secret in every link a subscriber gets (confirm, preferences,
one-click unsubscribe); an address not confirmed within days is deleted
(services.unconfirmed_forget)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xeber.deliveries.broadcast import Broadcast
from xeber.news.models import edition_field


def new_token() -> str:
    return secrets.token_urlsafe(32)


class Subscriber(models.Model):
    edition = edition_field()
    email = models.EmailField(_("e-mail address"))
    digest = models.BooleanField(_("daily digest"), default=True)
    alerts = models.BooleanField(_("alerts"), default=False)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # The last confirmation (or "manage your subscription") mail: one per CONFIRM_AGAIN.
    mailed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["edition", "email"], name="subscriber_once")]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        return f"{self.edition}:{self.pk}"


class Letter(Broadcast):
    """One newsletter sent to a list of an edition (Broadcast: how it went)."""

    class Kind(models.TextChoices):
        DIGEST = "digest", _("daily digest")
        ALERT = "alert", _("alert")

    class State(models.TextChoices):
        DRAFT = "draft", _("to be sent")  # editable until send_at
        SENDING = "sending", _("sent")  # its delivery says how far it got
        CANCELLED = "cancelled", _("cancelled")

    edition = edition_field()
    kind = models.CharField(_("list"), max_length=10, choices=Kind)
    day = models.DateField(_("day"))
    subject = models.CharField(_("subject"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    articles = models.ManyToManyField(
        "news.Article", through="LetterItem", related_name="+", verbose_name=_("articles")
    )
    send_at = models.DateTimeField(_("goes at"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("composed"), auto_now_add=True)

    class Meta:
        ordering = ["-send_at", "-id"]
        constraints = [
            # One digest a day per edition, however often the scheduler looks.
            models.UniqueConstraint(
                fields=["edition", "day"], condition=Q(kind="digest"), name="one_digest_a_day"
            )
        ]
        verbose_name = _("newsletter")
        verbose_name_plural = _("newsletters")

    def __str__(self) -> str:
        return self.subject


class LetterItem(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="items")
    article = models.ForeignKey(
        "news.Article", on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    def __str__(self) -> str:
        return f"{self.letter_id}:{self.position}"
