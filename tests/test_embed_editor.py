"""The body editor's embed preview: given a link, the back office says what the save will
make of it (provider, title, picture), stores nothing and never fails with a 500
(providers played by a loopback server)."""

import base64
import html
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from PIL import Image as PillowImage

from tests.embed_providers import (
    TELEGRAM,
    X_POST,
    YOUTUBE,
    answer,
    fail,
    paragraphs,
    provider_server,
    save_article,
)
from tests.loopback import Route
from tests.newsroom_staff import build_desk, login, make_user
from xeber.embeds.models import Embed
from xeber.media.models import Image
from xeber.news.models import Article

pytestmark = pytest.mark.django_db
PREVIEW = "/admin/news/article/embed-preview/"


@pytest.fixture
def server(settings):
    with provider_server(settings) as server:
        yield server


@pytest.fixture
def desk():
    return build_desk()


@pytest.fixture
def editor(client, desk):
    login(client, desk.editor)
    return client


def preview(client, url, language="en"):
    return client.post(PREVIEW, {"url": url}, HTTP_ACCEPT_LANGUAGE=language)


def decoded_picture(data_url: str) -> PillowImage.Image:
    head, _, payload = data_url.partition(",")
    assert head == "data:image/jpeg;base64"
    return PillowImage.open(io.BytesIO(base64.b64decode(payload)))


# --- who may ask ---------------------------------------------------------------------------
@pytest.mark.parametrize("role", ["author", "editor", "chief"])
def test_it_answers_every_role_that_writes_articles(client, server, desk, role):
    answer(server, YOUTUBE, title="Baku at night")
    login(client, getattr(desk, role))
    response = preview(client, YOUTUBE)
    assert response.status_code == 200
    assert response.json()["title"] == "Baku at night"


def test_staff_without_a_role_are_refused_with_a_message(client, server, desk):
    clerk = make_user("clerk", None)
    get_user_model().objects.filter(pk=clerk.pk).update(is_staff=True)
    login(client, clerk)
    response = preview(client, YOUTUBE)
    assert response.status_code == 403
    assert response.json() == {"message": "You may not write articles."}
    assert server.requests == []


def test_someone_not_signed_in_is_sent_to_the_login_page_and_nothing_is_asked(client, server):
    response = preview(client, YOUTUBE)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert server.requests == []


def test_a_signed_in_reader_who_is_not_staff_is_sent_to_the_login_page(client, server):
    make_user("reader", None)
    client.force_login(get_user_model().objects.get(username="reader"))
    response = preview(client, YOUTUBE)
    assert response.status_code == 302 and server.requests == []


def test_it_answers_only_a_post_with_the_csrf_token(server, desk):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(desk.editor)
    assert strict.post(PREVIEW, {"url": YOUTUBE}).status_code == 403
    assert strict.get(PREVIEW, {"url": YOUTUBE}).status_code == 405
    assert server.requests == []


# --- what it answers ----------------------------------------------------------------------------
def test_a_new_link_is_described_by_its_provider_and_nothing_is_stored(editor, server):
    answer(server, YOUTUBE, title="Baku at night")
    data = preview(editor, YOUTUBE).json()
    assert data["embeddable"] is True and data["message"] == ""
    assert (data["provider"], data["provider_name"]) == ("youtube", "YouTube")
    assert data["url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert data["title"] == "Baku at night"
    picture = decoded_picture(data["thumbnail"])  # the editor's browser asks no one else
    assert picture.format == "JPEG" and picture.size == (480, 270)
    assert not Embed.objects.exists() and not Image.objects.exists()
    assert len(server.requests) == 2  # oEmbed and the picture


def test_a_link_already_embedded_is_shown_from_its_row_without_asking_again(editor, server):
    answer(server, YOUTUBE, title="Baku at night")
    save_article(paragraphs(YOUTUBE))
    asked = len(server.requests)
    data = preview(editor, "https://www.youtube.com/watch?v=dQw4w9WgXcQ").json()
    assert len(server.requests) == asked
    assert data["title"] == "Baku at night" and data["embeddable"] is True
    embed = Embed.objects.get()
    assert data["thumbnail"].startswith("/media/") and data["thumbnail"].endswith(".jpg")
    assert data["thumbnail"] in {
        f"/media/{variant['name']}" for variant in embed.thumbnail.variants
    }


def test_an_x_post_is_titled_by_its_words_and_a_telegram_post_needs_no_request(editor, server):
    x_html = '<blockquote><p lang="en">Polls close at eight.</p></blockquote>'
    answer(server, X_POST, title="", thumbnail="", type="rich", html=x_html)
    data = preview(editor, X_POST).json()
    assert (data["provider_name"], data["title"], data["thumbnail"]) == (
        "X",
        "Polls close at eight.",
        "",
    )
    asked = len(server.requests)
    data = preview(editor, TELEGRAM).json()
    assert data["embeddable"] is True and data["provider_name"] == "Telegram"
    assert len(server.requests) == asked


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        (Route(b"down", 503, "text/plain"), "HTTP 503"),
        (Route(b"<html>sign in</html>", 200, "text/html"), "web page instead of oEmbed"),
        (Route(b"{not json", 200, "application/json"), "not valid JSON"),
    ],
)
def test_a_provider_that_fails_still_previews_an_embed_with_a_note(editor, server, route, reason):
    fail(server, YOUTUBE, route)
    data = preview(editor, YOUTUBE).json()
    assert data["embeddable"] is True and data["title"] == "" and data["thumbnail"] == ""
    assert reason in data["message"] and "without a title or picture" in data["message"]
    assert not Embed.objects.exists()


def test_a_picture_that_is_not_an_image_gives_a_preview_without_one(editor, server):
    answer(server, YOUTUBE, title="Clip", thumbnail="/thumbs/fake.png")
    server.routes["/thumbs/fake.png"] = Route(b"<svg onload=alert(1)>", 200, "image/png")
    data = preview(editor, YOUTUBE).json()
    assert data["title"] == "Clip" and data["thumbnail"] == ""
    assert "embedded without one" in data["message"]
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.org/page", "Xeber embeds posts and videos of YouTube, Vimeo"),
        ("https://www.youtube.com/feed/trending", "is a YouTube address, but not of a post"),
        ("javascript:alert(1)", "only http and https links can be embedded"),
        ("data:text/html,<script>alert(1)</script>", "only http and https links"),
        ("https://editor:secret@www.youtube.com/watch?v=dQw4w9WgXcQ", "user name or password"),
        ("http://127.0.0.1:8000/admin/", "private or local address"),
        ("http://localhost/x", "private or local address"),
        ("https://www.youtube.com:99999/watch?v=dQw4w9WgXcQ", "not a valid web address"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ\x00", "but not of a post or video"),
        ("https://you tu.be/x", "not a valid web address"),
        ("https://youtu.be/" + "a" * 5000, "not a valid web address"),
        ("<img src=x onerror=alert(1)>", "only http and https links"),
    ],
)
def test_a_link_that_cannot_be_embedded_gets_a_clear_message(editor, server, url, expected):
    response = preview(editor, url)
    assert response.status_code == 200
    data = response.json()
    assert data["embeddable"] is False and expected in data["message"]
    assert "secret" not in data["message"]
    assert server.requests == [] and not Embed.objects.exists()


def test_the_message_is_in_the_editors_language(editor, server):
    message = preview(editor, "https://example.org/page", language="ru")
    assert "остаётся обычной ссылкой" in message.json()["message"]


@pytest.mark.parametrize("data", [{}, {"url": ""}, {"url": "   "}])
def test_a_request_without_a_link_is_a_400_with_a_message(editor, data):
    response = editor.post(PREVIEW, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"message": "Give the link of a post or video."}


# --- the editor that uses it ---------------------------------------------------------------------
def test_the_body_editor_loads_the_embed_extension_with_the_preview_address(editor):
    page = editor.get("/admin/news/article/add/", HTTP_ACCEPT_LANGUAGE="az").content.decode()
    found = re.search(
        r'<textarea name="body"[^>]*data-django-prose-editor-configurable="([^"]*)"', page
    )
    config = json.loads(html.unescape(found.group(1)))
    assert "/static/xeber/editor-embeds.js" in config["js_modules"]
    options = config["extensions"]["XeberEmbed"]
    assert options["previewUrl"] == PREVIEW
    assert options["labels"]["submit"] != "Embed"  # in the editor's language
    assert "/static/xeber/editor-embeds.css" in page


def test_an_embed_written_without_its_paragraph_reaches_the_editor_as_its_link(
    client, desk, server
):
    login(client, desk.chief)
    answer(server, YOUTUBE, title="Baku at night")
    article = save_article(paragraphs("Intro.", YOUTUBE))
    element = article.body.removeprefix("<p>Intro.</p>")
    bare = element.replace(f"<p>{YOUTUBE}</p></xeber-embed>", "</xeber-embed>")
    Article.objects.filter(pk=article.pk).update(body="<p>Intro.</p>" + bare)  # other hands
    form = client.get(f"/admin/news/article/{article.pk}/change/").context["adminform"].form
    link = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert form.initial["body"] == paragraphs("Intro.", link)
