"""Whole pages for anonymous readers from the cache (Redis or local memory).

Logged-in staff always get fresh pages (they carry the session cookie); the admin,
previews, search results and API writes are never cached. Responses say how a CDN or
nginx in front may keep them: s-maxage plus stale-while-revalidate.
"""

from __future__ import annotations

import hashlib
import math

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone

from xeber.pagecache import generation

KEPT_HEADERS = [
    "Content-Type",
    "Content-Language",
    "X-Frame-Options",
    "X-Robots-Tag",
    "Last-Modified",
    "Content-Disposition",
    "Vary",
]
# The API has its own ETags and throttling; its schema is read before a database exists.
NEVER = ("/admin/", "/preview/", "/api/", "/healthz", "/readyz")


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.never = (f"/{settings.ADMIN_URL}", *NEVER)

    def _cacheable_request(self, request) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path_info.startswith(self.never)
            and "/search/" not in request.path_info
        )

    def __call__(self, request):
        if not self._cacheable_request(request):
            response = self.get_response(request)
            response.setdefault("Cache-Control", "private, no-cache")
            return response
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"pagecache:{generation.current()}:{path}"
        stored = cache.get(key)
        if stored is not None:
            status, headers, content = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            response["X-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            lifetime = self._lifetime()
            headers = [(name, response[name]) for name in KEPT_HEADERS if name in response]
            headers.append(("Cache-Control", self._cache_control(lifetime)))
            cache.set(key, (200, headers, response.content), lifetime)
            response["Cache-Control"] = self._cache_control(lifetime)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _lifetime() -> int:
        now = timezone.now()
        until_change = (generation.next_change(now) - now).total_seconds()
        return max(1, min(settings.PAGE_CACHE_SECONDS, math.floor(until_change)))

    @staticmethod
    def _cache_control(lifetime: int) -> str:
        return f"public, max-age=0, s-maxage={lifetime}, stale-while-revalidate=30"
