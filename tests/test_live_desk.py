"""The posting desk: a journalist writes a live page from the back office (a phone too):
text in the prose editor, a picture, an embed by pasting a link alone in a paragraph, the
pin and key-event boxes, the recent entries with edit and delete; a stale edit shows both
versions; the article's admin page links to it and makes the article live or ends it."""

from pathlib import Path

import pytest
from django.test import Client

from tests.embed_providers import YOUTUBE, answer, provider_server
from tests.galleries import picture
from tests.live_coverage import make_live, post
from tests.newsroom_staff import build_desk, login
from xeber.live import services
from xeber.live.models import LiveEntry
from xeber.media.models import Image
from xeber.news.models import Article

pytestmark = pytest.mark.django_db
DESK = "/admin/live-desk"


@pytest.fixture
def desk():
    return build_desk()


@pytest.fixture
def live(desk):
    return make_live(desk.published)


@pytest.fixture
def editor(client, desk):
    login(client, desk.editor)
    return client


def test_the_desk_has_the_prose_editor_a_picture_and_the_recent_entries(editor, live):
    post(live, "Уже опубликованная запись.")
    html = editor.get(f"{DESK}/{live.pk}/").content.decode()
    assert "prose-editor" in html and 'name="body"' in html
    assert 'type="file" name="image_upload"' in html and 'name="image_alt"' in html
    assert 'name="key_event"' in html and 'name="pinned"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Уже опубликованная запись." in html
    assert 'name="viewport"' in html  # the admin's pages fit a phone


def test_posting_from_the_desk_stores_the_entry_and_tells_the_journalist(editor, live, desk):
    response = editor.post(
        f"{DESK}/{live.pk}/",
        {
            "body": "<p>Гол на 90-й минуте!</p>",
            "key_event": "on",
            "key_title": "Гол",
            "pinned": "on",
        },
        follow=True,
    )
    entry = LiveEntry.objects.get(article=live)
    assert entry.body == "<p>Гол на 90-й минуте!</p>" and entry.created_by == desk.editor
    assert (entry.key_event, entry.key_title, entry.pinned) == (True, "Гол", True)
    assert "Гол на 90-й минуте!" in response.content.decode()


def test_a_picture_goes_with_the_entry_with_its_alternative_text(editor, live):
    upload = picture(800, 600, name="stadium.jpg")
    editor.post(
        f"{DESK}/{live.pk}/",
        {"body": "<p>Стадион полон.</p>", "image_upload": upload, "image_alt": "Трибуны стадиона"},
    )
    entry = LiveEntry.objects.get(article=live)
    assert entry.image.alt == "Трибуны стадиона" and entry.image.variants
    page = Client().get(live.get_absolute_url()).content.decode()
    assert 'alt="Трибуны стадиона"' in page and "srcset=" in page


def test_a_picture_without_alternative_text_is_refused_and_nothing_is_posted(editor, live):
    response = editor.post(
        f"{DESK}/{live.pk}/", {"body": "<p>Текст</p>", "image_upload": picture()}
    )
    assert response.status_code == 200 and not LiveEntry.objects.exists()


def test_a_link_alone_in_a_paragraph_becomes_an_embed(editor, live, settings):
    with provider_server(settings) as server:
        answer(server, YOUTUBE, title="Лучший момент матча")
        editor.post(f"{DESK}/{live.pk}/", {"body": f"<p>Видео:</p><p>{YOUTUBE}</p>"})
    entry = LiveEntry.objects.get(article=live)
    assert "<xeber-embed" in entry.body and 'data-title="Лучший момент матча"' in entry.body
    page = Client().get(live.get_absolute_url()).content.decode()
    assert 'class="embed embed-video"' in page and "/static/xeber/embeds.js" in page


def test_a_link_that_cannot_be_embedded_stays_and_the_journalist_is_told(editor, live):
    response = editor.post(
        f"{DESK}/{live.pk}/", {"body": "<p>https://example.org/report</p>"}, follow=True
    )
    assert LiveEntry.objects.get().body.startswith("<p>")
    warning = response.content.decode().split('class="warning"', 1)[1].split("</li>")[0]
    assert "://example.org/report" in warning


def test_editing_from_the_desk_and_a_stale_edit_showing_both_versions(editor, live):
    entry = post(live, "Счёт 1:0.")
    form = editor.get(f"{DESK}/entry/{entry.pk}/").content.decode()
    assert 'name="base_version" value="1"' in form and "Счёт 1:0." in form
    services.entry_edit(user=None, entry=entry, data={"body": "<p>Счёт 2:0.</p>"}, base_version=1)
    stale = editor.post(
        f"{DESK}/entry/{entry.pk}/", {"body": "<p>Счёт 1:1.</p>", "base_version": 1}
    )
    html = stale.content.decode()
    assert stale.status_code == 200 and 'class="stale-save"' in html
    assert "Счёт 2:0." in html and "Счёт 1:1." in html  # theirs and the saved one
    assert 'name="base_version" value="2"' in html
    assert LiveEntry.objects.get(pk=entry.pk).body == "<p>Счёт 2:0.</p>"
    editor.post(f"{DESK}/entry/{entry.pk}/", {"body": "<p>Счёт 1:1.</p>", "base_version": 2})
    assert LiveEntry.objects.get(pk=entry.pk).body == "<p>Счёт 1:1.</p>"


def test_a_refused_post_or_stale_edit_leaves_no_picture_in_the_library(
    editor, live, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    services.live_end(user=None, article=live)
    editor.post(
        f"{DESK}/{live.pk}/",
        {"body": "<p>Поздно.</p>", "image_upload": picture(), "image_alt": "Трибуны"},
    )
    assert not LiveEntry.objects.exists() and not Image.objects.exists()
    assert not _stored_files(settings.MEDIA_ROOT)
    services.live_start(user=None, article=live)
    entry = post(live, "Счёт 1:0.")
    services.entry_edit(user=None, entry=entry, data={"body": "<p>Счёт 2:0.</p>"}, base_version=1)
    stale = editor.post(
        f"{DESK}/entry/{entry.pk}/",
        {"body": "<p>Фото.</p>", "base_version": 1, "image_upload": picture(), "image_alt": "Гол"},
    )
    assert 'class="stale-save"' in stale.content.decode()
    assert "Прикрепите снимок ещё раз" in stale.content.decode()
    assert not Image.objects.exists() and LiveEntry.objects.get().image is None
    assert not _stored_files(settings.MEDIA_ROOT)  # no address of the picture answers


def _stored_files(root) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()]


def test_deleting_and_pinning_from_the_list(editor, live):
    first, second = post(live, "Первая."), post(live, "Вторая.")
    editor.post(f"{DESK}/entry/{first.pk}/pin/", {"pinned": "1"})
    editor.post(f"{DESK}/entry/{second.pk}/delete/")
    assert LiveEntry.objects.get(pk=first.pk).pinned
    assert LiveEntry.objects.get(pk=second.pk).deleted_at is not None
    assert editor.get(f"{DESK}/entry/{second.pk}/").status_code == 404


def test_writes_need_a_post_with_the_csrf_token(desk, live):
    entry = post(live, "Запись.")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(desk.editor)
    assert browser.get(f"{DESK}/entry/{entry.pk}/delete/").status_code == 405
    assert browser.post(f"{DESK}/entry/{entry.pk}/delete/").status_code == 403
    assert browser.post(f"{DESK}/{live.pk}/", {"body": "<p>Без токена</p>"}).status_code == 403
    assert LiveEntry.objects.filter(deleted_at__isnull=True).count() == 1


def test_the_article_admin_page_makes_it_live_links_the_desk_and_ends_it(editor, desk):
    article = desk.published
    change = f"/admin/news/article/{article.pk}/change/"
    html = editor.get(change).content.decode()
    assert f'action="{DESK}/{article.pk}/start/"' in html
    editor.post(f"{DESK}/{article.pk}/start/")
    assert Article.objects.get(pk=article.pk).live == Article.Live.LIVE
    html = editor.get(change).content.decode()
    assert f'href="{DESK}/{article.pk}/"' in html and f'action="{DESK}/{article.pk}/end/"' in html
    editor.post(f"{DESK}/{article.pk}/end/", {"summary": "Матч окончен."})
    assert Article.objects.get(pk=article.pk).live == Article.Live.ENDED


def test_an_author_sees_no_live_buttons_on_an_article_that_is_not_live(client, desk):
    login(client, desk.author)
    html = client.get(f"/admin/news/article/{desk.own_draft.pk}/change/").content.decode()
    assert "live-desk" not in html
