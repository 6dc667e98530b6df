"""WordPress post content to clean news HTML: paragraphs, captions, no shortcodes.

What WordPress shows as an embed (an embed block, `[embed]`, Jetpack's `[youtube]`, an
address alone on its line, which WordPress embeds by itself) becomes a paragraph holding
only the address: the save service makes it Xeber's embed. A gallery (`[gallery]`, a
gallery block) is handed to the importer, which says what takes its place.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

_CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.S | re.I)
_ENCLOSING = re.compile(r"\[(\w+)[^\]]*\](.*?)\[/\1\]", re.S)
_SHORTCODE = re.compile(r"\[/?\w+[^\]]*\]")
_BLOCK = re.compile(r"^\s*<(p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr)[\s>/]", re.I)
_IMG = re.compile(r"(<img[^>]*>)", re.I)
_TAGS = re.compile(r"<[^>]+>")

# Block editor markup: blocks are delimited by comments, their attributes JSON (in which
# WordPress escapes "--", "<" and ">", so the first "-->" ends the comment).
_EMBED_BLOCK = re.compile(
    r"<!--\s+wp:(?:core/)?(embed|core-embed/[a-z0-9-]+)(\s+\{.*?\})?\s+-->(.*?)"
    r"<!--\s+/wp:(?:core/)?\1\s+-->",
    re.S,
)
_GALLERY_BLOCK = re.compile(
    r"<!--\s+wp:(?:core/)?gallery(\s+\{.*?\})?\s+-->(.*?)<!--\s+/wp:(?:core/)?gallery\s+-->",
    re.S,
)
_IMAGE_BLOCK = re.compile(r"<!--\s+wp:(?:core/)?image(\s+\{.*?\})?\s+/?-->", re.S)
_IMAGE_ID = re.compile(r'\bdata-id="(\d+)"|\bwp-image-(\d+)\b')
_DELIMITER = re.compile(r"<!--\s+/?wp:.*?-->", re.S)
_FIGCAPTION = re.compile(r"<figcaption[^>]*>(.*?)</figcaption>", re.S | re.I)

_GALLERY_CODE = re.compile(r"\[gallery\b([^\]]*)\]", re.I)
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"']+))""")
_EMBED_CODE = re.compile(r"\[embed\b[^\]]*\](.*?)\[/embed\]", re.S | re.I)
# Jetpack: [youtube https://...], [youtube=https://...], [youtube]https://...[/youtube]
_YOUTUBE_CODE = re.compile(r"\[youtube(?:[\s=]+([^\]\s]+)[^\]]*\]|\]([^\[]*)\[/youtube\])", re.I)
# What WordPress embeds by itself: an address alone on its line or in its paragraph.
_ADDRESS_LINE = re.compile(r'^[ \t]*(https?://[^\s<>"\[\]]+)[ \t]*$', re.M | re.I)
_ADDRESS_PARAGRAPH = re.compile(r'<p(?:\s[^>]*)?>\s*(https?://[^\s<>"]+)\s*</p>', re.I)
_ADDRESS = re.compile(r'https?://[^\s<>"]+', re.I)
# A gallery's place while the rest is converted: characters no post contains.
_MARK = re.compile(r"(?:<p>)?\ue000(\d+)\ue000(?:</p>)?")


@dataclass(frozen=True)
class GalleryCode:
    """A WordPress gallery: its attachments by id, in order; naming none, it shows the
    attachments of a post (`parent`; None: the post it is in)."""

    ids: tuple[int, ...] = ()
    parent: int | None = None


def _caption(match: re.Match) -> str:
    inner = match.group(1)
    image = _IMG.search(inner)
    text = _TAGS.sub("", _IMG.sub("", inner)).strip()
    if not image:
        return text
    return f"<figure>{image.group(1)}<figcaption>{html.escape(text)}</figcaption></figure>"


def strip_shortcodes(text: str) -> str:
    text = _CAPTION.sub(_caption, text)
    # Enclosing shortcodes keep their content ([pullquote]…[/pullquote]); others vanish.
    previous = None
    while previous != text:
        previous, text = text, _ENCLOSING.sub(lambda m: m.group(2), text)
    return _SHORTCODE.sub("", text)


def autop(text: str) -> str:
    """WordPress's paragraphs: blank lines separate them, a single newline is a <br>."""
    text = text.replace("\r\n", "\n").replace("<!--more-->", "")
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text) if block.strip()]
    out = []
    for block in blocks:
        if _BLOCK.match(block):
            out.append(block)
        else:
            out.append("<p>" + block.replace("\n", "<br>") + "</p>")
    return "".join(out)


def _attributes(raw: str | None) -> dict:
    try:
        value = json.loads(raw) if raw else {}
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _alone(address: str) -> str | None:
    """An address as a paragraph of its own (escaped once, however it came), or None if
    it is not a web address."""
    address = html.unescape(address).strip().strip("\"'")
    if not _ADDRESS.fullmatch(address):
        return None
    return f"\n\n{html.escape(address, quote=False)}\n\n"


def _embed_block(match: re.Match) -> str:
    inner = match.group(3)
    address = _attributes(match.group(2)).get("url") or _TAGS.sub("", _FIGCAPTION.sub("", inner))
    paragraph = _alone(address) if isinstance(address, str) else None
    if paragraph is None:
        return inner
    caption = _FIGCAPTION.search(inner)  # an editor's words under the embed stay, below it
    text = _TAGS.sub("", caption.group(1)).strip() if caption else ""
    return paragraph + (f"{text}\n\n" if text else "")


def _gallery_block(match: re.Match) -> str:
    """A gallery block as the shortcode it means, with its pictures' ids (listed in its
    attributes before WordPress 5.9, in its image blocks since, in its markup in between)."""
    inner = match.group(2)
    listed = _attributes(match.group(1)).get("ids")
    ids = [str(i) for i in listed if str(i).isdecimal()] if isinstance(listed, list) else []
    if not ids:
        ids = [str(_attributes(raw).get("id", "")) for raw in _IMAGE_BLOCK.findall(inner)]
        ids = [i for i in ids if i.isdecimal()]
    if not ids:
        ids = [a or b for a, b in _IMAGE_ID.findall(inner)]
    if not ids:
        return inner  # pictures from elsewhere, by address: kept as they are
    return f'\n\n[gallery ids="{",".join(dict.fromkeys(ids))}"]\n\n'


def _blocks(text: str) -> str:
    """Embed and gallery blocks as what they mean; the other blocks' delimiters go, so that
    their markup (already in paragraphs) is taken as it is, as WordPress takes it."""
    text = _EMBED_BLOCK.sub(_embed_block, text)
    text = _GALLERY_BLOCK.sub(_gallery_block, text)
    return _DELIMITER.sub("", text)


def _gallery_code(attributes: str) -> GalleryCode:
    values = {
        name.lower(): next(v for v in quoted if v)
        for name, *quoted in _ATTRIBUTE.findall(attributes)
        if any(quoted)
    }
    ids = values.get("ids") or values.get("include") or ""
    parent = values.get("id", "")
    return GalleryCode(
        tuple(int(i) for i in re.findall(r"\d+", ids)), int(parent) if parent.isdecimal() else None
    )


def _embed_codes(text: str) -> str:
    def alone(match: re.Match) -> str:
        address = next(group for group in match.groups() if group is not None)
        return _alone(address) or ""

    return _YOUTUBE_CODE.sub(alone, _EMBED_CODE.sub(alone, text))


def _normalised(content: str) -> str:
    return content.replace("\r\n", "\n").replace("\ue000", "")  # no mark of ours in it


def to_body(content: str, *, gallery: Callable[[GalleryCode], str] | None = None) -> str:
    """A post's content as a news body. `gallery` gives the HTML that takes each gallery's
    place, in their order ("" drops it, as without `gallery`)."""
    codes: list[GalleryCode] = []

    def mark(match: re.Match) -> str:
        codes.append(_gallery_code(match.group(1)))
        return f"\n\n\ue000{len(codes) - 1}\ue000\n\n"

    text = _embed_codes(_GALLERY_CODE.sub(mark, _blocks(_normalised(content))))
    for by_itself in (_ADDRESS_LINE, _ADDRESS_PARAGRAPH):
        text = by_itself.sub(lambda m: _alone(m.group(1)) or m.group(0), text)
    body = autop(strip_shortcodes(text))
    return _MARK.sub(lambda m: gallery(codes[int(m.group(1))]) if gallery else "", body)


def plain(text: str) -> str:
    return html.unescape(_TAGS.sub("", strip_shortcodes(text))).strip()
