"""What readers, feeds, search engines, the API and the plain-text rendition get of an
article's embeds; and that the article page pays no query for them."""

import json
import re
import subprocess

import feedparser
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.embed_providers import (
    TELEGRAM,
    VIMEO,
    X_POST,
    YOUTUBE,
    paragraphs,
    provider_server,
    save_article,
    three_embeds_article,
)
from tests.factories import make_article, make_section
from xeber.embeds import providers
from xeber.embeds.markup import blocks
from xeber.news.textio import article_to_text
from xeber.syndication.textimport import import_text_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_embeds(settings):
    with three_embeds_article(settings) as article:
        yield article


def page_of(client, article) -> str:
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_readers_get_facades_with_our_pictures_and_no_provider_markup(client, three_embeds):
    html = page_of(client, three_embeds)
    body = html[html.index('<div class="body">') : html.index("</article>")]
    assert body.count('<figure class="embed ') == 3
    assert "<iframe" not in html and "<xeber-embed" not in body
    assert re.findall(r'data-player="([^"]+)"', body) == [
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1",
        "https://player.vimeo.com/video/76979871?autoplay=1&amp;dnt=1",
        "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000001&amp;dnt=true",
    ]
    images = re.findall(r'<img src="([^"]+)"', body)
    assert len(images) == 2 and all(src.startswith("/media/") for src in images)
    assert 'aria-label="Play video: Baku at night (YouTube)"' in body
    assert ">Show post</span>" in body and "Polls close at eight." in body
    assert '<script src="/static/xeber/embeds.js" defer></script>' in html
    # Every address on the page that is not a link is our own.
    for src in re.findall(r'\b(?:src|srcset|href)="(https?:[^"]+)"', html.split("<main", 1)[1]):
        assert src.startswith(("https://www.youtube.com/", "https://vimeo.com/", "https://x.com/"))


def test_a_page_without_embeds_loads_no_embed_script(client):
    article = make_article(make_section("en", "World", "world"))
    assert "embeds.js" not in page_of(client, article)


def test_the_article_page_costs_no_query_for_its_embeds(client, three_embeds, settings):
    settings.PAGE_CACHE_SECONDS = 0
    plain = make_article(three_embeds.section, title="Plain")

    def queries(article) -> int:
        page_of(client, article)  # warms the header, as in steady state
        with CaptureQueriesContext(connection) as captured:
            page_of(client, article)
        return len(captured)

    assert queries(three_embeds) == queries(plain)


def test_the_content_security_policy_frames_only_the_enabled_players(client, three_embeds):
    policy = client.get(three_embeds.get_absolute_url())["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["frame-src"].split() == [
        "https://www.youtube-nocookie.com", "https://player.vimeo.com",
        "https://platform.twitter.com", "https://www.instagram.com", "https://www.facebook.com",
        "https://www.tiktok.com", "https://t.me",
    ]  # fmt: skip
    assert directives["script-src"] == "'self'"


def test_frame_sources_follow_the_enabled_providers():
    assert providers.frame_sources(["youtube"], []) == ["https://www.youtube-nocookie.com"]
    own = "Dailymotion|https://api.dailymotion.com/oembed|www.dailymotion.com|geo.dailymotion.com"
    assert providers.frame_sources(["telegram"], [own]) == [
        "https://t.me",
        "https://geo.dailymotion.com",
    ]
    assert providers.frame_sources([], []) == ["'none'"]
    with pytest.raises(ValueError, match="unknown provider"):
        providers.frame_sources(["myspace"], [])
    with pytest.raises(ValueError, match="expected name"):
        providers.frame_sources([], ["Dailymotion|https://api.dailymotion.com/oembed"])


def test_json_ld_carries_the_videos_but_not_the_post(client, three_embeds):
    html = page_of(client, three_embeds)
    graphs = [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html)
    ]
    news = next(item for item in graphs if item["@type"] == "NewsArticle")
    assert [video["name"] for video in news["video"]] == ["Baku at night", "Caspian"]
    first = news["video"][0]
    assert first["@type"] == "VideoObject"
    assert first["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert first["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert first["thumbnailUrl"][0].startswith("http://testserver/media/")


def test_full_feeds_carry_each_link_with_our_picture(client, three_embeds):
    for url in ("/en/feed/rss/?full=1", "/en/feed/atom/?full=1"):
        feed = feedparser.parse(client.get(url).content)
        [entry] = [entry for entry in feed.entries if entry.title == "Three embeds"]
        content = entry.content[0].value
        assert '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Baku at night</a>' in content
        picture = re.search(r"<img [^>]*>", content).group()  # attributes in any order
        assert 'alt="Baku at night"' in picture
        assert re.search(r'src="http://testserver/media/[^"]+\.jpg"', picture)
        assert '<a href="https://x.com/newsroom/status/1790000000000000001">' in content
        assert "<xeber-embed" not in content and "<iframe" not in content


def test_an_item_without_a_cover_takes_its_first_embeds_picture_as_enclosure(client, three_embeds):
    feed = feedparser.parse(client.get("/en/feed/rss/").content)
    [entry] = [entry for entry in feed.entries if entry.title == "Three embeds"]
    [enclosure] = entry.enclosures
    assert enclosure.type == "image/jpeg"
    assert enclosure.href.endswith(blocks(three_embeds.body)[0].thumbnail)


def test_the_api_gives_embeds_as_structured_blocks(client, three_embeds):
    data = client.get(f"/api/v1/articles/{three_embeds.pk}/").json()
    youtube, vimeo, post = data["embeds"]
    assert youtube["provider"] == "youtube" and youtube["provider_name"] == "YouTube"
    assert youtube["kind"] == "video" and youtube["title"] == "Baku at night"
    assert youtube["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert youtube["player_url"].startswith("https://www.youtube-nocookie.com/embed/")
    assert youtube["thumbnail"]["url"].startswith("http://testserver/media/")
    assert youtube["thumbnail"]["webp_url"].endswith(".webp")
    assert vimeo["provider"] == "vimeo"
    assert (post["provider"], post["kind"], post["thumbnail"]) == ("x", "post", None)


def test_the_plain_text_carries_each_link_as_a_paragraph_and_imports_back(
    three_embeds, tmp_path, settings
):
    text = article_to_text(three_embeds)
    assert f"\n\nFirst.\n\n{YOUTUBE}\n\nSecond.\n\n{VIMEO}\n\n{X_POST}\n\nLast.\n\n" in text
    path = tmp_path / "embeds.txt"
    path.write_text(text.replace("Three embeds", "Three embeds again"), encoding="utf-8")
    imported = import_text_file(path).article
    assert [block.url for block in blocks(imported.body)] == [
        block.url for block in blocks(three_embeds.body)
    ]
    assert article_to_text(imported) == text.replace("Three embeds", "Three embeds again")


def test_a_telegram_post_is_a_facade_too(client, settings):
    with provider_server(settings):
        article = save_article(paragraphs(TELEGRAM), title="Telegram")
    html = page_of(client, article)
    assert 'data-player="https://t.me/xebernews/1234?embed=1"' in html
    assert ">Show post</span>" in html and "Telegram" in html


def test_a_disabled_provider_is_a_plain_link_to_its_page(client, three_embeds, settings):
    settings.EMBED_PROVIDERS = ["vimeo"]
    settings.PAGE_CACHE_SECONDS = 0
    html = page_of(client, three_embeds)
    assert html.count("data-player=") == 1
    assert ">Open on YouTube</span>" in html


def test_the_article_page_with_embeds_is_valid_html(client, three_embeds, tmp_path):
    from tests.public_site import VNU_JAR, java, required

    page = tmp_path / "embeds.html"
    page.write_text(page_of(client, three_embeds), encoding="utf-8")
    checker = [java(), "-jar", str(required(VNU_JAR)), "--format", "json", "--errors-only"]
    run = subprocess.run(
        [*checker, "--stdout", str(page)], capture_output=True, text=True, timeout=300
    )
    errors = [
        f"line {message.get('lastLine')}: {message['message']} [{message.get('extract', '')}]"
        for message in json.loads(run.stdout)["messages"]
        if message["type"] in ("error", "non-document-error")
    ]
    assert errors == []


def test_a_page_read_again_follows_the_providers_and_the_edition_of_the_moment(
    client, three_embeds, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    assert 'aria-label="Play video: Baku at night (YouTube)"' in page_of(client, three_embeds)
    settings.EMBED_PROVIDERS = ["vimeo", "x"]
    assert ">Open on YouTube</span>" in page_of(client, three_embeds)
    settings.EMBED_PROVIDERS = list(providers.BUILT_IN)
    russian = save_article(three_embeds.body, title="Три видео", section=make_section("ru"))
    assert ">Смотреть видео</span>" in page_of(client, russian)
    assert ">Play video</span>" in page_of(client, three_embeds)


def test_a_page_shows_an_embed_as_its_story_was_saved_last(client, three_embeds, settings):
    from xeber.editorial.services import article_update
    from xeber.embeds.models import Embed

    settings.PAGE_CACHE_SECONDS = 0
    assert "Baku at night" in page_of(client, three_embeds)
    Embed.objects.filter(provider="youtube").update(title="Baku by night")
    data, version = {"body": three_embeds.body}, three_embeds.version
    article_update(user=None, article=three_embeds, data=data, base_version=version)
    html = page_of(client, three_embeds)
    assert "Baku by night" in html and "Baku at night" not in html
    assert '"name": "Baku by night"' in html  # its VideoObject too
