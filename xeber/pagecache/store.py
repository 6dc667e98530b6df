"""Where pages are kept: which requests may be answered from the cache, under which key,
and whether a stored page is still current. Shared by the WSGI front (wsgi.py), which
answers hits before Django builds a request, and the middleware, which stores pages."""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.http.cookie import parse_cookie
from django.utils.http import parse_http_date_safe

from xeber.pagecache import versions

# The API has its own ETags and throttling; its schema is read before a database exists.
# Newsletters' pages show a subscriber's own choices.
NEVER = ("/admin/", "/preview/", "/api/", "/healthz", "/readyz", "/static/", "/media/",
         "/newsletters/", "/reads/")  # fmt: skip
# Pages whose version keys a process remembers (then it simply starts over).
REMEMBERED_PAGES = 20_000
# The version keys each page had when last seen: asked for together with the page from
# Redis, a hit costs one round trip instead of two.
_version_keys: dict[str, list[str]] = {}


def cacheable(environ: dict) -> bool:
    """A GET or HEAD from a reader without a session, for a public page."""
    path = environ.get("PATH_INFO", "")
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and environ.get("REQUEST_METHOD") in {"GET", "HEAD"}
        and not path.startswith((f"/{settings.ADMIN_URL}", *NEVER))
        and "/search/" not in path
        and settings.SESSION_COOKIE_NAME not in parse_cookie(environ.get("HTTP_COOKIE", ""))
    )


def page_key(environ: dict) -> str:
    """From the request as the server received it: scheme (also as a proxy reports it),
    host, path and query string. Pages show absolute links, so all of them count; a host
    Django refuses never gets a page stored."""
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
    parts = (
        environ.get("wsgi.url_scheme", "http"),
        environ.get("HTTP_X_FORWARDED_PROTO", ""),
        host,
        environ.get("PATH_INFO", ""),
        environ.get("QUERY_STRING", ""),
    )
    return "pagecache:page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def lookup(key: str) -> tuple[tuple | None, bool]:
    """The stored page (versions, headers, content), if any, and whether every name it
    depends on still has the version it was stored with."""
    stored, found = _together(key) if versions.with_pages() else _apart(key)
    if stored is None:
        return None, False
    return stored, all(found.get(name) == version for name, version in stored[0].items())


def _together(key: str) -> tuple[tuple | None, dict[str, int]]:
    """The page and its versions from Redis, in one round trip once the page was seen."""
    found = cache.get_many([key, *_version_keys.get(key, ())])
    stored = found.pop(key, None)
    if stored is None:
        return None, found
    missing = [name for name in stored[0] if name not in found]
    if missing:
        found.update(cache.get_many(missing))
    if len(_version_keys) >= REMEMBERED_PAGES:
        _version_keys.clear()
    _version_keys[key] = list(stored[0])
    return stored, found


def _apart(key: str) -> tuple[tuple | None, dict[str, int]]:
    """The page from this process's memory, its versions from where every process sees
    them (sqlitecache.py)."""
    stored = cache.get(key)
    return stored, versions.shared().get_many(list(stored[0])) if stored else {}


# Headers a 304 repeats (RFC 9110, 15.4.5); the others describe a body it does not have.
NOT_MODIFIED_HEADERS = {"etag", "cache-control", "vary", "expires", "content-location", "date"}


def answer(environ: dict, stored: tuple, state: str) -> tuple[int, list[tuple[str, str]], bytes]:
    """Status, headers and body for a stored page: 304 when the client already holds it,
    no body for HEAD."""
    _versions, headers, content = stored
    ours = [("X-Cache", state)]
    if settings.SHARED_CACHE_SECONDS > 0:
        ours.append((NGINX_EXPIRES, nginx_expires(settings.SHARED_CACHE_SECONDS)))
    if _not_modified(environ, headers):
        kept = [(name, value) for name, value in headers if name.lower() in NOT_MODIFIED_HEADERS]
        return 304, [*kept, *ours], b""
    body = b"" if environ.get("REQUEST_METHOD") == "HEAD" else content
    return 200, [*headers, *ours], body


# nginx counts a cached answer's life in whole seconds: told `s-maxage=1` at 10.0 s, it
# serves that answer until 12.0 s, twice SHARED_CACHE_SECONDS. Told the last whole second
# it may serve it in (X-Accel-Expires, which it never passes on to readers), it keeps no
# answer longer than SHARED_CACHE_SECONDS. CDNs go by s-maxage.
NGINX_EXPIRES = "X-Accel-Expires"


def nginx_expires(seconds: int) -> str:
    return f"@{int(time.time()) + seconds - 1}"


def _not_modified(environ: dict, headers: list[tuple[str, str]]) -> bool:
    """If-None-Match names the page's ETag or, when the client sent none, If-Modified-Since
    is no earlier than its Last-Modified (RFC 9110, 13.2.2)."""
    wanted = environ.get("HTTP_IF_NONE_MATCH")
    since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if wanted is None and since is None:  # most requests: no header to look up
        return False
    stored = {name.lower(): value for name, value in headers}
    if wanted is not None:
        etag = stored.get("etag")
        return bool(etag) and (
            wanted.strip() == "*" or etag in (tag.strip() for tag in wanted.split(","))
        )
    since_time = parse_http_date_safe(since)
    modified = parse_http_date_safe(stored.get("last-modified", ""))
    return since_time is not None and modified is not None and modified <= since_time
