"""Redis as a cache the site can live without.

Django's Redis backend raises when Redis is unreachable, which would turn every page into
an error. This one answers as an empty cache instead (a miss, a write that did not
happen), logs one warning per outage, stops trying for RETRY_SECONDS after a failure so
that requests do not each pay for a refused connection, and sends `cache_recovered` when
Redis answers again: whatever was invalidated meanwhile never reached Redis, so the
caches built on it start over (the page cache listens; the header follows its versions).
"""

from __future__ import annotations

import functools
import logging
import threading
import time

import redis.exceptions
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal

logger = logging.getLogger(__name__)

cache_recovered = Signal()

RETRY_SECONDS = 1.0
UNREACHABLE = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
# What each operation answers while Redis is unreachable: what an empty cache would.
FALLBACKS = {
    "add": False,
    "set": None,
    "touch": False,
    "delete": False,
    "has_key": False,
    "set_many": None,
    "delete_many": None,
    "clear": False,
}


class ResilientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._retry_at = 0.0
        self._down = False
        self._lock = threading.Lock()
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        """One client per pool, made once: Django builds a new one for every operation,
        and building one costs more than a round trip to Redis on loopback."""
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def _call(self, operation, fallback, *args):
        if self._down and time.monotonic() < self._retry_at:
            return fallback
        try:
            result = getattr(super(), operation)(*args)
        except UNREACHABLE as error:
            self._failed(error)
            return fallback
        if self._down:
            self._recovered()
        return result

    def _failed(self, error: Exception) -> None:
        with self._lock:
            self._retry_at = time.monotonic() + RETRY_SECONDS
            if not self._down:
                self._down = True
                logger.warning("Redis is unreachable (%s): serving without the cache", error)

    def _recovered(self) -> None:
        with self._lock:
            if not self._down:
                return
            self._down = False
        logger.info("Redis is reachable again: cached pages start over")
        cache_recovered.send(sender=type(self))

    def get(self, key, default):
        return self._call("get", default, key, default)

    def get_many(self, keys):
        return self._call("get_many", None, keys) or {}

    def incr(self, key, delta):
        found = self._call("incr", None, key, delta)
        if found is None:
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return found


def _guarded(operation: str, fallback):
    @functools.wraps(getattr(RedisCacheClient, operation))
    def method(self, *args):
        return self._call(operation, fallback, *args)

    return method


for _operation, _fallback in FALLBACKS.items():
    setattr(ResilientRedisCacheClient, _operation, _guarded(_operation, _fallback))


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ResilientRedisCacheClient

    def validate_key(self, key):
        """Memcached's key rules (checked per key on every call) do not apply here; a page
        hit asks for dozens of keys."""


class LocalMemoryCache(LocMemCache):
    """Django's local-memory cache, without memcached's key rules (see above)."""

    def validate_key(self, key):
        pass
