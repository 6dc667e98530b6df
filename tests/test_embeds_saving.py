"""A link alone in a paragraph becomes an embed when the article is saved; whatever goes
wrong, nothing written is lost and the editor is told (providers on a loopback server)."""

import pytest

from tests.embed_providers import (
    TELEGRAM,
    VIMEO,
    X_POST,
    YOUTUBE,
    answer,
    fail,
    paragraphs,
    provider_server,
    save_article,
)
from tests.factories import make_section
from tests.loopback import Route
from xeber.core.html import sanitize_html
from xeber.editorial.services import article_update
from xeber.embeds.markup import blocks, links_for_editor
from xeber.embeds.models import Embed
from xeber.media.models import Image

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(settings):
    with provider_server(settings) as server:
        yield server


def test_it_turns_a_lone_youtube_link_into_a_described_embed_with_our_own_picture(server):
    answer(server, YOUTUBE, title="Baku at night")
    article = save_article(paragraphs("Before.", YOUTUBE, "After."))

    embed = Embed.objects.get()
    assert (embed.provider, embed.media_id, embed.kind) == ("youtube", "dQw4w9WgXcQ", "video")
    assert embed.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert embed.player_url == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
    assert embed.title == "Baku at night" and embed.described_at is not None
    assert {variant["format"] for variant in embed.thumbnail.variants} == {"webp", "jpeg"}
    [block] = blocks(article.body)
    assert (block.id, block.title, block.player) == (embed.pk, "Baku at night", embed.player_url)
    assert block.thumbnail.startswith("/media/") and block.thumbnail.endswith(".jpg")
    assert block.thumbnail_webp.endswith(".webp") and (block.width, block.height) == (400, 225)
    assert article.body.startswith("<p>Before.</p><xeber-embed ")
    assert article.body.endswith(f"<p>{YOUTUBE}</p></xeber-embed><p>After.</p>")
    assert article.body_notes == []


def test_a_provider_is_asked_once_per_address_whatever_the_articles(server):
    answer(server, YOUTUBE)
    save_article(paragraphs(YOUTUBE))
    asked = len(server.requests)
    other = save_article(paragraphs("https://www.youtube.com/watch?v=dQw4w9WgXcQ"))
    assert len(server.requests) == asked == 2  # oEmbed and the picture, once
    assert Embed.objects.count() == 1 and Image.objects.count() == 1
    assert blocks(other.body)[0].title == "A clip"


def test_linked_or_plain_the_link_keeps_its_paragraph_as_written(server):
    answer(server, VIMEO, title="Vimeo clip")
    linked = f'<p><a href="{VIMEO}">{VIMEO}</a></p>'
    article = save_article(linked + paragraphs("Text."))
    assert f'<a href="{VIMEO}" rel="noopener noreferrer">{VIMEO}</a></p></xeber-embed>' in (
        article.body
    )
    assert blocks(article.body)[0].player.startswith("https://player.vimeo.com/video/76979871")


def test_only_a_link_alone_at_the_top_level_becomes_an_embed(server):
    answer(server, YOUTUBE)
    body = (
        f"<p>Watch {YOUTUBE} now.</p><blockquote><p>{YOUTUBE}</p></blockquote>"
        f"<ul><li><p>{YOUTUBE}</p></li></ul>"
    )
    article = save_article(body)
    assert article.body == sanitize_html(body)
    assert server.requests == [] and not Embed.objects.exists()


def test_x_posts_are_titled_by_their_text_and_telegram_posts_need_no_request(server):
    html = '<blockquote class="twitter-tweet"><p lang="en">Polls close at eight.</p></blockquote>'
    answer(server, X_POST, title="", thumbnail="", type="rich", html=html)
    article = save_article(paragraphs(X_POST, TELEGRAM))
    x, telegram = blocks(article.body)
    assert (x.provider, x.kind, x.title) == ("x", "post", "Polls close at eight.")
    assert (
        x.player == "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000001&dnt=true"
    )
    assert (telegram.provider, telegram.player) == (
        "telegram",
        "https://t.me/xebernews/1234?embed=1",
    )
    assert [path.split("?")[0] for path in server.requests] == ["/x/oembed"]


def test_instagram_without_a_meta_token_is_embedded_from_its_address(server):
    article = save_article(paragraphs("https://www.instagram.com/reel/C1a2b3c4d5/?igsh=abc"))
    [block] = blocks(article.body)
    assert block.url == "https://www.instagram.com/reel/C1a2b3c4d5/"
    assert block.player == "https://www.instagram.com/reel/C1a2b3c4d5/embed/"
    assert server.requests == [] and article.body_notes == []


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (Route(b"upstream broke", 503, "text/plain"), "HTTP 503"),
        (Route(b"<!doctype html><title>Sign in</title>", 200, "text/html"), "web page"),
        (Route(b'{"title": "cut', 200, "application/json"), "not valid JSON"),
        (Route(b'["not", "an", "object"]', 200, "application/json"), "not an oEmbed object"),
        (Route(b"{}", 200, "application/json", delay=1.0), "timed out"),
    ],
)
def test_a_provider_that_fails_still_gives_an_embed_and_a_note(server, route, reason):
    fail(server, YOUTUBE, route)
    article = save_article(paragraphs("Kept.", YOUTUBE))
    [note] = article.body_notes
    assert note.startswith("YouTube did not describe https://youtu.be/dQw4w9WgXcQ (")
    assert reason in note and "without a title or picture" in note
    [block] = blocks(article.body)
    assert block.player.startswith("https://www.youtube-nocookie.com/embed/")
    assert (block.title, block.thumbnail) == ("", "")
    assert "<p>Kept.</p>" in article.body
    assert Embed.objects.get().described_at is None


def test_an_unreachable_provider_is_asked_again_at_the_next_save(server, settings):
    settings.EMBED_OEMBED_ENDPOINTS = ["youtube=http://127.0.0.1:9/oembed"]  # nothing listens
    article = save_article(paragraphs(YOUTUBE))
    assert "connection refused or unreachable" in article.body_notes[0]
    settings.EMBED_OEMBED_ENDPOINTS = [f"youtube={server.url}/youtube/oembed"]
    answer(server, YOUTUBE, title="Now described")
    article = article_update(
        user=None, article=article, data={"body": article.body}, base_version=article.version
    )
    assert article.body_notes == []
    assert blocks(article.body)[0].title == "Now described"
    assert Embed.objects.get().described_at is not None


def test_a_picture_that_is_not_an_image_leaves_the_embed_without_one(server):
    answer(server, YOUTUBE, title="Clip", thumbnail="/thumbs/fake.png")
    server.routes["/thumbs/fake.png"] = Route(b"<html>not a picture</html>", 200, "image/png")
    article = save_article(paragraphs(YOUTUBE))
    [note] = article.body_notes
    assert "The picture YouTube gave for" in note and "not an image Xeber can read" in note
    [block] = blocks(article.body)
    assert (block.title, block.thumbnail) == ("Clip", "")
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.org/story", "stays a plain link: Xeber embeds posts and videos of"),
        ("https://www.youtube.com/feed/trending", "is a YouTube address, but not of a post"),
        ("javascript:alert(1)", "only http and https links can be embedded"),
        ("data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;", "only http and https links"),
        ("https://editor:secret@www.youtube.com/watch?v=dQw4w9WgXcQ", "user name or password"),
        ("http://127.0.0.1:8000/admin/", "private or local address"),
        ("http://[::1]/x", "private or local address"),
        ("http://10.0.0.5/latest.mp4", "private or local address"),
        ("http://localhost/x", "private or local address"),
        ("https://www.youtube.com:99999/watch?v=dQw4w9WgXcQ", "not a valid web address"),
    ],
)
def test_a_link_that_cannot_be_embedded_stays_as_written_with_a_clear_note(server, text, expected):
    body = paragraphs("First.", text, "Last.")
    article = save_article(body)
    assert article.body == sanitize_html(body)
    [note] = article.body_notes
    assert expected in note
    assert server.requests == [] and not Embed.objects.exists()


def test_a_hand_written_element_is_written_afresh_from_the_providers_answer(server):
    answer(server, YOUTUBE, title="The real title")
    forged = (
        '<xeber-embed data-embed="999" data-provider="youtube" data-kind="video" '
        'data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ" data-title="Forged" '
        'data-player="https://evil.example/player" data-thumbnail="https://evil.example/x.jpg">'
        f"<p>{YOUTUBE}</p><iframe src='https://evil.example/'></iframe></xeber-embed>"
    )
    article = save_article(forged)
    [block] = blocks(article.body)
    assert block.id == Embed.objects.get().pk and block.title == "The real title"
    assert block.player.startswith("https://www.youtube-nocookie.com/")
    assert "evil.example" not in article.body and "<iframe" not in article.body


def test_an_element_whose_provider_is_no_longer_enabled_goes_back_to_its_paragraph(
    server, settings
):
    answer(server, YOUTUBE)
    article = save_article(paragraphs(YOUTUBE, "Text."))
    settings.EMBED_PROVIDERS = ["vimeo"]
    article = article_update(
        user=None, article=article, data={"body": article.body}, base_version=article.version
    )
    assert article.body == paragraphs(YOUTUBE, "Text.")
    assert "Xeber embeds posts and videos of Vimeo." in article.body_notes[0]


def test_the_editor_gets_the_link_back_and_saving_it_makes_the_same_embed(server):
    answer(server, YOUTUBE)
    article = save_article(paragraphs("Intro.", YOUTUBE))
    for_editor = links_for_editor(article.body)
    assert for_editor == paragraphs("Intro.", YOUTUBE)
    saved = article.body
    article = article_update(
        user=None, article=article, data={"body": for_editor}, base_version=article.version
    )
    assert article.body == saved and len(server.requests) == 2


def test_a_newsrooms_own_oembed_provider_is_embedded_with_its_players_iframe(server, settings):
    settings.EMBED_OEMBED_PROVIDERS = [
        f"Dailymotion|{server.url}/dailymotion/oembed|www.dailymotion.com|geo.dailymotion.com"
    ]
    url = "https://www.dailymotion.com/video/x8abcd1"
    frame = '<iframe src="https://geo.dailymotion.com/player.html?video=x8abcd1"></iframe>'
    answer(server, url, title="Forum opens", html=frame)
    article = save_article(paragraphs(url))
    [block] = blocks(article.body)
    assert (block.provider, block.kind, block.title) == ("dailymotion", "video", "Forum opens")
    assert block.player == "https://geo.dailymotion.com/player.html?video=x8abcd1"


def test_an_oembed_player_on_another_host_is_not_used(server, settings):
    settings.EMBED_OEMBED_PROVIDERS = [
        f"Dailymotion|{server.url}/dailymotion/oembed|www.dailymotion.com|geo.dailymotion.com"
    ]
    url = "https://www.dailymotion.com/video/x8abcd1"
    answer(server, url, html='<iframe src="https://evil.example/player"></iframe>')
    [block] = blocks(save_article(paragraphs(url)).body)
    assert block.player == ""


def test_the_admin_shows_the_notes_as_warnings(server, client):
    from tests.newsroom_staff import build_desk, login

    desk = build_desk()
    login(client, desk.editor)
    section = make_section("ru", "Мир", "mir")
    form = {
        "edition": "ru", "section": section.pk, "kind": "article", "title": "Видео",
        "slug": "", "lead": "", "body": paragraphs("Текст.", "javascript:alert(1)"),
        "published_at_0": "2026-01-01", "published_at_1": "10:00", "source": "",
        "base_version": "", "header_breaking": "", "cover_alt": "", "cover_caption": "",
        "cover_credit": "",
    }  # fmt: skip
    response = client.post("/admin/news/article/add/", form, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    shown = [str(message) for message in response.context["messages"]]
    assert any("only http and https links can be embedded" in text for text in shown), shown


def test_a_partner_writing_through_the_api_gets_the_embed_and_the_notes(server):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from tests.newsroom_staff import build_desk

    answer(server, YOUTUBE, title="Clip")
    desk = build_desk()
    partner = APIClient()
    partner.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=desk.author).key}")
    data = {
        "edition": "ru", "section": desk.own_draft.section_id, "title": "Партнёр",
        "body": paragraphs(YOUTUBE, "https://example.org/page"),
    }  # fmt: skip
    created = partner.post("/api/v1/drafts/", data, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert created.status_code == 201, created.content
    [note] = created.json()["notes"]
    assert "https://example.org/page stays a plain link" in note
    assert "<xeber-embed " in created.json()["body"]
