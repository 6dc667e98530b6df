from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device


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


class PasskeyDevice(Device):
    """A passkey (a WebAuthn credential: a phone, a security key, the computer's own
    fingerprint or face sign-in) as a second factor, in django-otp's terms a device: once it
    signs a challenge the session is verified as by an authenticator's code (passkeys.py).
    Only its public key is kept; the private one never leaves the person's device."""

    credential_id = models.CharField(max_length=1400, unique=True)  # base64url, as browsers give it
    public_key = models.BinaryField()
    sign_count = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("passkey")
        verbose_name_plural = _("passkeys")
