"""WordPress post content to clean news HTML: paragraphs, captions, no shortcodes."""

from __future__ import annotations

import html
import re

_CAPTION = re.compile(r"\[caption[^\]]*\](.*?)\[/caption\]", re.S | re.I)
_ENCLOSING = re.compile(r"\[(\w+)[^\]]*\](.*?)\[/\1\]", re.S)
_SHORTCODE = re.compile(r"\[/?\w+[^\]]*\]")
_BLOCK = re.compile(r"^\s*<(p|div|h[1-6]|ul|ol|li|blockquote|pre|table|figure|hr)[\s>/]", re.I)
_IMG = re.compile(r"(<img[^>]*>)", re.I)
_TAGS = re.compile(r"<[^>]+>")


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


def to_body(content: str) -> str:
    return autop(strip_shortcodes(content))


def plain(text: str) -> str:
    return html.unescape(_TAGS.sub("", strip_shortcodes(text))).strip()
