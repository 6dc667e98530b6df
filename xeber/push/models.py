"""Readers' push subscriptions and the alerts editors send to them.

A subscription holds only what the reader's browser gave to be reached (its push service's
address and the keys to encrypt for it) and what the reader asked for (an edition, maybe
some of its sections): no account, no cookie, no address of the reader.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xeber.deliveries.broadcast import Broadcast
from xeber.news.models import edition_field


class PushSubscription(models.Model):
    edition = edition_field()
    # The push service's address for this browser (https, a host of PUSH_SERVICE_HOSTS).
    endpoint = models.CharField(max_length=1000)
    p256dh = models.CharField(max_length=100)  # the browser's public key, base64url
    auth = models.CharField(max_length=40)  # its authentication secret, base64url
    # None: every alert of the edition; else only those about stories of these sections.
    sections = models.ManyToManyField("news.Section", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # One browser may follow several editions, each with its own sections.
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "edition"], name="push_subscription_once")
        ]
        indexes = [models.Index(fields=["edition", "id"], name="push_sub_edition")]
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")

    def __str__(self) -> str:
        return f"{self.edition}:{self.pk}"

    def info(self) -> dict:
        """As the browser gave it (pywebpush's subscription_info)."""
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


class PushAlert(Broadcast):
    """A push an editor sent about a story, with its own short text, and how it went
    (Broadcast: delivered, expired subscriptions removed, undelivered and why)."""

    edition = edition_field()
    article = models.ForeignKey(
        "news.Article", on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    text = models.CharField(_("text"), max_length=180)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("push alert")
        verbose_name_plural = _("push alerts")

    def __str__(self) -> str:
        return self.text
