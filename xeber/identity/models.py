"""The newsroom's own identity: its name in each edition, logo, icon, colour and footer.
One row of Newsroom holds what is the same in every edition; an EditionIdentity per
edition holds what is written in its language. Nothing here is required: a newsroom that
has set nothing is shown under SITE_NAME (selectors.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

COLOUR = RegexValidator(r"\A#[0-9a-fA-F]{6}\Z", _("A colour is written #rrggbb, e.g. #0f2a44."))
DEFAULT_COLOUR = "#0f2a44"  # the header band of static/xeber/site.css


class Newsroom(models.Model):
    """The one row (pk 1) of what every edition shares."""

    logo = models.ImageField(_("logo"), upload_to="identity/", blank=True,
                             width_field="logo_width", height_field="logo_height")  # fmt: skip
    logo_width = models.PositiveIntegerField(null=True, editable=False)  # None: no logo
    logo_height = models.PositiveIntegerField(null=True, editable=False)
    # The icon's square PNGs, by size in pixels ("32", "180", "192", "512"): browsers' tabs,
    # phones' home screens and push notifications each ask for their own.
    icons = models.JSONField(default=dict, editable=False)
    theme_colour = models.CharField(_("theme colour"), max_length=7, default=DEFAULT_COLOUR,
                                    validators=[COLOUR])  # fmt: skip
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    telegram = models.URLField(_("Telegram"), blank=True)
    facebook = models.URLField(_("Facebook"), blank=True)
    instagram = models.URLField(_("Instagram"), blank=True)
    x = models.URLField(_("X"), blank=True)
    youtube = models.URLField(_("YouTube"), blank=True)
    # Optimistic locking: a save based on an older version is refused (services.py).
    version = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("updated by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("newsroom identity")
        verbose_name_plural = _("newsroom identity")

    def __str__(self) -> str:
        return str(_("Newsroom identity"))


class EditionIdentity(models.Model):
    """What an edition's readers read about the newsroom, in the edition's language."""

    newsroom = models.ForeignKey(Newsroom, on_delete=models.CASCADE, related_name="editions")
    edition = models.CharField(_("edition"), max_length=8, choices=settings.LANGUAGES)
    name = models.CharField(_("name"), max_length=80, blank=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    licence = models.CharField(_("licence"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["newsroom", "edition"], name="identity_one_per_edition")
        ]
        verbose_name = _("edition identity")
        verbose_name_plural = _("edition identities")

    def __str__(self) -> str:
        return self.name or self.edition
