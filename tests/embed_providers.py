"""Embed providers played by a real HTTP server on 127.0.0.1: oEmbed answers (and their
failures) as the providers give them, and the pictures they point at."""

from __future__ import annotations

import io
import itertools
import json
from contextlib import contextmanager
from urllib.parse import urlsplit

from PIL import Image as PillowImage

from tests.factories import make_section
from tests.loopback import LoopbackServer, Route
from xeber.editorial.services import article_create
from xeber.embeds import oembed, providers
from xeber.news.models import Article

YOUTUBE = "https://youtu.be/dQw4w9WgXcQ"
VIMEO = "https://vimeo.com/76979871"
X_POST = "https://x.com/newsroom/status/1790000000000000001"
TELEGRAM = "https://t.me/xebernews/1234"
_sections = itertools.count(1)


def picture(width=640, height=360, fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), (200, 40, 40)).save(buffer, fmt)
    return buffer.getvalue()


@contextmanager
def provider_server(settings):
    """Every built-in provider's oEmbed endpoint moved to one loopback server."""
    with LoopbackServer() as server:
        settings.EMBED_OEMBED_ENDPOINTS = [
            f"{key}={server.url}/{key}/oembed" for key in providers.BUILT_IN
        ]
        settings.EMBED_META_ACCESS_TOKEN = ""
        settings.FETCH_ALLOW_PRIVATE_ADDRESSES = True
        settings.FETCH_READ_TIMEOUT = 0.5
        yield server


def oembed_path(url: str) -> str:
    """The path and query the provider of `url` is asked at (as Xeber asks it)."""
    provider, item = providers.find(url)
    target = urlsplit(oembed.request_url(provider, item))
    return f"{target.path}?{target.query}"


def answer(server, url: str, *, title="A clip", thumbnail="/thumbs/clip.png", **extra) -> None:
    """The provider of `url` describes it (and serves its picture, a real PNG)."""
    data = {"version": "1.0", "type": "video", "title": title, "author_name": "Newsroom"}
    if thumbnail:
        data["thumbnail_url"] = server.url + thumbnail
        server.routes[thumbnail] = Route(picture(), content_type="image/png")
    data.update(extra)
    server.routes[oembed_path(url)] = Route(json.dumps(data).encode(), 200, "application/json")


def fail(server, url: str, route: Route) -> None:
    server.routes[oembed_path(url)] = route


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


def save_article(body: str, *, title="Embeds", section=None, user=None) -> Article:
    """A published article saved through the save service, as every writer saves one."""
    section = section or make_section("en", "World", f"world-{next(_sections)}")
    data = {"edition": section.edition, "title": title, "lead": "Lead.", "body": body,
            "section": section}  # fmt: skip
    return article_create(user=user, data=data, status=Article.Status.PUBLISHED)


@contextmanager
def three_embeds_article(settings):
    """A published article with a YouTube video, a Vimeo video and an X post, their
    providers answering on loopback."""
    with provider_server(settings) as server:
        answer(server, YOUTUBE, title="Baku at night")
        answer(server, VIMEO, title="Caspian", thumbnail="/thumbs/caspian.png")
        x_html = '<blockquote><p lang="en">Polls close at eight.</p></blockquote>'
        answer(server, X_POST, title="", thumbnail="", type="rich", html=x_html)
        body = paragraphs("First.", YOUTUBE, "Second.", VIMEO, X_POST, "Last.")
        yield save_article(body, title="Three embeds")
