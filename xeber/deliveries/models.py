"""What Xeber sends out (a Telegram post, a push, a newsletter): one row per thing sent to one
place, written before it is sent, so that nothing is sent twice and nothing is lost.

The row's key names the thing and the place ("telegram:3:article:42:post"): planning it again
(a story saved or republished) finds the row instead of adding one. Tasks only say "try this
row now" (tasks.py); the row's state, attempts and lease decide what happens (services.py).
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Delivery(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")  # refused for good, or out of attempts: editors act
        CANCELLED = "cancelled", _("cancelled")

    key = models.CharField(_("key"), max_length=200, unique=True)
    channel = models.CharField(_("channel"), max_length=30)  # "telegram"
    target = models.CharField(_("sent to"), max_length=200)  # a channel's name, an address
    action = models.CharField(_("action"), max_length=30)  # "post", "delete"
    article = models.ForeignKey(
        "news.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    # What the channel needs to send it (its channel's id, a text of its own).
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    due_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # What the place called it: a Telegram message's id, to delete it later.
    external_id = models.CharField(_("their id"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("planned"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last change"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            # deliveries_resume(): what is due, and what a dead worker left.
            models.Index(fields=["state", "due_at"], name="delivery_due"),
        ]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return self.key
