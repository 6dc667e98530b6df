"""The site's VAPID key pair (RFC 8292): browsers subscribe with its public key, and every
push is signed with its private key, which lives in a file outside the repository
(settings.VAPID_PRIVATE_KEY_FILE), made by `xeber vapid_keys`."""

from __future__ import annotations

import base64
import functools
import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from django.conf import settings
from py_vapid import Vapid


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


@functools.cache
def signer() -> Vapid | None:
    """The key pair, or None while none was made (the header then shows no bell)."""
    path = Path(settings.VAPID_PRIVATE_KEY_FILE)
    if not path.is_file():
        return None
    return Vapid.from_pem(path.read_bytes())


@functools.cache
def public_key() -> str:
    """The applicationServerKey browsers subscribe with: the public point, base64url."""
    vapid = signer()
    if vapid is None:
        return ""
    point = vapid.public_key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(point)


def make_keys(path: Path) -> None:
    """A new key pair into `path`, readable by its owner only."""
    vapid = Vapid()
    vapid.generate_keys()
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(vapid.private_pem())
    forget()


def forget() -> None:
    """Read the key file again next time (a new pair, or another file in tests)."""
    signer.cache_clear()
    public_key.cache_clear()
