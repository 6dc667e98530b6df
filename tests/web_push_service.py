"""A loopback stand-in for a browser's Web Push service (FCM, Mozilla autopush), for tests
and benchmarks of what Xeber pushes to readers.

It plays the browser too: it makes each subscription's keys, so it can decrypt every push
(RFC 8291) and check its VAPID signature (RFC 8292) as the real services do::

    with WebPushService() as service:
        subscription = service.subscribe(application_server_key=vapid_public_key)
        ...  # store it as a reader's, with service.origin among the allowed push services
        ...  # run the product
        assert service.pushes(subscription["endpoint"])[0].json()["body"] == "Hello"
        assert service.refusals == []  # else (endpoint, status, reason) of each

Answers follow autopush's: 201 Created with a Location, or a status with a JSON body such as
``{"code": 410, "errno": 103, "error": "Gone", "message": "subscription expired", ...}``,
whose "message" is the reason recorded in ``refusals`` (see REASONS).

For a benchmark it runs as its own process, on aiohttp, with subscriptions both sides derive
from a seed (``deterministic_subscriptions``), counting pushes instead of keeping them::

    python -m tests.web_push_service --port 8123 --subscriptions 100000 --seed bench

It prints its URL on the first line of stdout once it listens, answers ``GET /stats`` with
``{"accepted": n, "refused": n, "by_status": {...}, "by_reason": {...}}`` (``DELETE /stats``
zeroes them) and, on SIGTERM or SIGINT, prints the final stats as a JSON line and exits.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import binascii
import contextlib
import hashlib
import json
import os
import re
import secrets
import signal
import socket
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from tests.loopback import read_body

PUSH_PATH = "/wpush/v2/"
MAX_PAYLOAD = 4096  # the least RFC 8030 §7.2 lets a service take, and what FCM takes
MAX_VAPID_LIFETIME = 24 * 3600  # RFC 8292 §2: exp at most 24 hours ahead
URGENCIES = ("very-low", "low", "normal", "high")  # RFC 8030 §5.3
MORE_INFO = "http://autopush.readthedocs.io/en/latest/http.html#error-codes"
JSON = "application/json"
# The order of P-256's group: a private key is a number below it.
P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551

# Why a request was refused: the "message" of the answer and the reason in ``refusals``.
# Fixed texts, so that tests can compare them and the benchmark can count them.
REASONS = {
    "fail": "scripted failure",  # fail_next(); status as asked
    "path": "no such path",  # 404
    "method": "method not allowed",  # 405
    "length": "bad Content-Length",  # 400
    "unknown": "no such subscription",  # 404
    "expired": "subscription expired",  # 410
    "no_auth": "missing Authorization header",  # 401, and every VAPID fault below
    "scheme": "Authorization is not 'vapid t=<JWT>, k=<key>'",
    "jwt": "VAPID JWT is malformed",
    "alg": "VAPID JWT alg is not ES256",
    "key": "VAPID k is not an uncompressed P-256 public key",
    "signature": "VAPID JWT signature does not verify with k",
    "aud": "VAPID aud is not the push service's origin",
    "exp": "VAPID exp is missing or past",
    "exp_far": "VAPID exp is more than 24 hours ahead",
    "sub": "VAPID sub is not a mailto: or https: URI",
    "mismatch": "VAPID key is not the subscription's applicationServerKey",  # 403
    "no_ttl": "missing TTL header",  # 400, and those below but 413
    "ttl": "TTL is not a whole number of seconds",
    "urgency": "Urgency is not very-low, low, normal or high",
    "topic": "Topic is not up to 32 URL-safe base64 characters",
    "encoding": "Content-Encoding is not aes128gcm",
    "size": "payload larger than 4096 bytes",  # 413
    "decrypt": "payload does not decrypt",
}
# autopush's errno for each fault (its docs' "Error Codes"); none for the others.
_ERRNO = {
    "path": 102,
    "unknown": 102,
    "expired": 103,
    "size": 104,
    "encoding": 110,
    "decrypt": 110,
    "no_ttl": 111,
    "ttl": 112,
    "topic": 113,
}
_VAPID_FAULTS = ("no_auth", "scheme", "jwt", "alg", "key", "signature", "aud", "exp", "exp_far")
_ERRNO |= dict.fromkeys((*_VAPID_FAULTS, "sub", "mismatch"), 109)

_TOPIC = re.compile(r"[A-Za-z0-9_-]{1,32}")
_VAPID_CACHE_SIZE = 4096  # distinct (t, k) pairs remembered as verified


def b64url(data: bytes) -> str:
    """Base64url without padding, as Web Push writes keys."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64url(text: str) -> bytes:
    # Strict: characters outside the alphabet are an error, not skipped.
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def _point(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


@dataclass(frozen=True)
class Push:
    """A push the service accepted, decrypted."""

    endpoint: str
    payload: bytes
    ttl: int
    urgency: str | None
    topic: str | None
    subscriber: str  # the VAPID "sub" claim
    key: str  # the VAPID public key ("k"), base64url
    message_id: str = ""  # the end of the Location answered

    def json(self) -> Any:
        return json.loads(self.payload)


class Refusal(NamedTuple):
    endpoint: str  # the URL posted to (service origin + path)
    status: int
    reason: str  # one of REASONS' values


@dataclass
class _Subscription:
    endpoint: str
    private_key: ec.EllipticCurvePrivateKey = field(repr=False)
    auth: bytes = field(repr=False)
    server_key: bytes | None = None  # the applicationServerKey's point, if given
    expired: bool = False


@dataclass
class _Fail:
    status: int
    retry_after: int | None


class _Refused(Exception):
    def __init__(self, status: int, fault: str) -> None:
        super().__init__(fault)
        self.status, self.fault = status, fault


def _error_body(status: int, errno: int | None, message: str) -> bytes:
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:  # a status fail_next() was asked for that HTTP does not name
        phrase = ""
    return json.dumps(
        {
            "code": status,
            "errno": errno,
            "error": phrase,
            "message": message,
            "more_info": MORE_INFO,
        }
    ).encode()


# --- the push service itself, whatever serves its HTTP ---------------------------------------


class _Core:
    """Subscriptions, checks and records: ``handle()`` answers one request.

    Both servers (threads for tests, aiohttp for the benchmark) only move bytes to and from
    it. ``keep`` False keeps counts only, no pushes or refusals (the benchmark's memory).
    """

    def __init__(self, origin: str, keep: bool = True) -> None:
        self.origin, self.keep = origin, keep
        self.lock = threading.Lock()
        self.subscriptions: dict[str, _Subscription] = {}  # token -> subscription
        self.pushes: list[Push] = []
        self.refusals: list[Refusal] = []
        self.by_status: Counter[int] = Counter()
        self.by_reason: Counter[str] = Counter()
        self.errors: list[BaseException] = []  # this fake's own faults, answered 500
        self.fails: list[_Fail] = []
        self.hangs: list[float] = []
        # (t, k) -> (sub, exp, k's point): senders sign a token for many pushes.
        self._verified: dict[tuple[str, str], tuple[str, float, bytes]] = {}

    def find(self, token: str) -> _Subscription | None:
        with self.lock:
            return self.subscriptions.get(token)

    def take_hang(self) -> float:
        with self.lock:
            return self.hangs.pop(0) if self.hangs else 0.0

    def stats(self) -> dict:
        with self.lock:
            accepted = self.by_status[201]
            return {
                "accepted": accepted,
                "refused": self.by_status.total() - accepted,
                "by_status": {str(status): n for status, n in sorted(self.by_status.items())},
                "by_reason": dict(self.by_reason.most_common()),
            }

    def reset_stats(self) -> None:
        with self.lock:
            self.by_status.clear()
            self.by_reason.clear()

    def handle(self, method: str, path: str, headers, body: bytes) -> tuple[int, dict, bytes]:
        """The answer to one request: status, headers and body. Everything a push service
        decides is here, whichever server moved the bytes.

        ``headers`` is a case-insensitive mapping (http.client.HTTPMessage, a multidict).
        """
        path = path.partition("?")[0]
        if path == "/stats":
            return self._stats_answer(method)
        endpoint = self.origin + path
        fail = None
        if method == "POST":
            with self.lock:
                fail = self.fails.pop(0) if self.fails else None
        try:
            if fail:
                raise _Refused(fail.status, "fail")
            if not path.startswith(PUSH_PATH):
                raise _Refused(404, "path")
            if method != "POST":
                raise _Refused(405, "method")
            push = self._check(endpoint, path[len(PUSH_PATH) :], headers, body)
        except _Refused as refused:
            return self._refuse(endpoint, refused, fail)
        except Exception as exc:  # a fault of this fake: a test can assert there are none
            with self.lock:
                self.errors.append(exc)
                self.by_status[500] += 1
            return 500, {"Content-Type": JSON}, _error_body(500, 999, "Internal Server Error")
        with self.lock:
            self.by_status[201] += 1
            if self.keep:
                self.pushes.append(push)
        answer = {"Location": f"{self.origin}/m/{push.message_id}", "TTL": str(push.ttl)}
        return 201, answer, b""

    def _stats_answer(self, method: str) -> tuple[int, dict, bytes]:
        if method == "DELETE":
            self.reset_stats()
        elif method != "GET":
            headers = {"Allow": "GET, DELETE", "Content-Type": JSON}
            return 405, headers, _error_body(405, None, REASONS["method"])
        return 200, {"Content-Type": JSON}, json.dumps(self.stats()).encode()

    def _refuse(self, endpoint: str, refused: _Refused, fail: _Fail | None):
        status, reason = refused.status, REASONS[refused.fault]
        with self.lock:
            self.by_status[status] += 1
            self.by_reason[reason] += 1
            if self.keep:
                self.refusals.append(Refusal(endpoint, status, reason))
        headers = {"Content-Type": JSON}
        errno = _ERRNO.get(refused.fault)
        if fail:
            errno = {429: 201, 503: 201, 500: 999}.get(status)
            if fail.retry_after is not None:
                headers["Retry-After"] = str(fail.retry_after)
        elif status == 401:
            headers["WWW-Authenticate"] = "vapid"
        elif status == 405:
            headers["Allow"] = "POST"
        elif status == 410:
            headers["Cache-Control"] = "max-age=86400"  # as autopush: "do not ask again"
        return status, headers, _error_body(status, errno, reason)

    def _check(self, endpoint: str, token: str, headers, body: bytes) -> Push:
        subscription = self.find(token)
        if subscription is None:
            raise _Refused(404, "unknown")
        if subscription.expired:
            raise _Refused(410, "expired")
        subscriber, key, point = self._vapid(headers.get("Authorization"))
        if subscription.server_key is not None and point != subscription.server_key:
            raise _Refused(403, "mismatch")
        ttl = headers.get("TTL")
        if ttl is None:
            raise _Refused(400, "no_ttl")
        ttl = ttl.strip()
        if not (ttl.isascii() and ttl.isdigit()):
            raise _Refused(400, "ttl")
        urgency = headers.get("Urgency")
        if urgency is not None and urgency not in URGENCIES:
            raise _Refused(400, "urgency")
        topic = headers.get("Topic")
        if topic is not None and not _TOPIC.fullmatch(topic):
            raise _Refused(400, "topic")
        payload = b""
        if body:
            if (headers.get("Content-Encoding") or "").strip().lower() != "aes128gcm":
                raise _Refused(400, "encoding")
            if len(body) > MAX_PAYLOAD:
                raise _Refused(413, "size")
            try:
                payload = http_ece.decrypt(
                    body,
                    private_key=subscription.private_key,
                    auth_secret=subscription.auth,
                    version="aes128gcm",
                )
            except Exception:  # http_ece and cryptography raise several kinds
                raise _Refused(400, "decrypt") from None
        return Push(
            subscription.endpoint,
            payload,
            int(ttl),
            urgency,
            topic,
            subscriber,
            key,
            secrets.token_urlsafe(16),
        )

    def _vapid(self, header: str | None) -> tuple[str, str, bytes]:
        """The sub claim, k, and k's point of a valid RFC 8292 Authorization header."""
        if not header:
            raise _Refused(401, "no_auth")
        scheme, _, rest = header.strip().partition(" ")
        params = {}
        for part in rest.split(","):
            name, _, value = part.strip().partition("=")
            params[name.strip().lower()] = value.strip()
        t, k = params.get("t"), params.get("k")
        if scheme.lower() != "vapid" or not t or not k:
            raise _Refused(401, "scheme")
        with self.lock:
            known = self._verified.get((t, k))
        if known is None:
            known = _verify_jwt(t, k, self.origin)
            with self.lock:
                if len(self._verified) >= _VAPID_CACHE_SIZE:  # forget the oldest
                    del self._verified[next(iter(self._verified))]
                self._verified[(t, k)] = known
        elif known[1] <= time.time():  # verified, but since expired
            raise _Refused(401, "exp")
        return known[0], k, known[2]


def _verify_jwt(token: str, key: str, origin: str) -> tuple[str, float, bytes]:
    """The sub and exp claims of a VAPID JWT signed with ``key``, and the key's point;
    raises _Refused."""
    parts = token.split(".")
    if len(parts) != 3:
        raise _Refused(401, "jwt")
    try:
        header = json.loads(_unb64url(parts[0]))
        claims = json.loads(_unb64url(parts[1]))
        signature = _unb64url(parts[2])
    except (ValueError, binascii.Error):  # JSONDecodeError and UnicodeError are ValueErrors
        raise _Refused(401, "jwt") from None
    if not isinstance(header, dict) or not isinstance(claims, dict):
        raise _Refused(401, "jwt")
    if header.get("alg") != "ES256":
        raise _Refused(401, "alg")
    try:
        point = _unb64url(key)
        if len(point) != 65 or point[0] != 4:
            raise ValueError("not uncompressed")
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except (ValueError, binascii.Error):
        raise _Refused(401, "key") from None
    # JWS ES256 signs with r and s as two raw 32-byte numbers; cryptography wants DER.
    if len(signature) != 64:
        raise _Refused(401, "signature")
    r, s = int.from_bytes(signature[:32]), int.from_bytes(signature[32:])
    try:
        public.verify(
            encode_dss_signature(r, s),
            f"{parts[0]}.{parts[1]}".encode(),
            ec.ECDSA(hashes.SHA256()),
        )
    except InvalidSignature:
        raise _Refused(401, "signature") from None
    if claims.get("aud") != origin:
        raise _Refused(401, "aud")
    expires, now = claims.get("exp"), time.time()
    if isinstance(expires, bool) or not isinstance(expires, int | float) or expires <= now:
        raise _Refused(401, "exp")
    if expires > now + MAX_VAPID_LIFETIME:
        raise _Refused(401, "exp_far")
    subject = claims.get("sub")
    if not isinstance(subject, str) or not subject.startswith(("mailto:", "https:")):
        raise _Refused(401, "sub")
    return subject, expires, point


# --- tests: a threaded server in the test's process ------------------------------------------


class WebPushService:
    """A Web Push service on 127.0.0.1 with subscriptions, scripted faults and a record of
    what it was sent; one thread per connection, kept alive between requests."""

    def __init__(self) -> None:
        self._stopping = threading.Event()  # releases hung requests on exit
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self._server = self._listen(0)
        self.port = self._server.server_port
        self.url = self.origin = f"http://127.0.0.1:{self.port}"  # origin: the VAPID aud
        self._core = _Core(self.origin)

    def __enter__(self) -> WebPushService:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stopping.set()
        self.stop()

    # --- subscriptions ---------------------------------------------------------------------

    def subscribe(self, application_server_key: str | None = None) -> dict:
        """A new subscription, as a browser's ``PushSubscription.toJSON()``.

        ``application_server_key`` is the VAPID public key (base64url) the page subscribed
        with; pushes to this subscription must then be signed by it (else 403).
        """
        server_key = None
        if application_server_key is not None:
            server_key = _unb64url(application_server_key)
            # What a browser checks before it subscribes (else InvalidAccessError).
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), server_key)
        private_key = ec.generate_private_key(ec.SECP256R1())
        auth = secrets.token_bytes(16)
        token = secrets.token_urlsafe(32)
        endpoint = f"{self.url}{PUSH_PATH}{token}"
        with self._core.lock:
            self._core.subscriptions[token] = _Subscription(endpoint, private_key, auth, server_key)
        return _subscription_json(endpoint, private_key, auth)

    def expire(self, endpoint: str) -> None:
        """Pushes to it answer 410 Gone from now on: the reader unsubscribed."""
        with self._core.lock:
            self._core.subscriptions[self._token(endpoint)].expired = True

    def forget(self, endpoint: str) -> None:
        """Pushes to it answer 404 Not Found from now on, as to an endpoint never made."""
        with self._core.lock:
            del self._core.subscriptions[self._token(endpoint)]

    def _token(self, endpoint: str) -> str:
        prefix = f"{self.url}{PUSH_PATH}"
        token = endpoint.removeprefix(prefix)
        if token == endpoint or token not in self._core.subscriptions:
            raise KeyError(f"not a subscription of this service: {endpoint}")
        return token

    # --- what happened -----------------------------------------------------------------------

    def pushes(self, endpoint: str | None = None) -> list[Push]:
        """The pushes accepted, in order of arrival: all, or those to ``endpoint``."""
        with self._core.lock:
            return [p for p in self._core.pushes if endpoint in (None, p.endpoint)]

    @property
    def refusals(self) -> list[Refusal]:
        """Every request refused, in order: (endpoint, status, reason), reason from REASONS."""
        with self._core.lock:
            return list(self._core.refusals)

    @property
    def errors(self) -> list[BaseException]:
        """Exceptions of this fake itself (answered 500): a test can assert there are none."""
        with self._core.lock:
            return list(self._core.errors)

    def stats(self) -> dict:
        """Counts, as ``GET /stats`` answers them."""
        return self._core.stats()

    def clear(self) -> None:
        """Forget the pushes, refusals and counts so far (subscriptions stay)."""
        with self._core.lock:
            self._core.pushes.clear()
            self._core.refusals.clear()
        self._core.reset_stats()

    # --- scripted faults -----------------------------------------------------------------------

    def fail_next(self, count: int = 1, status: int = 503, retry_after: int | None = None):
        """Answer the next ``count`` POSTs with ``status`` (and Retry-After, if given)
        before any check; they have no effect."""
        with self._core.lock:
            self._core.fails.extend(_Fail(status, retry_after) for _ in range(count))

    def hang_next(self, count: int, seconds: float) -> None:
        """Wait ``seconds`` before handling each of the next ``count`` POSTs. The push still
        takes effect, as with a slow service, even when the sender has stopped waiting."""
        with self._core.lock:
            self._core.hangs.extend([seconds] * count)

    def stop(self) -> None:
        """Become unreachable: the port refuses connections, open ones are cut."""
        server, self._server = self._server, None
        if server is None:
            return
        if self._thread.is_alive():  # else shutdown() would wait for a loop never started
            server.shutdown()
        server.server_close()
        with self._connections_lock:
            for connection in self._connections:
                with contextlib.suppress(OSError):  # already closed by the client
                    connection.shutdown(socket.SHUT_RDWR)

    def start(self) -> None:
        """Listen again on the same port after stop()."""
        if self._server is None:
            self._server = self._listen(self.port)
            self._thread.start()

    # --- HTTP ----------------------------------------------------------------------------------

    def _listen(self, port: int) -> ThreadingHTTPServer:
        service = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as senders pool connections
            server_version = "autoendpoint"
            disable_nagle_algorithm = True  # headers and body go out in separate writes

            def setup(self) -> None:
                super().setup()
                with service._connections_lock:
                    service._connections.add(self.connection)

            def finish(self) -> None:
                with contextlib.suppress(OSError):  # cut by stop()
                    super().finish()
                with service._connections_lock:
                    service._connections.discard(self.connection)

            def do_POST(self) -> None:
                service._serve(self)

            do_GET = do_PUT = do_DELETE = do_PATCH = do_POST

            def version_string(self) -> str:
                return self.server_version

            def log_message(self, *args) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True
            request_queue_size = 128  # many connections open at once

        server = Server(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        return server

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        try:
            body = read_body(handler)
        except ValueError:
            status, headers = 400, {"Content-Type": JSON}
            data = _error_body(400, None, REASONS["length"])
            handler.close_connection = True  # the rest of the stream cannot be trusted
        else:
            if handler.command == "POST" and (delay := self._core.take_hang()):
                self._stopping.wait(delay)
            status, headers, data = self._core.handle(
                handler.command, handler.path, handler.headers, body
            )
        try:
            handler.send_response(status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
        except OSError:
            handler.close_connection = True  # the client gave up, e.g. on a hung push


def _subscription_json(endpoint: str, private_key: ec.EllipticCurvePrivateKey, auth: bytes):
    return {
        "endpoint": endpoint,
        "expirationTime": None,
        "keys": {"p256dh": b64url(_point(private_key)), "auth": b64url(auth)},
    }


# --- benchmarks: subscriptions both processes derive, and a server on aiohttp ---------------


def _derived(seed: str | int, index: int, what: str) -> bytes:
    return hashlib.sha256(f"{seed}:{index}:{what}".encode()).digest()


def _derived_token(seed: str | int, index: int) -> str:
    return b64url(_derived(seed, index, "token")[:24])


def _derived_key(seed: str | int, index: int) -> ec.EllipticCurvePrivateKey:
    secret = int.from_bytes(_derived(seed, index, "key")) % P256_ORDER
    return ec.derive_private_key(secret or 1, ec.SECP256R1())


def _derived_auth(seed: str | int, index: int) -> bytes:
    return _derived(seed, index, "auth")[:16]


def deterministic_subscriptions(origin: str, n: int, seed: str | int) -> list[dict]:
    """The ``n`` subscriptions a service started with ``--seed seed`` on ``origin`` knows, as
    ``PushSubscription.toJSON()``: every key comes from the seed, so no key leaves a process.

    About 30 µs a subscription (3 s for 100,000).
    """
    return list(_iter_subscriptions(origin, n, seed))


def _iter_subscriptions(origin: str, n: int, seed: str | int) -> Iterator[dict]:
    for i in range(n):
        endpoint = f"{origin}{PUSH_PATH}{_derived_token(seed, i)}"
        yield _subscription_json(endpoint, _derived_key(seed, i), _derived_auth(seed, i))


class _DerivedCore(_Core):
    """Subscriptions derived from a seed when a push comes, not held: 100,000 of them cost
    a dict of tokens. With ``expire_every`` M, the M-th, 2M-th... answer 410."""

    def __init__(
        self, origin: str, n: int, seed: str | int, expire_every: int, server_key: bytes | None
    ) -> None:
        super().__init__(origin, keep=False)
        self.seed, self.expire_every, self.server_key = seed, expire_every, server_key
        self.tokens = {_derived_token(seed, i): i for i in range(n)}

    def find(self, token: str) -> _Subscription | None:
        index = self.tokens.get(token)
        if index is None:
            return None
        return _Subscription(
            f"{self.origin}{PUSH_PATH}{token}",
            _derived_key(self.seed, index),
            _derived_auth(self.seed, index),
            self.server_key,
            expired=bool(self.expire_every) and (index + 1) % self.expire_every == 0,
        )


async def _serve_fast(args: argparse.Namespace) -> None:
    from aiohttp import web  # only this mode needs it

    server_key = None
    if args.application_server_key:
        server_key = _unb64url(args.application_server_key)
    core = _DerivedCore("", args.subscriptions, args.seed, args.expire_every, server_key)

    async def handle(request: web.BaseRequest) -> web.Response:
        body = await request.read()
        if request.method == "POST" and (delay := core.take_hang()):
            await asyncio.sleep(delay)
        status, headers, data = core.handle(request.method, request.path, request.headers, body)
        return web.Response(status=status, headers=headers, body=data or None)

    # The low-level server: no router, no access log, for speed.
    runner = web.ServerRunner(web.Server(handle, access_log=None), handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, args.host, args.port, backlog=1024, reuse_address=True)
    await site.start()
    port = runner.addresses[0][1]
    core.origin = f"http://{args.host}:{port}"
    if args.keys_file:
        partial = f"{args.keys_file}.partial"
        with open(partial, "w") as file:  # renamed when whole: a reader never sees half
            # One at a time, so 100,000 of them do not stay in this process's memory.
            subscriptions = _iter_subscriptions(core.origin, args.subscriptions, args.seed)
            for i, each in enumerate(subscriptions):
                file.write(("[\n" if i == 0 else ",\n") + json.dumps(each))
            file.write("\n]\n" if args.subscriptions else "[]\n")
        os.replace(partial, args.keys_file)
    print(core.origin, flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    await runner.cleanup()
    print(json.dumps(core.stats()), flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m tests.web_push_service",
        description="A Web Push service for benchmarks: checks and decrypts every push, "
        "keeps counts only (GET /stats).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0: any free port (printed)")
    parser.add_argument("--subscriptions", type=int, default=1000, metavar="N")
    parser.add_argument("--seed", default="xeber", help="as given to deterministic_subscriptions")
    parser.add_argument(
        "--keys-file",
        metavar="F",
        help="write the N subscriptions (PushSubscription JSON, a list) there before listening",
    )
    parser.add_argument(
        "--application-server-key",
        metavar="K",
        help="VAPID public key (base64url) every push must be signed with (else 403)",
    )
    parser.add_argument(
        "--expire-every",
        type=int,
        default=0,
        metavar="M",
        help="every M-th subscription (index M-1, 2M-1, ...) answers 410 Gone",
    )
    args = parser.parse_args(argv)
    try:
        asyncio.run(_serve_fast(args))
    except OSError as error:  # the port is taken
        sys.exit(f"web_push_service: {error}")


if __name__ == "__main__":
    main()
