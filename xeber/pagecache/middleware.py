"""Whole pages for anonymous readers from the cache (Redis or local memory).

Logged-in staff always get fresh pages (they carry the session cookie); the admin,
previews, search results and API writes are never cached. A stored page keeps every
header the inner middleware gave it (security policy, ETag), so a hit is answered here,
before sessions, locale, CSRF or any view run. Responses say how a CDN or nginx in front
may keep them: s-maxage plus stale-while-revalidate.
"""

from __future__ import annotations

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import http_date

from xeber.pagecache import dependencies, store, versions

NOT_KEPT = {"set-cookie", "cache-control", "x-cache", "x-accel-expires"}


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not store.cacheable(request.META):
            response = self.get_response(request)
            response.setdefault("Cache-Control", "private, no-cache")
            return response
        # The WSGI front (wsgi.py) has looked already, unless a test client calls Django.
        page_key, stored = request.META.get("xeber.pagecache") or (None, None)
        if page_key is None:
            page_key = store.page_key(request.META)
            stored, fresh = store.lookup(page_key)
            if fresh:
                return self._hit(request, stored)
        started = time.time_ns()
        with dependencies.recording(started) as shown:
            response = self.get_response(request)
        if response.status_code >= 500 and stored is not None:
            # The database is down or the page broke: the last good copy beats an error.
            return self._hit(request, stored, state="stale")
        if response.status_code == 200 and not response.streaming and not response.cookies:
            lifetime = self._lifetime()
            shared = min(lifetime, settings.SHARED_CACHE_SECONDS)
            response["Cache-Control"] = self._cache_control(shared)
            response["X-Cache"] = "miss"
            # Only a GET is stored: the answer to a HEAD has no ETag (Django gives one to
            # GETs only), and the GETs it would be served for must have one.
            if request.method == "GET":
                edition = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
                self._store(page_key, response, shown.dependencies(edition), started, lifetime)
            if shared > 0:
                response[store.NGINX_EXPIRES] = store.nginx_expires(shared)
        return response

    @staticmethod
    def _hit(request, stored: tuple, state: str = "hit") -> HttpResponse:
        """The same answer as the WSGI front's, for requests that reach Django first."""
        status, headers, body = store.answer(request.META, stored, state)
        response = HttpResponse(body, status=status)
        if status == 304:
            del response["Content-Type"]  # as Django's own 304: no body to describe
        for name, value in headers:
            response[name] = value
        return response

    @staticmethod
    def _store(page_key: str, response, names: set[str], started: int, lifetime: int) -> None:
        page_versions = versions.current(names, started)
        if versions.changed_since(page_versions, started):
            return  # it may show what the database held just before the change
        last_change = versions.last_change(page_versions, started)
        if last_change is not None:
            response["Last-Modified"] = http_date(last_change)
        headers = [
            (name, value) for name, value in response.items() if name.lower() not in NOT_KEPT
        ]
        headers.append(("Cache-Control", response["Cache-Control"]))
        cache.set(page_key, (page_versions, headers, response.content), lifetime)

    @staticmethod
    def _lifetime() -> int:
        now = timezone.now()
        until_change = (versions.next_change(now) - now).total_seconds()
        return max(1, min(settings.PAGE_CACHE_SECONDS, math.floor(until_change)))

    @staticmethod
    def _cache_control(shared: int) -> str:
        """nginx and CDNs honour s-maxage but hear of no change: they may keep a page only
        as long as a newsroom accepts a changed page being late (SHARED_CACHE_SECONDS)."""
        return f"public, max-age=0, s-maxage={shared}, stale-while-revalidate=30"
