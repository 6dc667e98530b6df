from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SignIn(models.Model):
    """One signed-in session of a journalist, so that they (and the chief editor) can see
    where they are signed in and end it (services.session_end)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("user"),
    )  # fmt: skip
    session_key = models.CharField(max_length=40, unique=True)
    browser = models.CharField(_("browser"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=45, blank=True)
    created_at = models.DateTimeField(_("signed in"), default=timezone.now)
    seen_at = models.DateTimeField(_("last seen"), default=timezone.now)

    class Meta:
        ordering = ["-seen_at"]
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")

    def __str__(self) -> str:
        return f"{self.user} {self.created_at:%Y-%m-%d %H:%M}"
