from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Embed(models.Model):
    """A post or video of another site, once per address: what its provider said about it
    (never the provider's HTML) and the picture Xeber keeps for it.

    Articles carry a copy of what a page shows (xeber/embeds/markup.py), so reading an
    article never reads this table; saving one does, and asks the provider only about
    addresses it has not described yet (or could not, the last time).
    """

    class Kind(models.TextChoices):
        VIDEO = "video", _("Video")
        POST = "post", _("Post")

    url = models.URLField(
        _("address"),
        max_length=2000,
        unique=True,
        help_text=_("The provider's own address of the post or video."),
    )
    provider = models.CharField(_("provider"), max_length=32)
    media_id = models.CharField(_("provider's id"), max_length=2000)
    kind = models.CharField(_("kind of embed"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    player_url = models.URLField(_("player"), max_length=2000, blank=True)
    thumbnail = models.ForeignKey(
        "media.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("picture"),
    )
    # When the provider described it; empty while it has not (the next save asks again).
    described_at = models.DateTimeField(_("described"), null=True, blank=True)
    problem = models.CharField(_("last problem"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("embed")
        verbose_name_plural = _("embeds")

    def __str__(self) -> str:
        return self.title or self.url
