"""An author's page shows what the edition says about them (job title, biography) with
their photo and links, and says it in JSON-LD (a Person with sameAs); article bylines
link to that page, and the article's JSON-LD author carries the same links, still read
with the article in its two queries."""

import io
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image as PillowImage

from tests.factories import make_article, make_section
from tests.newsroom_staff import build_desk, login
from xeber.news import selectors
from xeber.news.models import Author, AuthorProfile

pytestmark = pytest.mark.django_db
LINKS = {
    "telegram_url": "https://t.me/leyla_news",
    "x_url": "https://x.com/leyla_news",
    "facebook_url": "https://www.facebook.com/leyla.news",
    "instagram_url": "https://instagram.com/leyla.news",
    "website": "https://leyla.example.az/",
}


def _json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


def _photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (300, 300), "#8a5a12").save(buffer, "JPEG")
    return SimpleUploadedFile("leyla.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def leyla(db) -> Author:
    author = Author.objects.create(
        name="Лейла Гасанова", slug="leyla", email="leyla@example.az", **LINKS
    )
    author.photo.save("leyla.jpg", _photo())
    AuthorProfile.objects.create(
        author=author, edition="ru", job_title="Политический обозреватель",
        bio="Пишет о парламенте с 2015 года.",
    )  # fmt: skip
    AuthorProfile.objects.create(
        author=author,
        edition="az",
        job_title="Siyasi şərhçi",
        bio="2015-ci ildən parlament haqqında yazır.",
    )
    return author


def test_the_author_page_shows_the_profile_in_the_editions_language(client, leyla):
    ru = client.get("/ru/author/leyla/").content.decode()
    assert "Политический обозреватель" in ru and "Пишет о парламенте с 2015 года." in ru
    assert "Siyasi şərhçi" not in ru
    assert f'<img class="author-photo" src="{leyla.photo.url}"' in ru
    for link in LINKS.values():
        assert f'<a href="{link}" rel="me">' in ru
    assert '<a href="mailto:leyla@example.az" rel="me">' in ru
    az = client.get("/az/author/leyla/").content.decode()
    assert "Siyasi şərhçi" in az and "2015-ci ildən parlament haqqında yazır." in az
    assert "Политический обозреватель" not in az
    en = client.get("/en/author/leyla/")  # no English profile: the page still stands
    assert en.status_code == 200 and "Политический" not in en.content.decode()


def test_the_author_page_says_it_in_json_ld_as_a_person_with_same_as(client, leyla):
    graph = {
        item["@type"]: item for item in _json_ld(client.get("/ru/author/leyla/").content.decode())
    }
    person = graph["ProfilePage"]["mainEntity"]
    assert person == {
        "@type": "Person",
        "name": "Лейла Гасанова",
        "url": "http://testserver/ru/author/leyla/",
        "sameAs": list(LINKS.values()),
        "jobTitle": "Политический обозреватель",
        "description": "Пишет о парламенте с 2015 года.",
        "image": "http://testserver" + leyla.photo.url,
    }


def test_a_profile_changed_in_the_back_office_reaches_the_cached_author_page(client, leyla):
    desk = build_desk()
    reader = Client()
    assert "Главный редактор отдела" not in reader.get("/ru/author/leyla/").content.decode()
    login(client, desk.editor)
    ru, az = AuthorProfile.objects.get(edition="ru"), AuthorProfile.objects.get(edition="az")
    data = {
        "name": leyla.name, "slug": leyla.slug, "bio": "", "email": leyla.email, **LINKS,
        "profiles-TOTAL_FORMS": "2", "profiles-INITIAL_FORMS": "2",
        "profiles-MIN_NUM_FORMS": "0", "profiles-MAX_NUM_FORMS": "3",
        "profiles-0-id": ru.pk, "profiles-0-author": leyla.pk, "profiles-0-edition": "ru",
        "profiles-0-job_title": "Главный редактор отдела", "profiles-0-bio": ru.bio,
        "profiles-1-id": az.pk, "profiles-1-author": leyla.pk, "profiles-1-edition": "az",
        "profiles-1-job_title": az.job_title, "profiles-1-bio": az.bio,
    }  # fmt: skip
    response = client.post(f"/admin/news/author/{leyla.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert "Главный редактор отдела" in reader.get("/ru/author/leyla/").content.decode()


def test_bylines_link_to_the_author_page_and_json_ld_names_their_pages_elsewhere(
    client, leyla, django_assert_num_queries
):
    article = make_article(make_section("ru"), title="Парламент принял бюджет", authors=[leyla])
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<a rel="author" href="/ru/author/leyla/">Лейла Гасанова</a>' in html
    news = next(item for item in _json_ld(html) if item["@type"] == "NewsArticle")
    assert news["author"] == [
        {
            "@type": "Person",
            "name": "Лейла Гасанова",
            "url": "http://testserver/ru/author/leyla/",
            "sameAs": list(LINKS.values()),
        }
    ]
    with django_assert_num_queries(1):  # the article's one query (and one for a cover)
        shown = selectors.article_detail("ru", article.slug)
        assert [author.same_as() for author in shown.byline] == [list(LINKS.values())]
