"""Asking a provider about one item by oEmbed (https://oembed.com), through the one HTTP
client, and reading its answer into a typed record before anything is stored.

Only plain facts are kept from an answer: its type, title, author, picture address and
size. Its `html` is never stored; it is read for two things only: an X post's text (X
gives no title) and, for a provider a newsroom added, the address of its player's iframe.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from xeber.core.http import FetchError, fetch
from xeber.embeds.providers import Item, Provider, endpoint_for

MAX_ANSWER_BYTES = 512 * 1024
TYPES = {"video", "rich", "photo", "link"}


class ProviderError(Exception):
    """The provider gave no usable answer; the message says why, for the editor."""


@dataclass(frozen=True)
class Answer:
    type: str
    title: str
    author_name: str
    thumbnail_url: str
    width: int | None
    height: int | None
    html: str


def request_url(provider: Provider, item: Item) -> str:
    """The oEmbed request for `item` (tests build their routes with it too)."""
    params = {"url": item.canonical, "format": "json"}
    if provider.key == "x":
        params.update(omit_script="1", dnt="true")
    if provider.needs_token:
        params["access_token"] = settings.EMBED_META_ACCESS_TOKEN
    endpoint = endpoint_for(provider, item)
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"


def can_ask(provider: Provider) -> bool:
    """Whether the provider can be asked at all (Meta's only with an access token)."""
    return bool(provider.endpoint) and (
        not provider.needs_token or bool(settings.EMBED_META_ACCESS_TOKEN)
    )


def ask(provider: Provider, item: Item) -> Answer:
    """The provider's answer about `item`, or ProviderError."""
    try:
        response = fetch(request_url(provider, item), max_bytes=MAX_ANSWER_BYTES)
    except FetchError as error:
        raise ProviderError(reason_of(error)) from None
    return parse_answer(response.body, response.content_type)


def reason_of(error: FetchError) -> str:
    """The client's message without the address it fetched (which may carry a token)."""
    message = str(error)
    return message.split(": ", 1)[1] if ": " in message else message


def parse_answer(body: bytes, content_type: str = "") -> Answer:
    if body.lstrip()[:1] == b"<":  # a sign-in page, an error page, a captcha
        raise ProviderError(_("it answered with a web page instead of oEmbed data"))
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise ProviderError(_("its answer is not valid JSON")) from None
    if not isinstance(data, dict):
        raise ProviderError(_("its answer is not an oEmbed object"))
    kind = data.get("type") if data.get("type") in TYPES else "rich"
    thumbnail = _text(data.get("thumbnail_url"), 2000)
    if urlsplit(thumbnail).scheme not in {"http", "https"}:
        thumbnail = ""
    return Answer(
        type=kind,
        title=_text(data.get("title"), 300),
        author_name=_text(data.get("author_name"), 200),
        thumbnail_url=thumbnail,
        width=_size(data.get("width")),
        height=_size(data.get("height")),
        html=_text(data.get("html"), 100_000),
    )


def _text(value, limit: int) -> str:
    if not isinstance(value, str):
        return ""
    # No control characters: they are invalid in HTML attributes and XML feeds.
    cleaned = "".join(char if char.isprintable() else " " for char in value)
    return " ".join(cleaned.split())[:limit] if limit <= 300 else cleaned[:limit]


def _size(value) -> int | None:
    try:
        size = int(value)
    except (TypeError, ValueError):
        return None
    return size if 0 < size <= 10_000 else None


_FIRST_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.DOTALL | re.IGNORECASE)
_MARKUP = re.compile(r"<[^>]*>")


def title_of(provider: Provider, answer: Answer) -> str:
    """An item's title: the answer's, or an X post's words (X gives no title)."""
    return answer.title or (post_text(answer) if provider.key == "x" else "")


def post_text(answer: Answer) -> str:
    """An X post's words: the first paragraph of its oEmbed html, as text."""
    found = _FIRST_PARAGRAPH.search(answer.html)
    return _text(html.unescape(_MARKUP.sub(" ", found.group(1))), 300) if found else ""


class _FirstFrame(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.src = ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "iframe" and not self.src:
            self.src = dict(attrs).get("src") or ""


def player_from_html(answer: Answer, frame_hosts: tuple[str, ...]) -> str:
    """The iframe address of an oEmbed answer, if it is https on one of `frame_hosts`."""
    finder = _FirstFrame()
    finder.feed(answer.html)
    src = finder.src.strip()
    parts = urlsplit(src)
    if parts.scheme != "https" or (parts.hostname or "") not in frame_hosts:
        return ""
    if parts.username or parts.password or any(char in src for char in "\"'<> \t\n"):
        return ""
    return src[:2000]
