"""Counting reads without knowing readers.

A read is a beacon (static/xeber/reads.js) that an article page sends once it has been
visible for a few seconds. It carries the article, its edition, a token the page was
given for that article (so nobody counts reads of what does not exist) and where the
reader came from as a category. No cookie is read or set; the reader's address and
browser are only hashed, with a salt that changes daily and lives in the cache alone,
into a key that says "counted already" for an hour. Nothing is written to the database:
counts go to the shared cache (Redis, or the machine's SQLite cache), in one-minute
windows that `reads_flush` (services.py) moves into hourly rows.

A reader is an address and a browser, so a client that changes its User-Agent on every
beacon would be many readers: one address counts at most ADDRESS_READERS readers of a story
an hour (an office or a mobile carrier's NAT is many readers, a flood is one). In the first
hour of a day, a reader's mark and an address's count of the day before still apply (the
salt changed at midnight, and so did their hashes).

A window's counters are found by number: each counter, on its first read in the window,
takes the next slot of the window and writes its name there.
"""

from __future__ import annotations

import dataclasses
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
ADDRESS_READERS = 20  # readers of one story one address may count within READ_ONCE_SECONDS
KEPT_SECONDS = 3 * 3600  # a window's counters outlive its flush by hours
BOTS = re.compile(  # matched against the lowercased User-Agent (IGNORECASE is slower)
    r"bot|crawl|spider|slurp|headless|lighthouse|facebookexternalhit|preview|fetch|curl|"
    r"wget|python|java/|go-http|okhttp|axios|node|scrapy|httpclient|monitor|pingdom"
)


def counters():
    """The cache every process of the site shares (Redis, else the machine's SQLite)."""
    return caches["versions"]


@functools.lru_cache(maxsize=4096)  # a page's token is asked for by each of its reads
def token(edition: str, article_id: int) -> str:
    """What the article's page gives its beacon: the same for every reader."""
    message = f"reads:{edition}:{article_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:16]


@functools.lru_cache(maxsize=4096)  # browsers' User-Agents repeat, and a search costs 25 µs
def is_bot(agent: str) -> bool:
    return not agent or bool(BOTS.search(agent.lower()))


def window_of(moment: dt.datetime) -> int:
    return int(moment.timestamp()) // WINDOW_SECONDS


def window_start(window: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(window * WINDOW_SECONDS, tz=dt.UTC)


_salts: dict[dt.date, str] = {}  # this process's copies of the day's salt and the day before's


def _salt(day: dt.date, *, make: bool = True) -> str:
    """The day's salt, the same in every process (the first to ask makes it); a read asks
    the cache for it once a day per process. "" when there is none (the cache is down, or
    a day gone by had no reads)."""
    salt = _salts.get(day)
    if salt is None:
        key = f"reads:salt:{day.isoformat()}"
        cache = counters()
        if make:
            cache.add(key, secrets.token_hex(16), 2 * 86400)
        salt = cache.get(key) or ""
        if not salt and make:
            return ""  # the cache is down: asked again on the next read
        for kept in [kept for kept in _salts if kept < day - dt.timedelta(days=1)]:
            del _salts[kept]
        _salts[day] = salt
    return salt


def _hashed(*parts) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]


@dataclasses.dataclass(frozen=True)
class Marks:
    """The cache keys that decide whether a read counts."""

    reader: str  # this reader read this story within the hour
    address: str  # how many readers of this story came from this address within the hour
    reader_before: str | None  # the reader's mark of the day before, in a day's first hour
    address_before: str | None  # the address's count of the day before, likewise


def _marks(client: str, agent: str, article_id: int, now: dt.datetime) -> Marks | None:
    """None while the cache is down: an unsalted hash is never made."""
    day = now.date()
    salt = _salt(day)
    if not salt:
        return None
    before = address_before = None
    if now.hour * 3600 + now.minute * 60 + now.second < READ_ONCE_SECONDS:
        salt_before = _salt(day - dt.timedelta(days=1), make=False)
        if salt_before:
            before = f"reads:seen:{_hashed(salt_before, client, agent, article_id)}"
            address_before = f"reads:addr:{_hashed(salt_before, client, article_id)}"
    return Marks(
        reader=f"reads:seen:{_hashed(salt, client, agent, article_id)}",
        address=f"reads:addr:{_hashed(salt, client, article_id)}",
        reader_before=before,
        address_before=address_before,
    )


def read_count(*, edition: str, article_id: int, source: str, client: str, agent: str) -> bool:
    """Count a read unless this reader's read of this story was counted within the hour
    (or their address has brought ADDRESS_READERS readers of it). True if counted."""
    now = timezone.now()
    marks = _marks(client, agent, article_id, now)
    if marks is None:
        return False
    window = window_of(now)
    name = f"{edition}:{article_id}:{source}"
    cache = counters()
    if isinstance(cache, RedisCache):
        return _counted_in_redis(cache, marks, window, name)
    if marks.reader_before and cache.has_key(marks.reader_before):
        return False
    if not cache.add(marks.reader, 1, READ_ONCE_SECONDS):
        return False
    earlier = (cache.get(marks.address_before) or 0) if marks.address_before else 0
    if not cache.add(marks.address, 1, READ_ONCE_SECONDS):
        try:
            if cache.incr(marks.address) + earlier > ADDRESS_READERS:
                return False
        except ValueError:  # it expired between the two calls
            cache.set(marks.address, 1, READ_ONCE_SECONDS)
    elif earlier >= ADDRESS_READERS:
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
if KEYS[6] and redis.call('EXISTS', KEYS[6]) == 1 then return 0 end
if not redis.call('SET', KEYS[1], 1, 'NX', 'EX', ARGV[1]) then return 0 end
local readers = redis.call('INCR', KEYS[5])
if readers == 1 then redis.call('EXPIRE', KEYS[5], ARGV[1]) end
if KEYS[7] then readers = readers + tonumber(redis.call('GET', KEYS[7]) or '0') end
if readers > tonumber(ARGV[4]) then return 0 end
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


def _counted_in_redis(cache, marks: Marks, window: int, name: str) -> bool:
    # make_key, not make_and_validate_key: these keys are ours, and validating walks
    # every character of each in Python.
    keys = [
        cache.make_key(marks.reader),
        cache.make_key(f"reads:w{window}:{name}"),
        cache.make_key(f"reads:w{window}:slots"),
        cache.make_key(f"reads:w{window}:slot"),
        cache.make_key(marks.address),
    ]
    if marks.reader_before:  # both or neither: the day before's salt is known or not
        keys += [cache.make_key(marks.reader_before), cache.make_key(marks.address_before)]
    try:
        if not _script:
            client = cache._cache.get_client(keys[0], write=True)
            _script.append((client.register_script(COUNT_SCRIPT), client))
        script, client = _script[0]
        args = [READ_ONCE_SECONDS, KEPT_SECONDS, _pickled(name), ADDRESS_READERS]
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
