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
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.core.files.storage import default_storage
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from xeber.core.html import EMBED_TAG, embed_value_allowed, format_markup
from xeber.embeds import providers
from xeber.embeds.providers import VIDEO

_ELEMENT = re.compile(r'<xeber-embed((?:\s+[a-z-]+="[^"]*")*)\s*>(.*?)</xeber-embed>', re.DOTALL)
_ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
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
        provider = providers.BUILT_IN.get(self.provider) or providers.by_key(self.provider)
        return provider.name if provider else urlsplit(self.url).hostname or ""

    @property
    def label(self) -> str:
        """The title, or the address without its scheme when the provider gave none."""
        return self.title or self.url.split("://", 1)[-1]

    def playable_player(self) -> str:
        """The player's address, if its provider is enabled and it is one of its players."""
        provider = providers.by_key(self.provider)
        if not provider or not self.player:
            return ""
        return self.player if urlsplit(self.player).hostname in provider.frame_hosts else ""


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
    found = (block_of(match.group(1)) for match in _ELEMENT.finditer(body))
    return [block for block in found if block is not None]


def elements(body: str):
    """(match, block) for each embed element of a body (block None for a broken one)."""
    for match in _ELEMENT.finditer(body):
        yield match, block_of(match.group(1))


# --- readers' pages: the click-to-load facade -------------------------------------------------
def render_body(body: str) -> SafeString:
    """The stored body with each embed as a facade: Xeber's picture, the title, the
    provider's name and a button; the player loads only when the reader presses it
    (static/embeds/facade.js). Without script the button is a link to the provider."""
    if not has_embeds(body):
        return mark_safe(body)
    return mark_safe(_ELEMENT.sub(_facade_for, body))


def _facade_for(match: re.Match) -> str:
    block = block_of(match.group(1))
    return facade(block) if block else match.group(2)


def facade(block: Block) -> str:
    name = block.provider_name
    player = block.playable_player()
    if player:
        action = _("Play video") if block.kind == VIDEO else _("Show post")
    else:
        action = _("Open on %(provider)s") % {"provider": name}
    picture = ""
    if block.thumbnail:
        size = format_markup(' width="{}" height="{}"', block.width, block.height)
        picture = format_markup(
            '<img src="{}" alt=""{} loading="lazy" decoding="async">',
            block.thumbnail_webp or block.thumbnail,
            size if block.width and block.height else "",
        )
    label = f"{action}: {block.label} ({name})"
    load = format_markup(' data-player="{}" data-title="{}"', player, block.label) if player else ""
    note = _("Nothing loads from %(provider)s until you ask.") % {"provider": name}
    return format_markup(
        '<figure class="embed embed-{}" data-provider="{}">'
        '<a class="embed-load" href="{}" aria-label="{}"{}>{}'
        '<span class="embed-action">{}</span></a>'
        '<figcaption><span class="embed-provider">{}</span> <span class="embed-title">{}</span>'
        ' <span class="embed-note">{}</span></figcaption></figure>',
        block.kind,
        block.provider,
        block.url,
        label,
        load,
        picture,
        action,
        name,
        block.label,
        note,
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


def first_thumbnail(body: str) -> str:
    """The picture of a body's first embed that has one (a feed item's enclosure)."""
    return next((block.thumbnail for block in blocks(body) if block.thumbnail), "")


def video_objects(body: str, base: str) -> list[dict]:
    """schema.org VideoObjects for the videos embedded in a body."""
    videos = []
    for block in blocks(body):
        if block.kind != VIDEO:
            continue
        video = {"@type": "VideoObject", "name": block.label, "url": block.url}
        if block.playable_player():
            video["embedUrl"] = block.playable_player()
        if block.thumbnail:
            video["thumbnailUrl"] = [urljoin(base, block.thumbnail)]
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
