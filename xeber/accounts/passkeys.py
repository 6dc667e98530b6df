"""Passkeys as the second factor (WebAuthn, verified by py_webauthn): instead of typing an
authenticator's code, a person signs the server's challenge with a passkey on their phone,
security key or computer. A passkey cannot be phished onto another site (the browser signs
for this site's name only) and has no code to read out over the phone.

Each ceremony is two requests: the options (with a fresh challenge kept in the shared
cache, under the session, for CHALLENGE_SECONDS), then the browser's answer, checked against
that challenge, this site's origin and, at sign-in, the stored public key and signature
counter. A challenge is used once, whatever the outcome, even by two answers at once.

Adding a passkey is enrolling (like setting up an authenticator: recovery codes come with
the first factor) for a person with none; a person already enrolled adds one only from a
session verified by their second factor (views.py)."""

from __future__ import annotations

import hashlib
import hmac
import json

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from webauthn import (
    generate_authentication_options,
    generate_registration_options,
    options_to_json,
    verify_authentication_response,
    verify_registration_response,
)
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from xeber.accounts.models import PasskeyDevice
from xeber.accounts.services import audit
from xeber.core.errors import Invalid
from xeber.editorial.working import display_name

# What py_webauthn raises for an answer it cannot use: its own errors, and the decoding
# errors of a malformed field it meets before its checks (binascii.Error is a ValueError).
MALFORMED = (WebAuthnException, ValueError, KeyError, TypeError)
CHALLENGE_SECONDS = 300
NAME_LENGTH = 64
PASSKEYS_PER_PERSON = 10


def passkeys_of(user) -> list[PasskeyDevice]:
    return list(PasskeyDevice.objects.filter(user=user, confirmed=True).order_by("created_at"))


def relying_party(request) -> tuple[str, str]:
    """(RP ID, origin): the site's host name, which a passkey is bound to, and the origin
    the browser reports (ALLOWED_HOSTS has vetted the host)."""
    host = request.get_host()
    return settings.WEBAUTHN_RP_ID or host.rsplit(":", 1)[0], f"{request.scheme}://{host}"


def _descriptors(user) -> list[PublicKeyCredentialDescriptor]:
    return [
        PublicKeyCredentialDescriptor(id=base64url_to_bytes(device.credential_id))
        for device in passkeys_of(user)
    ]


def _challenge_key(request, purpose: str) -> str:
    if request.session.session_key is None:
        request.session.save()
    return f"passkey-challenge:{purpose}:{request.session.session_key}"


def _keep_challenge(request, purpose: str, challenge: bytes) -> None:
    """Kept in the cache every process shares, for CHALLENGE_SECONDS (a new one replaces
    it): there, taking it is one delete, which only one of two requests at once wins."""
    key = _challenge_key(request, purpose)
    caches["versions"].set(key, bytes_to_base64url(challenge), CHALLENGE_SECONDS)


def _take_challenge(request, purpose: str) -> bytes:
    """The challenge given for `purpose`, once; Invalid when there is none or it is old."""
    store, key = caches["versions"], _challenge_key(request, purpose)
    kept = store.get(key)
    if not kept or not store.delete(key):
        raise Invalid(_("The passkey request has expired: try again."))
    return base64url_to_bytes(kept)


def registration_options(request, site_name: str) -> str:
    """The JSON for navigator.credentials.create(): the person's existing passkeys are
    excluded, so one device is not registered twice."""
    user = request.user
    rp_id, _origin = relying_party(request)
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=site_name,
        user_id=_user_handle(user),
        user_name=user.get_username(),
        user_display_name=display_name(user),
        exclude_credentials=_descriptors(user),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.PREFERRED,
            user_verification=UserVerificationRequirement.PREFERRED,
        ),
    )
    _keep_challenge(request, "register", options.challenge)
    return options_to_json(options)


def _user_handle(user) -> bytes:
    """The person's handle on their passkeys: the same for all of them, tells nothing of
    them and differs between installations (a keyed hash of their id)."""
    return hmac.new(settings.SECRET_KEY.encode(), f"passkey-user:{user.pk}".encode(),
                    hashlib.sha256).digest()  # fmt: skip


def authentication_options(request) -> str | None:
    """The JSON for navigator.credentials.get(), naming the person's passkeys; None when
    they have none."""
    known = _descriptors(request.user)
    if not known:
        return None
    rp_id, _origin = relying_party(request)
    options = generate_authentication_options(
        rp_id=rp_id,
        allow_credentials=known,
        user_verification=UserVerificationRequirement.PREFERRED,
    )
    _keep_challenge(request, "verify", options.challenge)
    return options_to_json(options)


def _credential(body: bytes) -> tuple[dict, str]:
    """The browser's credential and the passkey's chosen name from a request body."""
    try:
        sent = json.loads(body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise Invalid(_("The browser's answer is not JSON.")) from None
    credential = sent.get("credential") if isinstance(sent, dict) else None
    if not isinstance(credential, dict) or not isinstance(credential.get("id"), str):
        raise Invalid(_("The browser's answer carries no passkey."))
    name = sent.get("name") if isinstance(sent.get("name"), str) else ""
    return credential, name.strip()[:NAME_LENGTH]


@transaction.atomic
def passkey_register(request) -> PasskeyDevice:
    """Check the browser's answer to the registration options and keep the passkey."""
    challenge = _take_challenge(request, "register")
    credential, name = _credential(request.body)
    user = request.user
    if PasskeyDevice.objects.filter(user=user).count() >= PASSKEYS_PER_PERSON:
        raise Invalid(
            _("You have %(count)d passkeys: remove one first.") % {"count": PASSKEYS_PER_PERSON}
        )
    verified = _verified(
        request, verify_registration_response, credential=credential, expected_challenge=challenge
    )
    credential_id = bytes_to_base64url(verified.credential_id)
    try:
        with transaction.atomic():
            device = PasskeyDevice.objects.create(
                user=user,
                name=name
                or _("Passkey of %(date)s") % {"date": f"{timezone.localdate():%d.%m.%Y}"},
                confirmed=True,
                credential_id=credential_id,
                public_key=verified.credential_public_key,
                sign_count=verified.sign_count,
            )
    except IntegrityError:  # registered before, or sent twice at once
        raise Invalid(_("This passkey is registered already.")) from None
    audit(user, "passkey added", device.name)
    return device


def _verified(request, verify, **checks):
    """py_webauthn's `verify` of the browser's answer, for this site's RP ID and origin."""
    rp_id, origin = relying_party(request)
    try:
        return verify(expected_rp_id=rp_id, expected_origin=origin, **checks)
    except MALFORMED as problem:
        raise Invalid(_("The passkey was not accepted: %(why)s") % {"why": problem}) from None


@transaction.atomic
def passkey_check(request) -> PasskeyDevice:
    """The person's passkey that signed the sign-in challenge; Invalid if none did."""
    challenge = _take_challenge(request, "verify")
    credential, _name = _credential(request.body)
    device = (
        PasskeyDevice.objects.select_for_update()
        .filter(user=request.user, confirmed=True, credential_id=credential["id"])
        .first()
    )
    if device is None:
        raise Invalid(_("That passkey is not one of yours here."))
    verified = _verified(
        request, verify_authentication_response,
        credential=credential, expected_challenge=challenge,
        credential_public_key=bytes(device.public_key),
        credential_current_sign_count=device.sign_count,
    )  # fmt: skip
    device.sign_count = verified.new_sign_count
    device.last_used_at = timezone.now()
    device.save(update_fields=["sign_count", "last_used_at"])
    return device


def passkey_remove(*, user, pk: int) -> bool:
    removed, _kinds = PasskeyDevice.objects.filter(user=user, pk=pk).delete()
    if removed:
        audit(user, "passkey removed", pk)
    return bool(removed)
