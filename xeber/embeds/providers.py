"""Which links become embeds: the providers, how each one's links are read, where its
player lives.

A provider answers two questions without touching the network: does this link belong to
it (`find`), and which address plays it (`player`). The oEmbed request that describes an
item (title, picture) is oembed.py's. The built-in providers are YouTube, Vimeo, X,
Instagram, Facebook, TikTok and Telegram; a newsroom enables some or all of them
(EMBED_PROVIDERS) and adds any oEmbed provider of its own (EMBED_OEMBED_PROVIDERS).

This module imports nothing of Django at load time: settings.py reads `frame_sources`
from it to write the Content-Security-Policy's frame-src.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import parse_qs, quote, urlsplit, urlunsplit

MAX_URL_LENGTH = 2000
VIDEO, POST = "video", "post"


class LinkRefused(Exception):
    """A link that cannot become an embed; the message says why, for the editor."""

    def __init__(self, reason: str, url: str, provider: str = "") -> None:
        super().__init__(reason)
        self.reason, self.url, self.provider = reason, url, provider


@dataclass(frozen=True)
class Item:
    """One post or video of a provider, read from a link."""

    media_id: str
    canonical: str
    kind: str  # VIDEO or POST


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    hosts: frozenset[str]  # hosts of the links it accepts
    frame_hosts: tuple[str, ...]  # where its player is served from (CSP frame-src)
    endpoint: str = ""  # its oEmbed endpoint; "" when it has none
    read: Callable[[str, str, dict], Item | None] = field(repr=False, default=None)
    play: Callable[[Item], str] = field(repr=False, default=None)
    needs_token: bool = False  # Meta's oEmbed answers only with an access token
    video_endpoint: str = ""  # Meta: videos have an endpoint of their own

    def find(self, parts) -> Item | None:
        query = parse_qs(parts.query)
        return self.read(parts.path or "/", parts.geturl(), query)

    def player(self, item: Item) -> str:
        """The player's address for `item` ("" when only oEmbed's answer can tell)."""
        return self.play(item) if self.play else ""


def _item(media_id: str, canonical: str, kind: str) -> Item:
    return Item(media_id, canonical, kind)


# --- the built-in providers ----------------------------------------------------------
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
_YOUTUBE_PATH = re.compile(r"/(?:shorts|live|embed|v)/([^/]+)/?")


def _youtube(path: str, url: str, query: dict) -> Item | None:
    if urlsplit(url).hostname == "youtu.be":
        candidate = path.strip("/")
    elif path.rstrip("/") == "/watch":
        candidate = (query.get("v") or [""])[0]
    else:
        match = _YOUTUBE_PATH.fullmatch(path)
        candidate = match.group(1) if match else ""
    if not _YOUTUBE_ID.fullmatch(candidate):
        return None
    return _item(candidate, f"https://www.youtube.com/watch?v={candidate}", VIDEO)


_VIMEO_PATHS = [
    re.compile(r"/(\d{1,12})(?:/([0-9a-f]{6,20}))?/?"),
    re.compile(r"/(?:channels|groups/[^/]+/videos|album/\d+/video)/(?:[^/]+/)?(\d{1,12})/?"),
    re.compile(r"/video/(\d{1,12})/?"),  # player.vimeo.com
]


def _vimeo(path: str, url: str, query: dict) -> Item | None:
    for pattern in _VIMEO_PATHS:
        match = pattern.fullmatch(path)
        if match:
            video = match.group(1)
            secret = match.group(2) if match.lastindex == 2 else None
            secret = secret or (query.get("h") or [""])[0]
            if secret and not re.fullmatch(r"[0-9a-f]{6,20}", secret):
                return None
            media_id = f"{video}/{secret}" if secret else video
            return _item(media_id, f"https://vimeo.com/{media_id}", VIDEO)
    return None


def _vimeo_player(item: Item) -> str:
    video, _, secret = item.media_id.partition("/")
    unlisted = f"h={secret}&" if secret else ""
    return f"https://player.vimeo.com/video/{video}?{unlisted}autoplay=1&dnt=1"


_X_PATH = re.compile(r"/([A-Za-z0-9_]{1,15})/status(?:es)?/(\d{1,20})(?:/.*)?")


def _x(path: str, url: str, query: dict) -> Item | None:
    match = _X_PATH.fullmatch(path)
    if not match:
        return None
    user, post = match.groups()
    return _item(post, f"https://x.com/{user}/status/{post}", POST)


_INSTAGRAM_PATH = re.compile(r"/(?:[A-Za-z0-9_.]{1,30}/)?(p|reel|reels|tv)/([A-Za-z0-9_-]{5,40})/?")


def _instagram(path: str, url: str, query: dict) -> Item | None:
    match = _INSTAGRAM_PATH.fullmatch(path)
    if not match:
        return None
    kind, code = match.groups()
    kind = "reel" if kind == "reels" else kind
    return _item(f"{kind}/{code}", f"https://www.instagram.com/{kind}/{code}/", POST)


_FACEBOOK_VIDEO = re.compile(r"/(?:[A-Za-z0-9.]{1,80}/videos/(?:[^/]+/)?|reel/)(\d{1,25})/?")
_FACEBOOK_POST = re.compile(r"/[A-Za-z0-9.]{1,80}/(?:posts|photos/[^/]+)/([A-Za-z0-9]{1,80})/?")


def _facebook(path: str, url: str, query: dict) -> Item | None:
    host = urlsplit(url).hostname
    if host == "fb.watch":
        code = path.strip("/")
        if re.fullmatch(r"[A-Za-z0-9_-]{4,30}", code):
            return _item(code, f"https://fb.watch/{code}/", VIDEO)
        return None
    if path.rstrip("/") == "/watch":
        video = (query.get("v") or [""])[0]
        if re.fullmatch(r"\d{1,25}", video):
            return _item(video, f"https://www.facebook.com/watch/?v={video}", VIDEO)
        return None
    match = _FACEBOOK_VIDEO.fullmatch(path)
    if match:
        return _item(match.group(1), f"https://www.facebook.com{path.rstrip('/')}/", VIDEO)
    match = _FACEBOOK_POST.fullmatch(path)
    if match:
        return _item(match.group(1), f"https://www.facebook.com{path.rstrip('/')}/", POST)
    story, page = (query.get("story_fbid") or [""])[0], (query.get("id") or [""])[0]
    if path == "/permalink.php" and story.isalnum() and page.isdigit():
        canonical = f"https://www.facebook.com/permalink.php?story_fbid={story}&id={page}"
        return _item(story, canonical, POST)
    return None


def _facebook_player(item: Item) -> str:
    plugin = "video" if item.kind == VIDEO else "post"
    return f"https://www.facebook.com/plugins/{plugin}.php?href={quote(item.canonical, safe='')}"


_TIKTOK_PATH = re.compile(r"/@([A-Za-z0-9_.]{1,40})/video/(\d{1,25})/?")


def _tiktok(path: str, url: str, query: dict) -> Item | None:
    match = _TIKTOK_PATH.fullmatch(path)
    if not match:
        return None
    user, video = match.groups()
    return _item(video, f"https://www.tiktok.com/@{user}/video/{video}", VIDEO)


_TELEGRAM_PATH = re.compile(r"/(?:s/)?([A-Za-z][A-Za-z0-9_]{3,31})/(\d{1,12})/?")


def _telegram(path: str, url: str, query: dict) -> Item | None:
    match = _TELEGRAM_PATH.fullmatch(path)
    if not match:
        return None
    channel, post = match.groups()
    return _item(f"{channel}/{post}", f"https://t.me/{channel}/{post}", POST)


def _hosts(*names: str) -> frozenset[str]:
    return frozenset(names)


GRAPH = "https://graph.facebook.com/v22.0"
BUILT_IN = {
    provider.key: provider
    for provider in [
        Provider(
            "youtube",
            "YouTube",
            _hosts("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"),
            ("www.youtube-nocookie.com",),
            "https://www.youtube.com/oembed",
            _youtube,
            lambda item: f"https://www.youtube-nocookie.com/embed/{item.media_id}?autoplay=1",
        ),
        Provider(
            "vimeo",
            "Vimeo",
            _hosts("vimeo.com", "www.vimeo.com", "player.vimeo.com"),
            ("player.vimeo.com",),
            "https://vimeo.com/api/oembed.json",
            _vimeo,
            _vimeo_player,
        ),
        Provider(
            "x",
            "X",
            _hosts(
                "x.com",
                "www.x.com",
                "twitter.com",
                "www.twitter.com",
                "mobile.twitter.com",
                "mobile.x.com",
            ),
            ("platform.twitter.com",),
            "https://publish.twitter.com/oembed",
            _x,
            lambda item: (
                f"https://platform.twitter.com/embed/Tweet.html?id={item.media_id}&dnt=true"
            ),
        ),
        Provider(
            "instagram",
            "Instagram",
            _hosts("instagram.com", "www.instagram.com"),
            ("www.instagram.com",),
            f"{GRAPH}/instagram_oembed",
            _instagram,
            lambda item: f"https://www.instagram.com/{item.media_id}/embed/",
            needs_token=True,
        ),
        Provider(
            "facebook",
            "Facebook",
            _hosts(
                "facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com", "fb.watch"
            ),
            ("www.facebook.com",),
            f"{GRAPH}/oembed_post",
            _facebook,
            _facebook_player,
            needs_token=True,
            video_endpoint=f"{GRAPH}/oembed_video",
        ),
        Provider(
            "tiktok",
            "TikTok",
            _hosts("tiktok.com", "www.tiktok.com", "m.tiktok.com"),
            ("www.tiktok.com",),
            "https://www.tiktok.com/oembed",
            _tiktok,
            lambda item: f"https://www.tiktok.com/embed/v2/{item.media_id}",
        ),
        # Telegram has no oEmbed: a post is embedded from its address alone.
        Provider(
            "telegram",
            "Telegram",
            _hosts("t.me", "telegram.me"),
            ("t.me",),
            "",
            _telegram,
            lambda item: f"https://t.me/{item.media_id}?embed=1",
        ),
    ]
}


# --- oEmbed providers a newsroom adds ---------------------------------------------------
def _any_page(path: str, url: str, query: dict) -> Item | None:
    if path in {"", "/"}:
        return None
    parts = urlsplit(url)
    canonical = urlunsplit(("https", parts.netloc.lower(), parts.path, parts.query, ""))
    return _item(canonical, canonical, POST)  # oEmbed's answer may make it a video


_KEY = re.compile(r"[^a-z0-9]+")


def parse_extra(entry: str) -> Provider:
    """A provider from one EMBED_OEMBED_PROVIDERS entry:
    `Name|https://its.oembed/endpoint|hosts of its links|hosts of its player`
    (hosts separated by spaces). Its player is the iframe of its oEmbed answer, accepted
    only from those player hosts."""
    parts = [part.strip() for part in entry.split("|")]
    if len(parts) != 4 or not all(parts):
        raise ValueError(
            f"EMBED_OEMBED_PROVIDERS entry {entry!r}: expected name|endpoint|hosts|player hosts"
        )
    name, endpoint, hosts, frame_hosts = parts
    if urlsplit(endpoint).scheme not in {"http", "https"}:
        raise ValueError(
            f"EMBED_OEMBED_PROVIDERS entry {entry!r}: the endpoint is not an http(s) URL"
        )
    key = _KEY.sub("-", name.lower()).strip("-")[:32] or "oembed"
    return Provider(
        key,
        name,
        frozenset(host.lower() for host in hosts.split()),
        tuple(host.lower() for host in frame_hosts.split()),
        endpoint,
        _any_page,
        None,
    )


@lru_cache(maxsize=8)
def providers_for(enabled: tuple[str, ...], extra: tuple[str, ...]) -> tuple[Provider, ...]:
    unknown = [key for key in enabled if key not in BUILT_IN]
    if unknown:
        raise ValueError(
            f"EMBED_PROVIDERS: unknown provider(s) {', '.join(unknown)} "
            f"(known: {', '.join(BUILT_IN)})"
        )
    return tuple(BUILT_IN[key] for key in enabled) + tuple(parse_extra(entry) for entry in extra)


def frame_sources(enabled, extra) -> list[str]:
    """The CSP frame-src of these providers: their players' hosts and nothing else."""
    hosts = [
        host
        for provider in providers_for(tuple(enabled), tuple(extra))
        for host in provider.frame_hosts
    ]
    return [f"https://{host}" for host in dict.fromkeys(hosts)] or ["'none'"]


def enabled() -> tuple[Provider, ...]:
    """The providers the settings enable, in their order."""
    from django.conf import settings

    return providers_for(tuple(settings.EMBED_PROVIDERS), tuple(settings.EMBED_OEMBED_PROVIDERS))


def by_key(key: str) -> Provider | None:
    return enabled_by_key().get(key)


def enabled_by_key() -> dict[str, Provider]:
    """The enabled providers by key, the first of a key winning (a page with several
    embeds looks them up once: bench/rich.py)."""
    from django.conf import settings

    return _keyed(tuple(settings.EMBED_PROVIDERS), tuple(settings.EMBED_OEMBED_PROVIDERS))


@lru_cache(maxsize=8)
def _keyed(enabled: tuple[str, ...], extra: tuple[str, ...]) -> dict[str, Provider]:
    keyed: dict[str, Provider] = {}
    for provider in providers_for(enabled, extra):
        keyed.setdefault(provider.key, provider)
    return keyed


def endpoint_for(provider: Provider, item: Item) -> str:
    """The oEmbed endpoint to ask about `item`: EMBED_OEMBED_ENDPOINTS may move a
    built-in provider's (to a mirror, or a test server)."""
    from django.conf import settings

    moved = dict(entry.split("=", 1) for entry in settings.EMBED_OEMBED_ENDPOINTS if "=" in entry)
    if provider.key in moved:
        return moved[provider.key].strip()
    if item.kind == VIDEO and provider.video_endpoint:
        return provider.video_endpoint
    return provider.endpoint


# --- reading a pasted link ----------------------------------------------------------------
def _refuse_unsafe(url: str):
    """The parts of `url`, or LinkRefused if it is no link to embed whatever its host."""
    if len(url) > MAX_URL_LENGTH:
        raise LinkRefused("too-long", url)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (raises on a malformed port)
    except ValueError:
        raise LinkRefused("malformed", url) from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise LinkRefused("scheme", url)
    if parts.username is not None or parts.password is not None:
        raise LinkRefused("credentials", url)
    host = (parts.hostname or "").rstrip(".")
    if not host or any(char.isspace() for char in url):
        raise LinkRefused("malformed", url)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
            raise LinkRefused("private", url) from None
    else:
        raise LinkRefused("private" if not address.is_global else "unknown", url)
    return parts


def find(url: str) -> tuple[Provider, Item]:
    """The enabled provider of `url` and the item it names; LinkRefused otherwise."""
    parts = _refuse_unsafe(url)
    host = parts.hostname.rstrip(".").lower()
    for provider in enabled():
        if host in provider.hosts:
            if parts.port not in (None, 80, 443):
                raise LinkRefused("unknown", url)
            item = provider.find(parts)
            if item is None:
                raise LinkRefused("not-an-item", url, provider.name)
            return provider, item
    raise LinkRefused("unknown", url)
