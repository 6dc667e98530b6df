"""Counting reads without knowing readers.

A read is a beacon (static/xeber/reads.js) that an article page sends once it has been
visible for a few seconds. It carries the article, its edition, a token the page was
given for that article (so nobody counts reads of what does not exist) and where the
reader came from as a category. No cookie is read or set; the reader's address and
browser are only hashed, with a salt that changes daily and lives in the cache alone,
into a key that says "counted already" for an hour. Nothing is written to the database:
counts go to the shared cache (Redis, or the machine's SQLite cache), in one-minute
windows that `reads_flush` (services.py) moves into hourly rows.

A window's counters are found by number: each counter, on its first read in the window,
takes the next slot of the window and writes its name there.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import hmac
import pickle
import re
import secrets

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.utils import timezone
from redis.exceptions import RedisError

SOURCES = ("search", "social", "telegram", "direct", "internal", "other")
WINDOW_SECONDS = 60
READ_ONCE_SECONDS = 3600  # a reader's reads of one story within an hour count once
KEPT_SECONDS = 3 * 3600  # a window's counters outlive its flush by hours
BOTS = re.compile(
    r"bot|crawl|spider|slurp|headless|lighthouse|facebookexternalhit|preview|fetch|curl|"
    r"wget|python|java/|go-http|okhttp|axios|node|scrapy|httpclient|monitor|pingdom",
    re.IGNORECASE,
)


def counters():
    """The cache every process of the site shares (Redis, else the machine's SQLite)."""
    return caches["versions"]


@functools.lru_cache(maxsize=4096)  # a page's token is asked for by each of its reads
def token(edition: str, article_id: int) -> str:
    """What the article's page gives its beacon: the same for every reader."""
    message = f"reads:{edition}:{article_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:16]


def is_bot(agent: str) -> bool:
    return not agent or bool(BOTS.search(agent))


def window_of(moment: dt.datetime) -> int:
    return int(moment.timestamp()) // WINDOW_SECONDS


def window_start(window: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(window * WINDOW_SECONDS, tz=dt.UTC)


_salts: dict[dt.date, str] = {}  # this process's copy of the day's salt


def _salt(day: dt.date) -> str:
    """The day's salt, the same in every process (the first to ask makes it); a read asks
    the cache for it once a day per process."""
    salt = _salts.get(day)
    if salt is None:
        key = f"reads:salt:{day.isoformat()}"
        cache = counters()
        cache.add(key, secrets.token_hex(16), 2 * 86400)
        salt = cache.get(key)
        if not salt:
            return ""  # the cache is down: nothing is counted meanwhile (see read_count)
        _salts.clear()
        _salts[day] = salt
    return salt


def _reader(client: str, agent: str, article_id: int, day: dt.date) -> str:
    reader = f"{_salt(day)}|{client}|{agent}|{article_id}".encode()
    return hashlib.sha256(reader).hexdigest()[:32]


def read_count(*, edition: str, article_id: int, source: str, client: str, agent: str) -> bool:
    """Count a read unless this reader's read of this story was counted within the hour.
    True if counted."""
    now = timezone.now()
    cache = counters()
    if not _salt(now.date()):
        return False  # the cache is down: an unsalted hash is never made, nothing counts
    reader = _reader(client, agent, article_id, now.date())
    window = window_of(now)
    name = f"{edition}:{article_id}:{source}"
    if isinstance(cache, RedisCache):
        return _counted_in_redis(cache, f"reads:seen:{reader}", window, name)
    if not cache.add(f"reads:seen:{reader}", 1, READ_ONCE_SECONDS):
        return False
    counter = f"reads:w{window}:{name}"
    if cache.add(counter, 1, KEPT_SECONDS):
        cache.add(f"reads:w{window}:slots", 0, KEPT_SECONDS)
        slot = cache.incr(f"reads:w{window}:slots")
        cache.set(f"reads:w{window}:slot{slot}", name, KEPT_SECONDS)
    else:
        cache.incr(counter)
    return True


# With Redis, the whole of read_count in one round trip (a page-cache hit costs one too):
# the reader's mark, the counter, and on a counter's first read its slot. Values are
# written as Django's Redis cache writes them (integers bare, other values pickled).
COUNT_SCRIPT = """
if not redis.call('SET', KEYS[1], 1, 'NX', 'EX', ARGV[1]) then return 0 end
if redis.call('INCR', KEYS[2]) == 1 then
    redis.call('EXPIRE', KEYS[2], ARGV[2])
    local slot = redis.call('INCR', KEYS[3])
    redis.call('EXPIRE', KEYS[3], ARGV[2])
    redis.call('SET', KEYS[4] .. slot, ARGV[3], 'EX', ARGV[2])
end
return 1
"""
# The script, registered once per process (its SHA computed once), and a client on the
# cache's pool kept with it (Django's cache makes a new client object per call).
_script: list = []


@functools.lru_cache(maxsize=4096)
def _pickled(name: str) -> bytes:
    return pickle.dumps(name)


def _counted_in_redis(cache, seen: str, window: int, name: str) -> bool:
    keys = [
        cache.make_and_validate_key(seen),
        cache.make_and_validate_key(f"reads:w{window}:{name}"),
        cache.make_and_validate_key(f"reads:w{window}:slots"),
        cache.make_and_validate_key(f"reads:w{window}:slot"),
    ]
    try:
        if not _script:
            client = cache._cache.get_client(keys[0], write=True)
            _script.append((client.register_script(COUNT_SCRIPT), client))
        script, client = _script[0]
        args = [READ_ONCE_SECONDS, KEPT_SECONDS, _pickled(name)]
        counted = script(keys=keys, args=args, client=client)
    except RedisError:  # Redis is down: the read is not counted, the reader sees nothing
        return False
    return bool(counted)


def window_counts(window: int) -> dict[tuple[str, int, str], int]:
    """{(edition, article id, source): reads} of one window."""
    cache = counters()
    slots = cache.get(f"reads:w{window}:slots") or 0
    names = cache.get_many([f"reads:w{window}:slot{slot}" for slot in range(1, slots + 1)])
    values = cache.get_many([f"reads:w{window}:{name}" for name in names.values()])
    found = {}
    for name in names.values():
        edition, article_id, source = name.split(":")
        found[(edition, int(article_id), source)] = values.get(f"reads:w{window}:{name}", 0)
    return found
