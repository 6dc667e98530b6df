"""How often one client may do something that costs others (a sign-up mails someone, a
push subscription is posted to later): counted in the cache, per client address hashed
with the site's secret (no address is stored)."""

from __future__ import annotations

import functools
import hashlib
import ipaddress

from django.conf import settings
from django.core.cache import cache


def client_address(meta: dict) -> str:
    """The reader's address from a request's META (or a WSGI environ): the last one nginx
    added to X-Forwarded-For (deploy/) when the connection comes from a trusted proxy
    (TRUSTED_PROXIES, or a Unix socket), else the connection's own. A client that reaches
    the app directly cannot choose its address by sending the header itself."""
    remote = meta.get("REMOTE_ADDR", "")
    if remote and not _trusted(remote, tuple(settings.TRUSTED_PROXIES)):
        return remote
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.rsplit(",", 1)[-1].strip() or remote


@functools.lru_cache(maxsize=1024)  # the same proxies ask again and again
def _trusted(remote: str, proxies: tuple[str, ...]) -> bool:
    """Whether `remote` is one of the proxies (addresses or networks: "10.0.0.0/8"), an
    IPv4 address written as IPv6 (::ffff:127.0.0.1) included."""
    try:
        address = ipaddress.ip_address(remote)
    except ValueError:
        return False
    address = getattr(address, "ipv4_mapped", None) or address
    return any(address in ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def request_address(request) -> str:
    """client_address of a Django request (django-axes asks for it: AXES_CLIENT_IP_CALLABLE)."""
    return client_address(request.META)


def allowed(scope: str, request, limit: int, seconds: int) -> bool:
    """True while this client has done `scope` at most `limit` times in `seconds`."""
    client = hashlib.sha256(f"{settings.SECRET_KEY}:{client_address(request.META)}".encode())
    key = f"throttle:{scope}:{client.hexdigest()[:32]}"
    if cache.add(key, 1, seconds):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # it expired between the two calls
        cache.set(key, 1, seconds)
        return True
