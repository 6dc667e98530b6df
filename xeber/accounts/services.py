"""Two-factor sign-in: a TOTP authenticator app, with recovery codes for a lost phone
(django-otp's TOTP and static devices). Hacked newsroom accounts publishing fakes are the
threat: editors and chief editors must use it where TWO_FACTOR_REQUIRED (production's
default), authors may.

A person enrols by scanning a code and typing what their app shows; only then is the
device confirmed and their recovery codes shown, once. A chief editor may remove a
colleague's devices (a lost phone and lost codes), which signs them out everywhere; they
enrol again at their next sign-in.

Sessions: each sign-in is noted (models.SignIn), so a person sees where they are signed in
and ends any of those sessions; a chief editor does so for anyone.
"""

from __future__ import annotations

import base64
import math
from importlib import import_module

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user, match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from xeber.accounts.models import PasskeyDevice, SignIn
from xeber.core.errors import Invalid
from xeber.core.throttle import client_address
from xeber.editorial.models import AuditEntry
from xeber.editorial.policy import Action, require
from xeber.editorial.roles import Role, role_of

RECOVERY_CODES = 10
APP_DEVICE = "authenticator"
RECOVERY_DEVICE = "recovery codes"


def two_factor_required(user) -> bool:
    """Whether `user` may not use the back office without a second factor."""
    if not settings.TWO_FACTOR_REQUIRED:
        return False
    return user.is_superuser or role_of(user) in (Role.EDITOR, Role.CHIEF)


def two_factor_enrolled(user) -> bool:
    """An authenticator app or a passkey (passkeys.py); recovery codes alone are not one."""
    return any(
        model.objects.filter(user=user, confirmed=True).exists()
        for model in (TOTPDevice, PasskeyDevice)
    )


def enrolment_device(user) -> TOTPDevice:
    """The authenticator being set up (unconfirmed), made on the first visit."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)


def secret_of(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed in (base32)."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def two_factor_enrol(*, user, code: str) -> list[str]:
    """Confirm the authenticator by a code it shows; returns new recovery codes, shown
    once (each works once)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(_digits(code)):
        raise Invalid(_("That code is not the one your app shows now: try the next one."))
    TOTPDevice.objects.filter(user=user, confirmed=True).delete()  # one app at a time
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_renew(user)
    audit(user, "two-factor enrolled", user)
    return codes


def two_factor_check(user, code: str):
    """The device that accepts `code` (the app's code, or an unused recovery code, which
    is then used up), else None. django-otp throttles repeated failures."""
    return match_token(user, _digits(code))


def two_factor_wait(user) -> int:
    """Seconds until the person's authenticator takes a code again after wrong ones
    (django-otp doubles the wait with each failure); 0 if it takes one now."""
    waits = [0]
    for device in devices_for_user(user, confirmed=True):
        allowed, why = device.verify_is_allowed()
        if not allowed and why and why.get("locked_until"):
            waits.append(math.ceil((why["locked_until"] - timezone.now()).total_seconds()))
    return max(waits)


@transaction.atomic
def two_factor_reset(*, by, user) -> None:
    """Remove a colleague's devices (chief editors): they enrol again at next sign-in."""
    require(by, Action.MANAGE_USERS)
    for device in devices_for_user(user, confirmed=None):
        device.delete()
    sessions_end_all(by=by, user=user)  # whoever holds them signs in again, with a new device
    audit(by, "two-factor reset", user)


def recovery_codes_renew(user) -> list[str]:
    """New recovery codes (the old ones stop working), to be shown once."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def _digits(code: str) -> str:
    return "".join((code or "").split())


def audit(user, action: str, detail="") -> None:
    """Note in the audit log what `user` did to an account (whose, which device)."""
    AuditEntry.objects.create(user=user, action=action, detail=str(detail)[:300])


# --- Sessions ------------------------------------------------------------------------------

SEEN_EVERY = 300  # seconds between two notes of a session's last use


def session_started(request, user) -> None:
    """Note a sign-in (on Django's user_logged_in)."""
    SignIn.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "browser": request.headers.get("User-Agent", "")[:200],
            "address": client_address(request.META)[:45],
        },
    )


def session_forgotten(request) -> None:
    """Forget a sign-in (on Django's user_logged_out)."""
    if request is not None and request.session.session_key:
        SignIn.objects.filter(session_key=request.session.session_key).delete()


def session_seen(request) -> None:
    """Note that the session is in use, at most every SEEN_EVERY seconds."""
    key = request.session.session_key
    if key and cache.add(f"signin:seen:{key}", 1, SEEN_EVERY):
        SignIn.objects.filter(session_key=key).update(seen_at=timezone.now())


def sessions_of(user) -> list[SignIn]:
    """The user's sessions still open (expired ones are forgotten here)."""
    store = _store()()  # exists() asks about any key
    sessions = list(SignIn.objects.filter(user=user))
    gone = [s.pk for s in sessions if not store.exists(s.session_key)]
    SignIn.objects.filter(pk__in=gone).delete()
    return [s for s in sessions if s.pk not in gone]


def session_end(*, by, sign_in: SignIn) -> None:
    """Sign a session out: one's own, or anyone's by a chief editor."""
    if sign_in.user_id != by.pk:
        require(by, Action.MANAGE_USERS)
    _store()(session_key=sign_in.session_key).delete()
    sign_in.delete()
    if sign_in.user_id != by.pk:
        audit(by, "session ended", sign_in.user)


def sessions_end_all(*, by, user, keep: str | None = None) -> int:
    """Sign out every session of `user` but `keep` (one's own current one)."""
    ended = 0
    for sign_in in SignIn.objects.filter(user=user).exclude(session_key=keep or ""):
        session_end(by=by, sign_in=sign_in)
        ended += 1
    return ended


def _store():
    return import_module(settings.SESSION_ENGINE).SessionStore
