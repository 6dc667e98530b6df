"""Whole-page caching for anonymous readers, emptied by every change readers would see."""

import datetime as dt
import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_article
from xeber.news.models import BreakingNews

pytestmark = pytest.mark.django_db


def test_a_cached_page_costs_no_query_and_says_how_long_a_cdn_may_keep_it(client, newsroom):
    first = client.get("/ru/")
    assert first["X-Cache"] == "miss"
    assert (
        "s-maxage=" in first["Cache-Control"] and "stale-while-revalidate" in first["Cache-Control"]
    )
    with CaptureQueriesContext(connection) as captured:
        second = client.get("/ru/")
    assert second["X-Cache"] == "hit" and len(captured) == 0
    assert second.content == first.content
    assert second["Content-Security-Policy"] and second["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize(
    "change",
    ["publish", "edit", "unpublish", "breaking", "rates"],
)
def test_every_change_readers_see_refreshes_the_pages_at_once(client, newsroom, change):
    from tests.factories import make_rates

    pages = ["/ru/", "/ru/section/politics/", "/ru/tag/baku/", newsroom.main.get_absolute_url()]
    for page in pages:
        client.get(page)
    if change == "publish":
        make_article(newsroom.politics, title="Только что опубликовано")
        expected = {"/ru/": "Только что опубликовано"}
    elif change == "edit":
        newsroom.main.title = "Новый заголовок главной"
        newsroom.main.save()
        expected = {page: "Новый заголовок главной" for page in pages}
    elif change == "unpublish":
        newsroom.other.status = "unpublished"
        newsroom.other.save()
        expected = {}
        assert newsroom.other.title not in client.get("/ru/").content.decode()
    elif change == "breaking":
        BreakingNews.objects.create(edition="ru", text="Срочно: новое заседание")
        expected = {page: "Срочно: новое заседание" for page in pages}
    else:
        make_rates(timezone.localdate(), JPY="1.1000")
        expected = {}
    for page, text in expected.items():
        response = client.get(page)
        assert response["X-Cache"] == "miss" and text in response.content.decode(), page


def test_a_scheduled_article_appears_when_its_time_comes(client, newsroom):
    soon = make_article(
        newsroom.politics,
        title="Статья по расписанию",
        published_at=timezone.now() + dt.timedelta(seconds=1),
    )
    assert soon.title not in client.get("/ru/").content.decode()
    time.sleep(1.2)
    assert soon.title in client.get("/ru/").content.decode()


def test_staff_with_a_session_always_get_fresh_pages(client, newsroom):
    from tests.newsroom_staff import make_user

    client.force_login(make_user("reader-staff", None))
    client.get("/ru/")
    response = client.get("/ru/")
    assert "X-Cache" not in response and "private" in response["Cache-Control"]


def test_the_back_office_and_search_are_never_cached(client, newsroom):
    client.get("/ru/search/?q=закон")
    assert "X-Cache" not in client.get("/ru/search/?q=закон")
    assert "X-Cache" not in client.get("/admin/login/")


def test_health_and_readiness(client):
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["database"] == "ok"
