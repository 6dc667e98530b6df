"""Image uploads: checked, refused with a reason, resized for srcset."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from tests.factories import make_article, make_section
from tests.galleries import picture
from tests.newsroom_staff import build_desk, change_data, login
from xeber.media.models import Image
from xeber.media.services import image_upload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_an_upload_gets_webp_and_jpeg_renditions():
    image = image_upload(upload=picture(), alt="Порт в Баку", caption="Порт", credit="Xeber")
    widths = sorted((v["format"], v["width"]) for v in image.variants)
    assert widths == [
        ("jpeg", 400),
        ("jpeg", 800),
        ("jpeg", 1600),
        ("webp", 400),
        ("webp", 800),
        ("webp", 1600),
    ]
    assert image.renditions.count() == 6 and (image.width, image.height) == (2000, 1200)
    assert "1600w" in image.webp_srcset and image.fallback_url.endswith(".jpg")


def test_a_small_image_is_not_upscaled():
    image = image_upload(upload=picture(500, 300), alt="Маленькое фото")
    assert sorted({v["width"] for v in image.variants}) == [400]


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (
            SimpleUploadedFile("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'),
            "SVG files are not accepted",
        ),
        (
            SimpleUploadedFile("x.jpg", b'<?xml version="1.0"?><svg onload="alert(1)"/>'),
            "SVG files are not accepted",
        ),
        (SimpleUploadedFile("x.jpg", b"not an image at all"), "not an image"),
        (SimpleUploadedFile("x.jpg", picture().read()[:200]), "not an image"),
        (picture(fmt="BMP", name="x.bmp"), "BMP images are not accepted"),
    ],
)
def test_bad_files_are_refused_with_a_reason(upload, words):
    with pytest.raises(ValidationError) as caught:
        image_upload(upload=upload, alt="Описание")
    assert words in " ".join(caught.value.messages)
    assert not Image.objects.exists()


def test_files_over_the_limit_are_refused(settings):
    settings.IMAGE_MAX_BYTES = 10_000
    with pytest.raises(ValidationError, match="the limit is"):
        image_upload(upload=picture(), alt="Слишком большое")


def test_alt_text_is_required():
    with pytest.raises(ValidationError, match="Alternative text is required"):
        image_upload(upload=picture(), alt="  ")


def test_a_decompression_bomb_is_refused():
    buffer = io.BytesIO()
    PillowImage.new("1", (12000, 12000)).save(buffer, "PNG")  # 144 megapixels, tiny file
    upload = SimpleUploadedFile("bomb.png", buffer.getvalue())
    with pytest.raises(ValidationError, match="not an image"):
        image_upload(upload=upload, alt="Бомба")


def test_the_article_page_serves_the_cover_with_srcset(client):
    section = make_section("en", "World", "world")
    cover = image_upload(upload=picture(), alt="The port at dawn", caption="Port", credit="Xeber")
    article = make_article(section, title="Port news", cover=cover)
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<source type="image/webp" srcset="' in html and "1600w" in html
    assert 'alt="The port at dawn"' in html and "Photo: Xeber" in html


def test_an_author_attaches_a_cover_in_the_article_form(client):
    desk = build_desk()
    login(client, desk.author)
    url = f"/admin/news/article/{desk.own_draft.pk}/change/"
    without_alt = change_data(desk.own_draft, cover_upload=picture())
    response = client.post(url, without_alt, HTTP_ACCEPT_LANGUAGE="en")
    assert (
        response.status_code == 200 and "Alternative text is required" in response.content.decode()
    )
    desk.own_draft.refresh_from_db()
    data = change_data(desk.own_draft, cover_upload=picture(), cover_alt="Заседание парламента")
    assert client.post(url, data).status_code == 302
    desk.own_draft.refresh_from_db()
    assert desk.own_draft.cover.alt == "Заседание парламента"
    assert desk.own_draft.cover.created_by == desk.author
