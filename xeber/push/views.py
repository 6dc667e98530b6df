"""A reader's browser subscribing to pushes, leaving, and the service worker that shows
them. Pages are the same for every reader (and cached whole), so these requests carry no
CSRF token: a JSON body from the site's own pages is required instead, which a form or
a link on another site cannot send without the browser asking us first (CORS), and we
never say yes."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from xeber.core import throttle
from xeber.push import keys
from xeber.push.services import Invalid, subscription_remove, subscription_save

BODY_LIMIT = 4096
# Subscriptions one client address may make in an hour (each is pushed to later).
SUBSCRIPTIONS_AN_HOUR = 60
WORKER = Path(__file__).parent / "static" / "push" / "push-worker.js"


def _refused(status: int, error: str) -> JsonResponse:
    return JsonResponse({"error": error}, status=status)


def _json_body(request) -> dict | JsonResponse:
    """The request's JSON object, or the answer that says what was wrong with it."""
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return _refused(403, "subscriptions are made from the site's own pages")
    if request.content_type != "application/json":
        return _refused(415, "the body must be application/json")
    if len(request.body) > BODY_LIMIT:
        return _refused(413, f"the body is over {BODY_LIMIT} bytes")
    try:
        body = json.loads(request.body)
    except (UnicodeDecodeError, ValueError):
        return _refused(400, "the body is not JSON")
    if not isinstance(body, dict):
        return _refused(400, "the body must be a JSON object")
    return body


@csrf_exempt
@require_POST
def subscribe(request):
    """{"edition": "ru", "sections": ["politics"], "subscription": PushSubscription.toJSON()}"""
    if not keys.public_key():
        return _refused(404, "web push is not set up on this site")
    body = _json_body(request)
    if isinstance(body, JsonResponse):
        return body
    if not throttle.allowed("push-subscribe", request, SUBSCRIPTIONS_AN_HOUR, 3600):
        return _refused(429, "too many subscriptions from this address: try later")
    try:
        subscription_save(
            edition=body.get("edition"),
            subscription=body.get("subscription"),
            sections=body.get("sections") or [],
        )
    except Invalid as error:
        return _refused(400, str(error))
    return JsonResponse({"subscribed": True}, status=201)


@csrf_exempt
@require_POST
def unsubscribe(request):
    """{"endpoint": "...", "edition": "ru"}: the edition's subscription of that browser
    is deleted (without "edition", all of them)."""
    body = _json_body(request)
    if isinstance(body, JsonResponse):
        return body
    endpoint, edition = body.get("endpoint"), body.get("edition")
    if not isinstance(endpoint, str) or not isinstance(edition, str | None):
        return _refused(400, "endpoint must be the subscription's address")
    subscription_remove(endpoint=endpoint, edition=edition)
    return HttpResponse(status=204)


@cache
def _worker_script() -> bytes:
    return WORKER.read_bytes()


def worker(request):
    """The service worker, at the site's root so that it may show every page's pushes."""
    response = HttpResponse(_worker_script(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response
