"""Galleries in the back office: ordered pictures picked or uploaded; a picture Pillow cannot
read is refused with the reason and nothing written is lost; articles follow the edits."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.galleries import SUMMER, make_gallery, make_image, picture, saved_article
from tests.newsroom_staff import build_desk, change_data, login
from xeber.media.models import Gallery, Image

pytestmark = pytest.mark.django_db
ADD = "/admin/media/gallery/add/"


def _items(*rows: dict, initial: int = 0) -> dict:
    data = {
        "items-TOTAL_FORMS": str(len(rows)), "items-INITIAL_FORMS": str(initial),
        "items-MIN_NUM_FORMS": "0", "items-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    for number, row in enumerate(rows):
        data.update({f"items-{number}-{name}": value for name, value in row.items()})
    return data


def _truncated_jpeg() -> SimpleUploadedFile:
    whole = picture(800, 600).read()
    return SimpleUploadedFile("broken.jpg", whole[: len(whole) // 2], content_type="image/jpeg")


@pytest.fixture
def editor(client):
    desk = build_desk()
    login(client, desk.editor)
    return desk


def test_an_editor_makes_a_gallery_of_new_uploads_and_an_existing_image(client, editor):
    existing = make_image("Старый город", "Ичеришехер", "Архив")
    data = {
        "title": "Баку вечером",
        **_items(
            {"upload": picture(), "alt": "Бульвар", "credit": "Айдан", "caption": "Набережная"},
            {"image": str(existing.pk), "caption": ""},
            {"upload": picture(900, 600), "alt": "Флейм-тауэрс", "position": "1"},
        ),
    }
    response = client.post(ADD, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302, response.content.decode()[:3000]

    gallery = Gallery.objects.get()
    items = list(gallery.items.select_related("image"))
    assert [item.image.alt for item in items] == ["Флейм-тауэрс", "Бульвар", "Старый город"]
    assert [item.shown_caption for item in items] == ["", "Набережная", "Ичеришехер"]
    uploaded = items[1].image
    assert uploaded.credit == "Айдан" and uploaded.renditions.count() == 6
    assert gallery.created_by == editor.editor
    listing = client.get("/admin/media/gallery/").content.decode()
    assert f"[gallery {gallery.pk}]" in listing


@pytest.mark.parametrize(
    "bad",
    [_truncated_jpeg, lambda: SimpleUploadedFile("notes.jpg", b"not a picture at all")],
)
def test_a_picture_pillow_cannot_read_is_refused_with_the_reason_and_nothing_is_lost(
    client, editor, bad
):
    data = {
        "title": "Шеки летом",
        **_items(
            {"upload": picture(), "alt": "Караван-сарай", "caption": "Верхний караван-сарай"},
            {"upload": bad(), "alt": "Сломанный файл", "caption": "Подпись остаётся"},
        ),
    }
    response = client.post(ADD, data, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200
    assert "This file is not an image Xeber can read." in html
    # Nothing half-written, and everything typed is still in the form.
    assert not Gallery.objects.exists() and not Image.objects.exists()
    for typed in ["Шеки летом", "Караван-сарай", "Верхний караван-сарай", "Подпись остаётся"]:
        assert typed in html


def test_a_row_without_an_image_or_an_upload_is_refused(client, editor):
    data = {"title": "Пустая", **_items({"caption": "Только подпись"})}
    html = client.post(ADD, data, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Choose an image or upload one." in html and not Gallery.objects.exists()


def test_images_are_picked_by_autocomplete(client, editor):
    make_image("Девичья башня")
    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "media", "model_name": "galleryitem", "field_name": "image",
         "term": "Девичья"},
    ).json()  # fmt: skip
    assert [result["text"] for result in found["results"]] == ["Девичья башня"]


def test_editing_a_gallery_updates_the_articles_that_show_it(client, editor):
    gallery = make_gallery("Шеки", SUMMER[:2])
    article = saved_article(editor.published.section, f"<p>[gallery {gallery.pk}]</p>")
    first, second = gallery.items.all()
    data = {
        "title": "Шеки, новое название",
        **_items(
            {"id": str(first.pk), "gallery": str(gallery.pk), "image": str(first.image_id),
             "position": "2", "caption": ""},
            {"id": str(second.pk), "gallery": str(gallery.pk), "image": str(second.image_id),
             "position": "1", "caption": "Теперь первая"},
            initial=2,
        ),
    }  # fmt: skip
    url = f"/admin/media/gallery/{gallery.pk}/change/"
    assert article.title in client.get(url).content.decode()  # "shown in"
    response = client.post(url, data, follow=True, HTTP_ACCEPT_LANGUAGE="en")
    assert "Updated in 1 article(s) that show it." in response.content.decode()
    article.refresh_from_db()
    assert "<figcaption>Шеки, новое название</figcaption>" in article.body
    assert article.body.index("Теперь первая") < article.body.index(SUMMER[0][0])


def test_the_article_form_shows_the_gallery_as_written_and_warns_of_unknown_ones(client, editor):
    gallery = make_gallery("Шеки", SUMMER[:1])
    article = editor.own_draft
    url = f"/admin/news/article/{article.pk}/change/"
    data = change_data(article, body=f"<p>[gallery {gallery.pk}]</p><p>[gallery 987654]</p>")
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "Gallery 987654 does not exist" in response.content.decode()
    article.refresh_from_db()
    assert f'data-gallery="{gallery.pk}"' in article.body and "[gallery 987654]" in article.body
    form = client.get(url).content.decode()
    assert f"[gallery {gallery.pk}]" in form and "data-pswp" not in form


def test_an_image_edited_in_its_admin_is_updated_in_the_articles(client, editor):
    image = make_image("Старое описание", "Подпись", "Архив")
    article = saved_article(editor.published.section, f"<p>[image {image.pk}]</p>")
    data = {"alt": "Новое описание", "caption": "Другая подпись", "credit": "Агентство"}
    response = client.post(f"/admin/media/image/{image.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert 'alt="Новое описание"' in article.body and "Фото: Агентство" in article.body
    # The caption in the article was written there (the editor may change it): it stays.
    assert "<figcaption>Подпись <span" in article.body
