"""Sanitising stored HTML and reading paragraphs back out of it."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import nh3
from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "strong", "em", "b", "i",
    "a", "br", "figure", "figcaption", "img", "sub", "sup", "picture", "source", "span",
    "xeber-embed",  # EMBED_TAG, below
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "data-pswp-width", "data-pswp-height", "data-pswp-srcset"},
    "img": {"src", "alt", "width", "height", "srcset", "sizes"},
    "figure": {"data-gallery", "data-image"},
    "source": {"srcset", "sizes"},
}
# Xeber's own elements (galleries and our images, expanded by xeber/media/blocks.py) and
# nothing else: these classes and values only, numbers where numbers are meant, srcset
# candidates with the URLs an <img src> may have, <source> only inside <picture>.
ALLOWED_CLASSES = {"figure": {"gallery", "image"}, "span": {"credit"}}
ALLOWED_VALUES = {
    "source": {"type": {"image/webp"}},
    "img": {"loading": {"lazy"}, "decoding": {"async"}},
}
NUMBER_ATTRIBUTES = {"data-gallery", "data-image", "data-pswp-width", "data-pswp-height"}
SRCSET_ATTRIBUTES = {"srcset", "data-pswp-srcset"}
_SRCSET_CANDIDATE = re.compile(r"(?:/(?![/\\])|https?://)[^\s,\\]+(?:\s+\d+(?:w|(?:\.\d+)?x))?")
_SIZES = re.compile(r"[\w\s().,:%-]{1,200}")
_PICTURE_OR_SOURCE = re.compile(r"<picture>.*?</picture>|<source\b[^>]*>", re.DOTALL)
BLOCK_TAGS = {"p", "h2", "h3", "h4", "li", "blockquote", "figcaption"}
# Xeber's embed element (xeber/embeds/markup.py), the only embed a body may carry: no
# provider's iframe or script is ever stored. It keeps these attributes, each only with a
# value of its pattern: addresses on http(s), pictures among our own media.
EMBED_TAG = "xeber-embed"
_WEB_ADDRESS = r"[^\s\"'<>`\\]{1,2000}"
EMBED_VALUES = {
    "data-embed": re.compile(r"\d{1,12}"),
    "data-provider": re.compile(r"[a-z0-9][a-z0-9-]{0,31}"),
    "data-kind": re.compile(r"video|post"),
    "data-url": re.compile(rf"https?://{_WEB_ADDRESS}", re.IGNORECASE),
    "data-player": re.compile(rf"https://{_WEB_ADDRESS}"),
    "data-title": re.compile(r".{0,300}", re.DOTALL),
    "data-thumbnail": re.compile(r"[A-Za-z0-9/._:%-]{1,500}"),
    "data-thumbnail-webp": re.compile(r"[A-Za-z0-9/._:%-]{1,500}"),
    "data-width": re.compile(r"\d{1,5}"),
    "data-height": re.compile(r"\d{1,5}"),
}
ALLOWED_ATTRIBUTES[EMBED_TAG] = set(EMBED_VALUES)


def embed_value_allowed(name: str, value: str) -> bool:
    pattern = EMBED_VALUES.get(name)
    if pattern is None or not pattern.fullmatch(value):
        return False
    if name.startswith("data-thumbnail"):  # our own media only, never another host
        local = value.removeprefix(settings.MEDIA_URL)
        return local != value and ".." not in local and "//" not in local and ":" not in local
    return True


def sanitize_html(raw: str) -> str:
    """Keep the markup of a news body; drop scripts, handlers and dangerous URLs."""
    clean = nh3.clean(
        raw,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        tag_attribute_values=ALLOWED_VALUES,
        attribute_filter=_attribute_value,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    if "<source" in clean:  # a <source> means something inside <picture> only
        clean = _PICTURE_OR_SOURCE.sub(_source_in_picture, clean)
    return clean


def _attribute_value(tag: str, name: str, value: str) -> str | None:
    if tag == EMBED_TAG:
        return value if embed_value_allowed(name, value) else None
    if name == "class":  # our classes only, and no empty class="" left behind
        allowed = ALLOWED_CLASSES.get(tag, set())
        return " ".join(dict.fromkeys(c for c in value.split() if c in allowed)) or None
    if name in NUMBER_ATTRIBUTES:
        return value if value.isascii() and value.isdigit() else None
    if name in SRCSET_ATTRIBUTES:
        candidates = [candidate.strip() for candidate in value.split(",")]
        return value if all(_SRCSET_CANDIDATE.fullmatch(c) for c in candidates) else None
    if name == "sizes":
        return value if _SIZES.fullmatch(value) else None
    return value


def _source_in_picture(match: re.Match) -> str:
    return match.group(0) if match.group(0).startswith("<picture") else ""


def paragraphs_to_html(paragraphs: list[str]) -> str:
    return "".join(f"<p>{html.escape(text, quote=False)}</p>" for text in paragraphs)


class _BlockText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._current: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in BLOCK_TAGS:
            if self._depth == 0:
                self._current = []
            self._depth += 1
        elif tag == "br" and self._current is not None:
            self._current.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in BLOCK_TAGS and self._depth:
            self._depth -= 1
            if self._depth == 0 and self._current is not None:
                self.blocks.append("".join(self._current).replace("\n", " "))
                self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is not None:
            self._current.append(data)


def html_to_paragraphs(body: str) -> list[str]:
    """The text of each block of a body, exactly as written (no whitespace cleaning)."""
    parser = _BlockText()
    parser.feed(body)
    parser.close()
    return [block for block in parser.blocks if block.strip()]


def plain_text(body: str) -> str:
    """A body's text on one line, its whitespace made single spaces (feeds, structured
    data, titles made from a text)."""
    return " ".join(" ".join(html_to_paragraphs(body)).split())


def format_markup(template: str, *args) -> SafeString:
    """Django's format_html, at less than half its cost where pages call it dozens of times
    (teasers, meta tags): the same escaping, without its checks for lazy strings on every
    argument (a lazy string is still turned into text and escaped here)."""
    return mark_safe(template.format(*(_escaped(value) for value in args)))


def _escaped(value) -> str:
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))
