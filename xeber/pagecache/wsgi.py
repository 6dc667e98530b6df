"""Page-cache hits answered before Django: no request object, no middleware, no signals.

A hit is a dictionary lookup and a round trip to the cache; building Django's request and
running the middleware around it cost more than both. Anything else (a miss, a stale
page, staff with a session) goes on to Django, which renders and stores the page
(middleware.py)."""

from __future__ import annotations

from xeber.pagecache import store

# Headers a 304 repeats (RFC 9110, 15.4.5); the others describe a body it does not have.
NOT_MODIFIED_HEADERS = {"etag", "cache-control", "vary", "expires", "content-location", "date"}


class CachedPagesApplication:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if store.cacheable(environ):
            key = store.page_key(environ)
            stored, fresh = store.lookup(key)
            if fresh:
                return self._answer(environ, start_response, stored[1], stored[2])
            environ["xeber.pagecache"] = (key, stored)  # the middleware needn't look again
        return self.application(environ, start_response)

    @staticmethod
    def _answer(environ, start_response, headers, content: bytes):
        if store.not_modified(headers, environ):
            kept = [(n, v) for n, v in headers if n.lower() in NOT_MODIFIED_HEADERS]
            start_response("304 Not Modified", [*kept, ("X-Cache", "hit")])
            return [b""]
        start_response("200 OK", [*headers, ("X-Cache", "hit")])
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else content]
