"""The one HTTP client for everything Xeber fetches (the bank's rates, agency feeds, media).

Every request has connect and read timeouts, a size limit and a User-Agent; redirects are
followed by hand so that each hop is checked; private, loopback and link-local addresses
are refused unless the setting FETCH_ALLOW_PRIVATE_ADDRESSES allows them (tests on
loopback do). Every failure is a FetchError with a message that says what went wrong.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

MAX_REDIRECTS = 3
USER_AGENT = "Xeber/0.1 (news portal engine; +https://github.com/xeber)"


class FetchError(Exception):
    """Anything that kept a fetch from returning a usable body."""


@dataclass(frozen=True)
class Response:
    url: str
    status: int
    content_type: str
    body: bytes


_pool = urllib3.PoolManager(
    retries=False,
    headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
)


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return ip.is_global and not ip.is_multicast


def check_destination(url: str, *, allow_private: bool) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"{url}: only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: no host in the URL")
    if allow_private:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except socket.gaierror as error:
        raise FetchError(f"{url}: cannot resolve {parts.hostname}: {error}") from None
    for info in infos:
        if not _is_public(info[4][0]):
            raise FetchError(f"{url}: {parts.hostname} is a private or local address")


def _read_limited(response, url: str, max_bytes: int) -> bytes:
    chunks, size = [], 0
    for chunk in response.stream(64 * 1024, decode_content=True):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(f"{url}: response larger than {max_bytes} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def fetch(url: str, *, max_bytes: int | None = None, allow_private: bool | None = None) -> Response:
    """GET `url` and return its body; raise FetchError on any failure or non-200 answer."""
    max_bytes = max_bytes or settings.FETCH_MAX_BYTES
    if allow_private is None:
        allow_private = settings.FETCH_ALLOW_PRIVATE_ADDRESSES
    timeout = urllib3.Timeout(
        connect=settings.FETCH_CONNECT_TIMEOUT, read=settings.FETCH_READ_TIMEOUT
    )
    for _ in range(MAX_REDIRECTS + 1):
        check_destination(url, allow_private=allow_private)
        try:
            response = _pool.request(
                "GET", url, timeout=timeout, redirect=False, preload_content=False
            )
            try:
                if response.status in {301, 302, 303, 307, 308}:
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(f"{url}: redirect without a Location")
                    url = urljoin(url, location)
                    continue
                if response.status != 200:
                    raise FetchError(f"{url}: HTTP {response.status}")
                body = _read_limited(response, url, max_bytes)
            finally:
                response.release_conn()
        except urllib3.exceptions.HTTPError as error:
            raise FetchError(f"{url}: {_describe(error)}") from None
        return Response(url, response.status, response.headers.get("Content-Type", ""), body)
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _describe(error: Exception) -> str:
    # NewConnectionError subclasses ConnectTimeoutError in urllib3 2: test it first.
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        return "connection refused or unreachable"
    if isinstance(error, urllib3.exceptions.ConnectTimeoutError):
        return "connection timed out"
    if isinstance(error, urllib3.exceptions.ReadTimeoutError):
        return "timed out waiting for the response"
    if isinstance(error, urllib3.exceptions.ProtocolError):
        return f"connection broken ({error.args[0] if error.args else error})"
    return str(error)
