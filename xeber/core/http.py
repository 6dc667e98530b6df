"""The one HTTP client for everything Xeber fetches (the bank's rates, agency feeds, media).

Every request has connect and read timeouts, a size limit and a User-Agent; redirects are
followed by hand, each hop a request of its own; private, loopback and link-local addresses
are refused unless the setting FETCH_ALLOW_PRIVATE_ADDRESSES allows them (tests on
loopback do). Every failure is a FetchError with a message that says what went wrong.

The check happens where the connection is made: a host name is resolved once, every address
it gave is checked, and the socket goes to one of those very addresses. (Checking a first
resolution and letting urllib3 resolve again would let a name that changes in between, DNS
rebinding, lead to an address never checked.) The connection keeps the host name, so the
Host header, SNI and the certificate check are still about the name in the URL.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util.connection import allowed_gai_family, create_connection

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


class DestinationRefused(FetchError):
    """The host resolves to an address fetches may not reach."""


def _is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    return ip.is_global and not ip.is_multicast


def _checked_addresses(connection: HTTPConnection, *, allow_private: bool) -> list[str]:
    """The host's addresses, resolved once; refused unless every one of them may be reached."""
    host = connection._dns_host  # the name as urllib3 itself would resolve it
    try:
        infos = socket.getaddrinfo(host, connection.port, allowed_gai_family(), socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise NameResolutionError(host, connection, error) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not allow_private and not all(_is_public(address) for address in addresses):
        raise DestinationRefused(f"{connection.host} is a private or local address")
    return addresses


def _connect(connection: HTTPConnection, addresses: list[str]) -> socket.socket:
    """A socket to the first of `addresses` that answers, as urllib3 tries a name's addresses."""
    error: OSError | None = None
    for address in addresses:
        try:
            return create_connection(
                (address, connection.port),
                connection.timeout,
                source_address=connection.source_address,
                socket_options=connection.socket_options,
            )
        except OSError as failure:
            error = failure
    if isinstance(error, TimeoutError):
        raise ConnectTimeoutError(connection, f"connection to {connection.host} timed out")
    raise NewConnectionError(connection, f"cannot connect to {connection.host}: {error}")


def _pool_manager(*, allow_private: bool) -> urllib3.PoolManager:
    """urllib3's PoolManager whose connections go only to addresses `_checked_addresses` gave."""

    class CheckedHTTPConnection(HTTPConnection):
        def _new_conn(self) -> socket.socket:
            return _connect(self, _checked_addresses(self, allow_private=allow_private))

    class CheckedHTTPSConnection(HTTPSConnection):
        def _new_conn(self) -> socket.socket:
            return _connect(self, _checked_addresses(self, allow_private=allow_private))

    class CheckedHTTPPool(HTTPConnectionPool):
        ConnectionCls = CheckedHTTPConnection

    class CheckedHTTPSPool(HTTPSConnectionPool):
        ConnectionCls = CheckedHTTPSConnection

    manager = urllib3.PoolManager(
        retries=False,
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
    )
    manager.pool_classes_by_scheme = {"http": CheckedHTTPPool, "https": CheckedHTTPSPool}
    return manager


# One manager per policy, so that a connection made while private addresses were allowed is
# never reused by a fetch that must not reach them.
_pools = {allowed: _pool_manager(allow_private=allowed) for allowed in (False, True)}


def check_url(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError(f"{url}: only http and https URLs are fetched")
    if not parts.hostname:
        raise FetchError(f"{url}: no host in the URL")


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
        check_url(url)
        try:
            response = _pools[allow_private].request(
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
        except DestinationRefused as refused:
            raise FetchError(f"{url}: {refused}") from None
        except urllib3.exceptions.HTTPError as error:
            raise FetchError(f"{url}: {_describe(error)}") from None
        return Response(url, response.status, response.headers.get("Content-Type", ""), body)
    raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects")


def _describe(error: Exception) -> str:
    # NameResolutionError subclasses NewConnectionError, which subclasses ConnectTimeoutError.
    if isinstance(error, NameResolutionError):
        return str(error)
    if isinstance(error, urllib3.exceptions.NewConnectionError):
        return "connection refused or unreachable"
    if isinstance(error, urllib3.exceptions.ConnectTimeoutError):
        return "connection timed out"
    if isinstance(error, urllib3.exceptions.ReadTimeoutError):
        return "timed out waiting for the response"
    if isinstance(error, urllib3.exceptions.ProtocolError):
        return f"connection broken ({error.args[0] if error.args else error})"
    return str(error)
