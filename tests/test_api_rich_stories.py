"""The API tells what the article page tells of a rich story: its kind, its corrections,
its "updated" time, its authors with what the edition says about them, and its galleries
and pictures as structured blocks; in a fixed number of queries, within its schema."""

import datetime as dt
import json
import re

import pytest
import schemathesis
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from schemathesis import checks

from tests.factories import article_edit, make_article, make_section
from tests.galleries import SUMMER, make_gallery, make_image, picture, saved_article
from xeber.editorial.services import article_update, correction_add
from xeber.news.models import Article, Author, AuthorProfile

pytestmark = pytest.mark.django_db
AN_HOUR_AGO = dt.timedelta(hours=1)


def _detail(client, article) -> dict:
    response = client.get(f"/api/v1/articles/{article.pk}/")
    assert response.status_code == 200
    return response.json()


def _listed(client, article) -> dict:
    results = client.get("/api/v1/articles/", {"edition": article.edition}).json()["results"]
    return next(item for item in results if item["id"] == article.pk)


def _news_article_json_ld(client, article) -> dict:
    html = client.get(article.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return next(item for item in map(json.loads, blocks) if item["@type"] == "NewsArticle")


def _moment(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value)


def test_it_says_which_articles_are_photo_reports(client):
    section = make_section("ru")
    report = saved_article(section, "<p>Снимки.</p>", kind=Article.Kind.PHOTO_REPORT)
    plain = make_article(section)
    assert _detail(client, report)["kind"] == _listed(client, report)["kind"] == "photo_report"
    assert _detail(client, plain)["kind"] == _listed(client, plain)["kind"] == "article"


def test_corrections_come_oldest_first_with_their_time_as_the_page_shows_them(client):
    article = make_article(make_section("ru"))
    assert _detail(client, article)["corrections"] == []
    first = correction_add(user=None, article=article, text="Неверно указана дата.")
    second = correction_add(user=None, article=article, text="Уточнено имя министра.")

    corrections = _detail(client, article)["corrections"]
    assert [note["text"] for note in corrections] == [first.text, second.text]
    assert [_moment(note["published_at"]) for note in corrections] == [
        first.created_at,
        second.created_at,
    ]
    assert _listed(client, article)["corrections"] == corrections
    page = _news_article_json_ld(client, article)["correction"]
    assert [(note["text"], _moment(note["datePublished"])) for note in page] == [
        (note["text"], _moment(note["published_at"])) for note in corrections
    ]


def test_the_updated_time_moves_only_with_a_substantive_update_as_on_the_page(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = make_article(make_section("ru"), published_at=timezone.now() - AN_HOUR_AGO)
    article = article_edit(article, title="Опечатка исправлена")
    data = _detail(client, article)
    assert data["revised_at"] is None
    assert _moment(data["modified_at"]) == article.published_at
    assert _moment(data["updated_at"]) > article.published_at  # every change moves it

    article = article_update(
        user=None,
        article=article,
        data={"lead": "Новые подробности."},
        base_version=article.version,
        substantive=True,
    )
    data = _detail(client, article)
    assert _moment(data["revised_at"]) == _moment(data["modified_at"]) == article.revised_at
    assert _listed(client, article)["revised_at"] == data["revised_at"]
    assert _moment(_news_article_json_ld(client, article)["dateModified"]) == article.revised_at


@pytest.fixture
def leyla():
    author = Author.objects.create(
        name="Лейла Гасанова",
        slug="leyla-gasanova",
        bio="Журналист.",
        telegram_url="https://t.me/leyla_news",
        website="https://leyla.example.az/",
        email="leyla@example.az",
    )
    # A link that was never a web address (written past the form's check) is not given out.
    Author.objects.filter(pk=author.pk).update(x_url="javascript:alert(1)")
    author.refresh_from_db()
    author.photo.save("leyla.jpg", ContentFile(picture(300, 300).read()))
    AuthorProfile.objects.create(
        author=author, edition="ru", job_title="Обозреватель", bio="Пишет о парламенте."
    )
    AuthorProfile.objects.create(
        author=author, edition="az", job_title="Şərhçi", bio="Parlament haqqında yazır."
    )
    return author


def test_authors_come_with_what_the_articles_edition_says_about_them(client, leyla):
    plain = Author.objects.create(name="Анар Алиев", slug="anar-aliyev", bio="Фотограф.")
    article = make_article(make_section("ru"), authors=[leyla, plain])
    [anar, byline] = _detail(client, article)["authors"]

    assert byline == {
        "id": leyla.pk,
        "name": "Лейла Гасанова",
        "slug": "leyla-gasanova",
        "url": "/ru/author/leyla-gasanova/",
        "job_title": "Обозреватель",
        "bio": "Пишет о парламенте.",
        "photo_url": f"http://testserver{leyla.photo.url}",
        "links": {
            "telegram": "https://t.me/leyla_news",
            "x": None,
            "facebook": None,
            "instagram": None,
            "website": "https://leyla.example.az/",
            "email": "leyla@example.az",
        },
    }
    assert (anar["job_title"], anar["bio"], anar["photo_url"]) == ("", "Фотограф.", None)
    in_az = make_article(make_section("az"), title="Parlament", authors=[leyla])
    [byline] = _detail(client, in_az)["authors"]
    assert (byline["job_title"], byline["url"]) == ("Şərhçi", "/az/author/leyla-gasanova/")
    assert byline["bio"] == "Parlament haqqında yazır."


def test_the_authors_resource_gives_photo_and_links_too(client, leyla):
    [author] = client.get("/api/v1/authors/").json()["results"]
    assert author["bio"] == "Журналист."  # the general biography, as before
    assert author["photo_url"] == f"http://testserver{leyla.photo.url}"
    assert author["links"]["telegram"] == "https://t.me/leyla_news"


def _rich_body(galleries, images, own_caption_image=None) -> str:
    paragraphs = ["<p>Начало.</p>"]
    paragraphs += [f"<p>[gallery {gallery.pk}]</p>" for gallery in galleries]
    paragraphs += [f"<p>[image {image.pk}]</p>" for image in images]
    if own_caption_image is not None:
        paragraphs.append(
            f'<figure><img src="{own_caption_image.fallback_url}" alt="">'
            "<figcaption>Подпись <em>редактора</em></figcaption></figure>"
        )
    return "".join([*paragraphs, "<p>[gallery 999999]</p><p>Конец.</p>"])


def test_galleries_and_pictures_of_the_body_are_structured_blocks(client):
    gallery = make_gallery("Шеки летом", SUMMER)
    bridge = make_image("Мост через реку", "Старый мост", "Анар Алиев", width=1000, height=500)
    article = saved_article(make_section("ru"), _rich_body([gallery], [bridge], bridge))
    data = _detail(client, article)

    [shown] = data["galleries"]
    assert (shown["id"], shown["title"]) == (gallery.pk, "Шеки летом")
    items = list(gallery.items.order_by("position"))
    assert [image["id"] for image in shown["images"]] == [item.image_id for item in items]
    assert [(i["alt"], i["caption"], i["credit"]) for i in shown["images"]] == SUMMER
    first = shown["images"][0]
    assert (first["width"], first["height"]) == (2000, 1200)
    assert first["url"] == f"http://testserver{items[0].image.fallback_url}"
    assert sorted((r["format"], r["width"], r["height"]) for r in first["renditions"]) == [
        ("jpeg", 400, 240), ("jpeg", 800, 480), ("jpeg", 1600, 960),
        ("webp", 400, 240), ("webp", 800, 480), ("webp", 1600, 960),
    ]  # fmt: skip
    assert all(r["url"].startswith("http://testserver/media/") for r in first["renditions"])

    # Inline pictures, in order, each with the caption readers see.
    assert [(i["id"], i["caption"], i["credit"]) for i in data["images"]] == [
        (bridge.pk, "Старый мост", "Анар Алиев"),
        (bridge.pk, "Подпись редактора", "Анар Алиев"),
    ]
    assert data["images"][0]["alt"] == "Мост через реку"
    assert len(data["images"][0]["renditions"]) == 4  # 400 and 800 wide: never upscaled


def test_a_body_without_media_has_no_blocks(client):
    data = _detail(client, make_article(make_section("ru")))
    assert (data["galleries"], data["images"], data["embeds"]) == ([], [], [])


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_an_article_costs_the_same_queries_however_rich(client, settings, leyla):
    settings.PAGE_CACHE_SECONDS = 0
    section = make_section("ru")
    others = [Author.objects.create(name=f"Автор {n}", slug=f"author-{n}") for n in range(3)]
    for author in others:
        AuthorProfile.objects.create(author=author, edition="ru", job_title="Репортёр")
    small_gallery = make_gallery("Одна", SUMMER[:1])
    big_galleries = [make_gallery("Первая", SUMMER), make_gallery("Вторая", SUMMER)]
    images = [make_image(f"Снимок {n}", width=500, height=400) for n in range(3)]
    small = saved_article(
        section, _rich_body([small_gallery], images[:1]), title="Малая", authors=[leyla]
    )
    big = saved_article(
        section, _rich_body(big_galleries, images, images[0]), title="Большая",
        authors=[leyla, *others],
    )  # fmt: skip
    for article in (small, big):
        correction_add(user=None, article=article, text="Исправлено.")
    plain = make_article(section, authors=[leyla])
    url = "/api/v1/articles/{}/".format

    assert _queries(client, url(big.pk)) == _queries(client, url(small.pk))
    # The galleries and pictures: three queries (galleries, their pictures, inline images).
    assert _queries(client, url(small.pk)) <= _queries(client, url(plain.pk)) + 3
    listing = "/api/v1/articles/?edition=ru"
    before = _queries(client, listing)
    for number in range(4):
        make_article(section, title=f"Ещё {number}", authors=[leyla])
    assert _queries(client, listing) == before


@pytest.fixture
def wsgi_database():
    """The WSGI app kept from closing the test's database connection at the end of each
    request (as tests/test_api_schemathesis.py does)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_a_rich_article_conforms_to_the_schema(wsgi_database, leyla):
    from xeber.wsgi import application

    gallery = make_gallery("Шеки летом", SUMMER)
    image = make_image("Мост", "Старый мост", "Анар Алиев")
    article = saved_article(
        make_section("ru"), _rich_body([gallery], [image], image), authors=[leyla],
        kind=Article.Kind.PHOTO_REPORT, published_at=timezone.now() - AN_HOUR_AGO,
    )  # fmt: skip
    correction_add(user=None, article=article, text="Исправлено.")
    article_update(
        user=None, article=article, data={"lead": "Новое."}, base_version=article.version,
        substantive=True,
    )  # fmt: skip
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    conformance = [checks.not_a_server_error, checks.response_schema_conformance]
    answers = {}
    for path, parameters in [
        ("/api/v1/articles/{id}/", {"id": article.pk}),
        ("/api/v1/articles/", {}),
        ("/api/v1/authors/", {}),
    ]:
        case = schema[path]["GET"].Case(path_parameters=parameters)
        response = case.call()
        assert response.status_code == 200
        case.validate_response(response, checks=conformance)
        answers[path] = response.json()
    # Every new part was there to be checked.
    detail = answers["/api/v1/articles/{id}/"]
    assert detail["galleries"] and detail["images"] and detail["corrections"]
    assert detail["revised_at"] and detail["authors"][0]["photo_url"]
