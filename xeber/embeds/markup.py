"""Xeber's own embed element in a stored body, and what each reader of a body makes of it.

A body carries each embed as

    <xeber-embed data-embed="7" data-provider="youtube" data-kind="video"
      data-url="https://www.youtube.com/watch?v=..." data-title="..." data-player="https://..."
      data-thumbnail="/media/....jpg" data-thumbnail-webp="/media/....webp"
      data-width="800" data-height="450"><p>the link as the editor wrote it</p></xeber-embed>

written at save time from the Embed row (services.py), so that a page shows it without
another query. The sanitiser (xeber/core/html.py) keeps only this element and these
attributes, each checked; everything here checks them again before use, since a body may
have been written by other hands than the save service's.

The paragraph inside is the link as written: what the plain-text rendition, search and
the diff of revisions read, what the rich-text editor shows (it knows no such element and
keeps the paragraph), and what a save turns back into the embed.

Readers' pages keep what they read: a checked element by its text, a facade by its
element, provider and language, and the elements of the body a request holds, read once
for its JSON-LD and its text. Each is a function of its key alone, so none is ever stale.
With them an article with three embeds and a gallery renders uncached 0.2 to 0.3 ms slower
than a plain one, against 0.9 to 1.2 ms before (bench/rich.py, bench/RESULTS.md).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from xeber.core.html import EMBED_TAG, embed_value_allowed, format_markup
from xeber.embeds import providers
from xeber.embeds.providers import VIDEO

_ELEMENT = re.compile(r'<xeber-embed((?:\s+[a-z-]+="[^"]*")*)\s*>(.*?)</xeber-embed>', re.DOTALL)
_OPENING = f"<{EMBED_TAG}"
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
_escape = html.escape
# The rendition a facade shows: the widest at most this wide.
FACADE_WIDTH = 800


@dataclass(frozen=True)
class Block:
    """One embed of a body, as its element says (every value checked)."""

    id: int
    provider: str
    kind: str
    url: str
    title: str
    player: str
    thumbnail: str
    thumbnail_webp: str
    width: int
    height: int

    @property
    def provider_name(self) -> str:
        return self.name_with(providers.by_key(self.provider))

    @property
    def label(self) -> str:
        """The title, or the address without its scheme when the provider gave none."""
        return self.title or self.url.split("://", 1)[-1]

    def playable_player(self) -> str:
        """The player's address, if its provider is enabled and it is one of its players."""
        return self.player_with(providers.by_key(self.provider))

    # A page asks both of one provider, looked up once (`providers.by_key`, or None).
    def name_with(self, enabled: providers.Provider | None) -> str:
        provider = enabled or providers.BUILT_IN.get(self.provider)
        return provider.name if provider else urlsplit(self.url).hostname or ""

    def player_with(self, enabled: providers.Provider | None) -> str:
        if not enabled or not self.player:
            return ""
        return self.player if urlsplit(self.player).hostname in enabled.frame_hosts else ""


# --- writing the element (save time) ------------------------------------------------------
def element(embed, written: str) -> str:
    """The stored element for an Embed row around `written`, the editor's paragraph."""
    values = [
        ("data-embed", embed.pk),
        ("data-provider", embed.provider),
        ("data-kind", embed.kind),
        ("data-url", embed.url),
        ("data-title", embed.title),
        ("data-player", embed.player_url),
    ]
    values += _thumbnail_values(embed.thumbnail)
    attributes = "".join(
        f' {name}="{html.escape(str(value))}"' for name, value in values if value not in ("", None)
    )
    return f"<{EMBED_TAG}{attributes}>{written}</{EMBED_TAG}>"


def _thumbnail_values(image) -> list[tuple[str, object]]:
    if image is None or not image.variants or not image.width:
        return []
    chosen = {}
    for fmt in ("jpeg", "webp"):
        widths = sorted(
            (variant for variant in image.variants if variant["format"] == fmt),
            key=lambda variant: variant["width"],
        )
        fitting = [variant for variant in widths if variant["width"] <= FACADE_WIDTH]
        if widths:
            chosen[fmt] = (fitting or widths)[-1]
    if "jpeg" not in chosen:
        return []
    width = chosen["jpeg"]["width"]
    values = [("data-thumbnail", default_storage.url(chosen["jpeg"]["name"]))]
    if "webp" in chosen:
        values.append(("data-thumbnail-webp", default_storage.url(chosen["webp"]["name"])))
    height = round(image.height * width / image.width)
    return [*values, ("data-width", width), ("data-height", height)]


# --- reading elements -------------------------------------------------------------------
def has_embeds(body: str) -> bool:
    return f"<{EMBED_TAG}" in body


def _attributes(raw: str) -> dict[str, str]:
    values = {}
    for name, value in _ATTRIBUTE.findall(raw):
        if "&" in value:
            value = html.unescape(value)
        if embed_value_allowed(name, value):
            values[name] = value
    return values


def _number(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 0


def block_of(raw_attributes: str) -> Block | None:
    values = _attributes(raw_attributes)
    if "data-url" not in values:
        return None
    return Block(
        id=_number(values.get("data-embed")),
        provider=values.get("data-provider", ""),
        kind=values.get("data-kind", "post"),
        url=values["data-url"],
        title=values.get("data-title", ""),
        player=values.get("data-player", ""),
        thumbnail=values.get("data-thumbnail", ""),
        thumbnail_webp=values.get("data-thumbnail-webp", ""),
        width=_number(values.get("data-width")),
        height=_number(values.get("data-height")),
    )


def blocks(body: str) -> list[Block]:
    """Every embed of a body, in order."""
    if not has_embeds(body):
        return []
    return [block for _match, block in _parsed(body) if block is not None]


def elements(body: str):
    """(match, block) for each embed element of a body (block None for a broken one)."""
    for match in _ELEMENT.finditer(body):
        yield match, block_of(match.group(1))


def _element_matches(body: str):
    """_ELEMENT.finditer's matches, found by str.find: several times faster over the long
    text between embeds."""
    start = body.find(_OPENING)
    while start != -1:
        match = _ELEMENT.match(body, start)
        start = body.find(_OPENING, match.end() if match else start + 1)
        if match:
            yield match


# The body a request holds is read twice (JSON-LD, text): the second read takes the
# first one's elements, by the identity of the string. Checking an element's values was
# the dearer half of an embed's cost; the result depends on its text and MEDIA_URL alone.
_last_read: tuple[str | None, str, list] = (None, "", [])


def _parsed(body: str) -> list[tuple[re.Match, Block | None]]:
    global _last_read
    media_url = settings.MEDIA_URL
    last_body, last_media_url, found = _last_read
    if last_body is not body or last_media_url != media_url:
        found = [(m, _block_in(m.group(1), media_url)) for m in _element_matches(body)]
        _last_read = (body, media_url, found)
    return found


@lru_cache(maxsize=2048)
def _block_in(raw_attributes: str, media_url: str) -> Block | None:
    return block_of(raw_attributes)


def forget() -> None:
    """Drop the elements and facades kept, as a process that has shown no story yet
    (bench/rich.py's first renders)."""
    global _last_read
    _last_read = (None, "", [])
    _block_in.cache_clear()
    facade.cache_clear()


# --- readers' pages: the click-to-load facade -------------------------------------------------
def render_body(body: str) -> SafeString:
    """The stored body with each embed as a facade: Xeber's picture, the title, the
    provider's name and a button; the player loads only when the reader presses it
    (static/embeds/facade.js). Without script the button is a link to the provider."""
    if not has_embeds(body):
        return mark_safe(body)
    enabled, language = providers.enabled_by_key(), translation.get_language()
    pieces, last = [], 0
    for match, block in _parsed(body):
        shown = facade(block, enabled.get(block.provider), language) if block else match.group(2)
        pieces += [body[last : match.start()], shown]
        last = match.end()
    pieces.append(body[last:])
    return mark_safe("".join(pieces))


@dataclass(frozen=True)
class _Words:
    """What a facade says, in one language for one provider."""

    play: str
    show: str
    open: str
    note: str


@lru_cache(maxsize=64)
def _words(language: str | None, name: str) -> _Words:
    """Translated once per language and provider: gettext costs more than the rest of a
    facade (bench/rich.py)."""
    with translation.override(language):
        return _Words(
            play=_("Play video"),
            show=_("Show post"),
            open=_("Open on %(provider)s") % {"provider": name},
            note=_("Nothing loads from %(provider)s until you ask.") % {"provider": name},
        )


@lru_cache(maxsize=2048)
def facade(block: Block, provider: providers.Provider | None, language: str | None) -> str:
    """One embed's facade in `language`, `provider` the enabled one of its key (or None).
    Kept, as it depends on these alone: a page shows the same ones on every render."""
    name, player = block.name_with(provider), block.player_with(provider)
    words = _words(language, name)
    action = (words.play if block.kind == VIDEO else words.show) if player else words.open
    label = _escape(block.label)
    picture = load = size = ""
    if block.width and block.height:
        size = f' width="{block.width}" height="{block.height}"'
    if block.thumbnail:
        source = _escape(block.thumbnail_webp or block.thumbnail)
        picture = f'<img src="{source}" alt=""{size} loading="lazy" decoding="async">'
    if player:
        load = f' data-player="{_escape(player)}" data-title="{label}"'
    name, action, kind = _escape(name), _escape(action), _escape(block.kind)
    return (
        f'<figure class="embed embed-{kind}" data-provider="{_escape(block.provider)}">'
        f'<a class="embed-load" href="{_escape(block.url)}" aria-label="{action}: {label} ({name})"'
        f'{load}>{picture}<span class="embed-action">{action}</span></a>'
        f'<figcaption><span class="embed-provider">{name}</span> <span class="embed-title">{label}'
        f'</span> <span class="embed-note">{_escape(words.note)}</span></figcaption></figure>'
    )


# --- feeds, structured data, the API ----------------------------------------------------------
def feed_body(body: str, base: str) -> str:
    """A body for feed readers: each embed a link with Xeber's picture (absolute)."""
    if not has_embeds(body):
        return body

    def replace(match: re.Match) -> str:
        block = block_of(match.group(1))
        if block is None:
            return match.group(2)
        link = format_markup(
            '<a href="{}">{}</a> ({})', block.url, block.label, block.provider_name
        )
        if not block.thumbnail:
            return f"<p>{link}</p>"
        image = format_markup(
            '<a href="{}"><img src="{}" alt="{}"></a>',
            block.url,
            urljoin(base, block.thumbnail),
            block.label,
        )
        return f"<figure>{image}<figcaption>{link}</figcaption></figure>"

    return _ELEMENT.sub(replace, body)


def _absolute(base: str, path: str) -> str:
    """urljoin(base, path) for a site root and our media's path, at a fraction of its cost
    (an article page joins one for each video)."""
    if path.startswith("/") and not path.startswith("//"):
        return base + path
    return urljoin(base, path)


def first_thumbnail(body: str) -> str:
    """The picture of a body's first embed that has one (a feed item's enclosure)."""
    return next((block.thumbnail for block in blocks(body) if block.thumbnail), "")


def video_objects(body: str, base: str) -> list[dict]:
    """schema.org VideoObjects for the videos embedded in a body."""
    videos, enabled = [], providers.enabled_by_key()
    for block in blocks(body):
        if block.kind != VIDEO:
            continue
        video = {"@type": "VideoObject", "name": block.label, "url": block.url}
        if player := block.player_with(enabled.get(block.provider)):
            video["embedUrl"] = player
        if block.thumbnail:
            video["thumbnailUrl"] = [_absolute(base, block.thumbnail)]
        videos.append(video)
    return videos


def api_blocks(body: str, absolute) -> list[dict]:
    """The embeds of a body as structured blocks; `absolute` makes a path a full URL."""
    return [
        {
            "id": block.id or None,
            "provider": block.provider,
            "provider_name": block.provider_name,
            "kind": block.kind,
            "url": block.url,
            "title": block.title,
            "player_url": block.playable_player() or None,
            "thumbnail": {
                "url": absolute(block.thumbnail),
                "webp_url": absolute(block.thumbnail_webp) if block.thumbnail_webp else None,
                "width": block.width,
                "height": block.height,
            }
            if block.thumbnail
            else None,
        }
        for block in blocks(body)
    ]


def links_for_editor(body: str) -> str:
    """The body with each embed as the paragraph the editor wrote (the rich-text editor
    knows no embed element); saving makes it the embed again, from its row."""
    if not has_embeds(body):
        return body
    return _ELEMENT.sub(_as_written, body)


def _as_written(match: re.Match) -> str:
    """An element's paragraph; for one written without any (by other hands than the save
    service's), its address, as the save reads it: opening and saving loses no embed."""
    if match.group(2).strip():
        return match.group(2)
    block = block_of(match.group(1))
    return f"<p>{html.escape(block.url, quote=False)}</p>" if block else ""
