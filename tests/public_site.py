"""Every kind of public page, filled with what each can show, for the checkers that go over
them all (tests/test_html_validity.py, tests/test_accessibility.py), and where those checkers,
installed by `make test` (package.json, the Makefile's test-deps), live."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image as PillowImage

from tests.factories import build_newsroom, make_article, make_rates
from xeber.editorial.services import correction_add
from xeber.media.services import image_upload
from xeber.news.models import Article, Author, AuthorProfile
from xeber.search.indexing import reindex

NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"


def required(path: Path) -> Path:
    """A checker the suite cannot do without: missing, the test fails (never skips)."""
    if not path.exists():
        pytest.fail(f"{path} is missing: `make test` installs it (npm ci, package-lock.json)")
    return path


def java() -> str:
    found = shutil.which("java")
    if not found:
        pytest.fail("java is missing: `make test` installs it (Debian's default-jre-headless)")
    return found


def _cover():
    buffer = io.BytesIO()
    PillowImage.new("RGB", (1200, 700), "#24506e").save(buffer, "JPEG")
    upload = SimpleUploadedFile("port.jpg", buffer.getvalue(), content_type="image/jpeg")
    return image_upload(upload=upload, alt="Порт Баку на рассвете", caption="Порт", credit="Xeber")


def _profile_and_correction(newsroom) -> None:
    """The author's profile and links, and a correction on the main story."""
    author = newsroom.author
    Author.objects.filter(pk=author.pk).update(
        telegram_url="https://t.me/leyla_news", website="https://leyla.example.az/",
        email="leyla@example.az",
    )  # fmt: skip
    AuthorProfile.objects.create(
        author=author,
        edition="ru",
        job_title="Политический обозреватель",
        bio="Пишет о парламенте.",
    )
    correction_add(user=None, article=newsroom.main, text="Исправлена дата заседания.")


def _photo_report(newsroom) -> Article:
    """A photo report: a gallery first, an inline picture of ours in the text."""
    from tests.galleries import SUMMER, make_gallery, make_image, saved_article

    gallery = make_gallery("Шеки летом", SUMMER)
    image = make_image("Чайхана в Шеки", "Чай с вареньем", "Айдан Мамедова")
    body = f"<p>[gallery {gallery.pk}]</p><p>Город мастеров.</p><p>[image {image.pk}]</p>"
    return saved_article(
        newsroom.politics, body, kind=Article.Kind.PHOTO_REPORT, published_at=timezone.now()
    )


def _live_page(newsroom) -> Article:
    """A running live page with a key event, a pinned entry and a picture (xeber/live)."""
    from tests.live_coverage import make_live, post

    article = make_live(make_article(newsroom.politics, title="Сессия парламента: онлайн"))
    post(article, "Заседание открылось.", key_event=True, key_title="Открытие")
    post(article, "Спикер объявил повестку.", pinned=True)
    post(article, "Фото из зала.", image=_cover())
    return article


def build_public_site() -> dict[str, tuple[str, int]]:
    """The newsroom of tests/factories.py with a cover, a month of rates, a list long enough
    to page and yesterday's news; returns each kind of page: name -> (path, status)."""
    newsroom = build_newsroom()
    Article.objects.filter(pk=newsroom.main.pk).update(cover=_cover())
    _profile_and_correction(newsroom)
    now = timezone.now()
    for number in range(21):
        make_article(
            newsroom.economy,
            title=f"Банки обсудили кредиты, выпуск {number}",
            published_at=now - dt.timedelta(hours=3, minutes=number),
        )
    make_article(
        newsroom.politics, title="Вчерашнее заседание", published_at=now - dt.timedelta(days=1)
    )
    today = timezone.localdate()
    for days in range(1, 31):
        make_rates(
            today - dt.timedelta(days=days), USD="1.7000", EUR=f"1.98{days % 10}0", RUB="2.0500"
        )
    report = _photo_report(newsroom)
    live = _live_page(newsroom)
    reindex()
    return {
        "front": ("/ru/", 200),
        "front of an edition with no news": ("/en/", 200),
        "most read": ("/ru/most-read/?period=week", 200),
        "section": ("/ru/section/economy/", 200),
        "section, second page": ("/ru/section/economy/?page=2", 200),
        "tag": (newsroom.tag.get_absolute_url(), 200),
        "author": (newsroom.author.get_absolute_url("ru"), 200),
        "day archive": (f"/ru/archive/{today:%Y/%m/%d}/", 200),
        "corrections": ("/ru/corrections/", 200),
        "article": (newsroom.main.get_absolute_url(), 200),
        "article in Azerbaijani": (newsroom.main_az.get_absolute_url(), 200),
        "photo report (gallery, inline image)": (report.get_absolute_url(), 200),
        "live page (key events, pinned entry)": (live.get_absolute_url(), 200),
        "rates": ("/ru/rates/", 200),
        "rates, converted": ("/en/rates/?amount=250&source=USD&target=EUR&code=EUR&days=90", 200),
        "search with results": ("/ru/search/?q=банки+кредиты", 200),
        "search with none": ("/ru/search/?q=жирафы", 200),
        "search form": ("/ru/search/", 200),
        "page not found": ("/ru/no-such-page/", 404),
    }
