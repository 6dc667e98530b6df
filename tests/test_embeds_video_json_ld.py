"""Each video embedded in a story is a schema.org VideoObject with what Google requires of
one: a name, a picture, an upload date, and where to play it."""

import json
import re

import pytest

from tests.embed_providers import (
    VIMEO,
    X_POST,
    YOUTUBE,
    answer,
    paragraphs,
    provider_server,
    save_article,
    three_embeds_article,
)
from tests.factories import article_edit
from tests.galleries import make_image

pytestmark = pytest.mark.django_db


def _videos(client, article) -> list[dict]:
    html = client.get(article.get_absolute_url()).content.decode()
    graphs = map(
        json.loads, re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    )
    news = next(item for item in graphs if item["@type"] == "NewsArticle")
    return news.get("video", [])


def test_each_video_has_a_name_a_picture_an_upload_date_and_a_player(client, settings):
    with three_embeds_article(settings) as article:
        youtube, vimeo = _videos(client, article)
    assert youtube == {
        "@type": "VideoObject",
        "name": "Baku at night",
        "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "embedUrl": "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        "thumbnailUrl": [youtube["thumbnailUrl"][0]],
        # oEmbed tells no upload date: the story's publication, when readers here saw it.
        "uploadDate": article.published_at.isoformat(),
    }
    assert youtube["thumbnailUrl"][0].startswith("http://testserver/media/")
    assert vimeo["name"] == "Caspian" and vimeo["uploadDate"] == article.published_at.isoformat()
    assert vimeo["embedUrl"].startswith("https://player.vimeo.com/video/76979871")


def test_a_video_without_a_picture_takes_the_cover_or_is_left_out(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    with provider_server(settings) as server:
        answer(server, YOUTUBE, title="Без картинки", thumbnail="")
        answer(server, VIMEO, title="Каспий", thumbnail="/thumbs/caspian.png")
        answer(server, X_POST, title="", thumbnail="", type="rich")
        bare = save_article(paragraphs(YOUTUBE, VIMEO, X_POST), title="Bare")
        cover = make_image("Набережная", width=1200, height=800)
        covered = article_edit(save_article(paragraphs(YOUTUBE), title="Covered"), cover=cover)

    assert [video["name"] for video in _videos(client, bare)] == ["Каспий"]
    [video] = _videos(client, covered)
    assert video["thumbnailUrl"] == [f"http://testserver{cover.fallback_url}"]
    assert video["uploadDate"] == covered.published_at.isoformat()
