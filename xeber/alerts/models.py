"""One alert, every channel: what an editor sent from the alert desk in one action (the
breaking line, the Telegram channels, the push, the alerts newsletter, an entry of a live
page), each with its own text, kept as the one record of who alerted readers and how."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xeber.news.models import edition_field


class Alert(models.Model):
    edition = edition_field()
    article = models.ForeignKey(
        "news.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    # The text each channel was given: {"breaking": "...", "telegram": "...", ...}.
    texts = models.JSONField(_("texts"), default=dict)
    line = models.ForeignKey(
        "news.BreakingNews", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    push = models.ForeignKey(
        "push.PushAlert", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    letter = models.ForeignKey(
        "newsletters.Letter", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    live_entry = models.ForeignKey(
        "live.LiveEntry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
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
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")

    def __str__(self) -> str:
        return self.texts.get("breaking", "")

    def telegram_key(self, channel_pk: int) -> str:
        return f"alert:{self.pk}:telegram:{channel_pk}"
