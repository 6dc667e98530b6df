"""An edition's Telegram channels: where its stories are posted when published."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from xeber.news.models import edition_field


class TelegramChannel(models.Model):
    edition = edition_field()
    name = models.CharField(_("name"), max_length=100, help_text=_("For editors: “Main”."))
    chat_id = models.CharField(
        _("channel"),
        max_length=100,
        help_text=_("@username of a public channel, or its numeric id (-100…)."),
    )
    # Shown to nobody once saved (admin.py), sent to nobody but Telegram, never logged.
    bot_token = models.CharField(_("bot token"), max_length=100)
    active = models.BooleanField(_("posting"), default=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["edition", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "chat_id"], name="telegram_channel_once")
        ]
        verbose_name = _("Telegram channel")
        verbose_name_plural = _("Telegram channels")

    def __str__(self) -> str:
        return f"{self.name} ({self.edition})"

    def scrub(self, text: str) -> str:
        """A text with this channel's token taken out (errors may carry the address)."""
        return text.replace(self.bot_token, "<token>") if self.bot_token else text
