"""Sending an alert to its subscriptions (a worker runs it as the delivery "push alert",
a broadcast: xeber/deliveries/broadcast.py).

Pushes go out encrypted for each browser (RFC 8291) and signed with the site's VAPID key
(RFC 8292) by pywebpush, many at once over aiohttp. A batch sent twice (its worker
stopped before recording it) is not seen twice: the push's Topic makes the push service
replace one still waiting, and the notification's tag makes the browser replace one shown.

What each push service answers decides what becomes of the subscription:
- 201/202: delivered;
- 404/410: the reader left or the browser is gone: the subscription is removed;
- 429, 5xx, no answer: tried again with the delivery's backoff;
- any other refusal (400, 403 a key mismatch, 413): counted under its status and kept,
  for a misconfigured key should not erase every reader.
"""

from __future__ import annotations

import asyncio
import json
import time
from urllib.parse import urlsplit

import aiohttp
from django.conf import settings
from pywebpush import WebPusher, WebPushException

from xeber.deliveries.broadcast import BatchResult, broadcast_send
from xeber.deliveries.models import Delivery
from xeber.deliveries.services import Refused
from xeber.news.masthead import identity_of
from xeber.push import keys
from xeber.push.models import PushAlert, PushSubscription
from xeber.push.services import push_service_allowed, recipients

VAPID_LIFETIME = 12 * 3600  # push services accept tokens of up to 24 hours


def send_alert(delivery: Delivery) -> str:
    alert = PushAlert.objects.select_related("article").get(pk=delivery.params["alert"])
    signer = keys.signer()
    if signer is None:
        raise Refused("no VAPID key: run `xeber vapid_keys` (README, Web push)")
    pusher = Pusher(signer, payload(alert), topic=f"alert{alert.pk}")
    return broadcast_send(
        delivery, alert, recipients(alert), pusher.batch, settings.BROADCAST_BATCH
    )


def payload(alert: PushAlert) -> bytes:
    """What the service worker (push-worker.js) shows: the newsroom's name and icon in the
    edition, the editor's text, and the story it opens (paths: the worker resolves them
    against its own site)."""
    identity = identity_of(alert.edition)
    shown = {
        "title": identity.name,
        "body": alert.text,
        "url": alert.article.get_absolute_url(),
        "tag": f"article-{alert.article_id}",
        "lang": alert.edition,
    }
    if identity.icons:
        shown["icon"] = identity.app_icon
    return json.dumps(
        shown,
        ensure_ascii=False,
    ).encode()


class Pusher:
    """Pushes one payload to batches of subscriptions, with a VAPID token per push
    service signed once (they accept it for hours)."""

    def __init__(self, signer, data: bytes, topic: str) -> None:
        self.signer, self.data, self.topic = signer, data, topic
        self.tokens: dict[str, tuple[float, str]] = {}  # audience -> (expiry, header)
        # Push services that gave no answer in this batch: the rest of their pushes wait
        # for the next attempt instead of each waiting PUSH_TIMEOUT.
        self.silent: set[str] = set()

    def authorization(self, audience: str) -> str:
        expires, header = self.tokens.get(audience, (0.0, ""))
        if expires - time.time() < 600:
            expires = int(time.time()) + VAPID_LIFETIME
            claims = {"aud": audience, "exp": expires, "sub": settings.PUSH_CONTACT}
            header = self.signer.sign(claims)["Authorization"]
            self.tokens[audience] = (expires, header)
        return header

    def batch(self, subscriptions: list[PushSubscription]) -> BatchResult:
        self.silent.clear()
        answers = asyncio.run(self._send_all(subscriptions))
        result = BatchResult()
        for subscription, (status, reason, retry_after) in zip(subscriptions, answers, strict=True):
            if status in (200, 201, 202):
                result.delivered += 1
            elif status in (404, 410):
                result.gone.append(subscription.pk)
            elif status is None or status == 429 or status >= 500:
                result.later.append(subscription.pk)
                result.waits[reason] += 1
                result.retry_after = max(result.retry_after, retry_after)
            else:
                result.refused[reason] += 1
        return result

    async def _send_all(self, subscriptions: list[PushSubscription]) -> list[tuple]:
        limit = settings.PUSH_CONCURRENCY
        connector = aiohttp.TCPConnector(limit=limit, limit_per_host=limit)
        timeout = aiohttp.ClientTimeout(total=settings.PUSH_TIMEOUT)
        async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
            gate = asyncio.Semaphore(limit)

            async def one(subscription: PushSubscription) -> tuple:
                async with gate:
                    return await self._send(session, subscription)

            return await asyncio.gather(*(one(each) for each in subscriptions))

    async def _send(self, session, subscription: PushSubscription) -> tuple:
        """(status or None when there was no answer, reason, seconds to wait)."""
        if not push_service_allowed(subscription.endpoint):
            return 0, "not a known push service", 0.0
        parts = urlsplit(subscription.endpoint)
        audience = f"{parts.scheme}://{parts.netloc}"
        if audience in self.silent:
            return None, "its push service gave no answer", 0.0
        headers = {
            "Authorization": self.authorization(audience),
            "Urgency": "high",
            "Topic": self.topic,
        }
        try:
            response = await WebPusher(subscription.info(), aiohttp_session=session).send_async(
                self.data, headers, ttl=settings.PUSH_TTL_SECONDS, timeout=session.timeout
            )
        except WebPushException as error:  # keys that cannot be encrypted for
            return 0, f"bad subscription: {error.message}"[:100], 0.0
        except TimeoutError:
            self.silent.add(audience)
            return None, "no answer in time", 0.0
        except (aiohttp.ClientError, OSError) as error:
            self.silent.add(audience)
            return None, f"unreachable ({type(error).__name__})", 0.0
        except Exception as error:  # one browser's odd address must not stop the others
            return 0, f"could not be sent ({type(error).__name__})", 0.0
        wait = response.headers.get("Retry-After", "")
        reason = f"{response.status} {response.reason or ''}".strip()
        return response.status, reason, float(wait) if wait.isdigit() else 0.0
