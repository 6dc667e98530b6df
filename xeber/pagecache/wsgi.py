"""Page-cache hits answered before Django: no request object, no middleware, no signals.

A hit is a dictionary lookup and a round trip to the cache; building Django's request and
running the middleware around it cost more than both. Anything else (a miss, a stale
page, staff with a session) goes on to Django, which renders and stores the page
(middleware.py)."""

from __future__ import annotations

from xeber.pagecache import store

STATUS_LINES = {200: "200 OK", 304: "304 Not Modified"}


class CachedPagesApplication:
    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        if store.cacheable(environ):
            key = store.page_key(environ)
            stored, fresh = store.lookup(key)
            if fresh:
                status, headers, body = store.answer(environ, stored, "hit")
                start_response(STATUS_LINES[status], headers)
                return [body]
            environ["xeber.pagecache"] = (key, stored)  # the middleware needn't look again
        response = self.application(environ, start_response)
        if environ.get("REQUEST_METHOD") == "HEAD":
            # Django leaves dropping a HEAD's body to the server, and gunicorn logs a warning
            # for every one it drops.
            if hasattr(response, "close"):  # as a server must (PEP 3333)
                response.close()
            return []
        return response
