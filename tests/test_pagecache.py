"""Whole-page caching for anonymous readers: every change readers would see refreshes
exactly the pages that show it, and the others stay cached."""

import datetime as dt
import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from tests.factories import article_edit, make_article, make_section
from xeber.news.models import Author, BreakingNews
from xeber.pagecache import dependencies, store, versions

pytestmark = pytest.mark.django_db


def _past_the_clock_margin() -> None:
    """A page that starts rendering within the clock margin after a change is served but
    not stored (another server's clock may lag behind): readers who come later get it
    from the cache. Every test starts right after its newsroom was written."""
    time.sleep(django_settings.PAGE_CACHE_CLOCK_MARGIN_MS / 1000)


def test_a_cached_page_costs_no_query_and_says_how_long_a_cdn_may_keep_it(client, newsroom):
    _past_the_clock_margin()
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


def test_nginx_and_cdns_may_keep_a_page_only_for_the_shared_lifetime(client, newsroom, settings):
    """They hear of no change: a published story must not wait a minute behind them."""
    assert "s-maxage=1," in client.get("/ru/")["Cache-Control"]
    settings.SHARED_CACHE_SECONDS = 10
    assert "s-maxage=10," in client.get("/ru/section/politics/")["Cache-Control"]


def _expires(response) -> int:
    value = response["X-Accel-Expires"]
    assert value.startswith("@"), value
    return int(value[1:])


def test_nginx_is_told_the_last_whole_second_it_may_serve_a_page(client, newsroom, settings):
    """nginx counts whole seconds: from `s-maxage=1` alone it would serve a page for up to
    2 s. Each answer, a hit too, names the second its copy ends in, SHARED_CACHE_SECONDS
    - 1 after the present one."""
    settings.SHARED_CACHE_SECONDS = 3
    before = int(time.time())
    miss = client.get("/ru/")
    assert before + 2 <= _expires(miss) <= int(time.time()) + 2
    time.sleep(settings.PAGE_CACHE_CLOCK_MARGIN_MS / 1000)
    client.get("/ru/")
    time.sleep(1.05)
    hit = client.get("/ru/")
    assert hit["X-Cache"] == "hit"
    assert _expires(hit) > _expires(miss)  # counted from the answer, not from the store
    settings.SHARED_CACHE_SECONDS = 0
    assert "X-Accel-Expires" not in client.get("/ru/")
    assert "X-Accel-Expires" not in client.get("/admin/login/")  # never for private pages


@pytest.mark.parametrize(
    "change",
    ["publish", "edit", "unpublish", "breaking", "rates"],
)
def test_every_change_readers_see_refreshes_the_pages_at_once(client, newsroom, change):
    from tests.factories import make_rates

    pages = ["/ru/", "/ru/section/politics/", "/ru/tag/baku/", newsroom.main.get_absolute_url()]
    _warm(client, pages)
    if change == "publish":
        make_article(newsroom.politics, title="Только что опубликовано")
        expected = {"/ru/": "Только что опубликовано"}
    elif change == "edit":
        article_edit(newsroom.main, title="Новый заголовок главной")
        expected = {page: "Новый заголовок главной" for page in pages}
    elif change == "unpublish":
        article_edit(newsroom.other, status="unpublished")
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


def _cache_states(client, pages: list[str]) -> dict[str, str]:
    return {page: client.get(page)["X-Cache"] for page in pages}


def _warm(client, pages: list[str]) -> None:
    _past_the_clock_margin()
    for page in pages:
        client.get(page)
    assert set(_cache_states(client, pages).values()) == {"hit"}


def test_editing_an_article_refreshes_only_the_pages_that_show_it(client, newsroom):
    sports = make_section("ru", "Спорт", "sport", 2)
    match = make_article(sports, title="Матч закончился вничью")
    showing = ["/ru/", "/ru/section/economy/", "/ru/tag/baku/", newsroom.main.get_absolute_url()]
    elsewhere = ["/ru/section/sport/", match.get_absolute_url(), "/az/", "/en/"]
    _warm(client, showing + elsewhere)
    article_edit(newsroom.other, title="Банки снова снизили ставки")
    assert _cache_states(client, showing) == dict.fromkeys(showing, "miss")
    assert _cache_states(client, elsewhere) == dict.fromkeys(elsewhere, "hit")
    for page in showing:
        assert "Банки снова снизили ставки" in client.get(page).content.decode(), page


def test_publishing_refreshes_the_lists_it_joins_and_no_other(client, newsroom):
    sports = make_section("ru", "Спорт", "sport", 2)
    lists = ["/ru/", "/ru/section/politics/", "/ru/tag/baku/", newsroom.main.get_absolute_url()]
    elsewhere = ["/ru/section/sport/", "/az/", "/az/section/siyaset/"]
    _warm(client, lists + elsewhere)
    make_article(newsroom.politics, title="Свежая новость о Баку", tags=[newsroom.tag])
    assert _cache_states(client, lists) == dict.fromkeys(lists, "miss")
    assert _cache_states(client, elsewhere) == dict.fromkeys(elsewhere, "hit")
    assert sports  # the sports section is untouched by a political story


def test_moving_an_article_refreshes_the_list_it_left(client, newsroom):
    _warm(client, ["/ru/section/economy/", "/ru/section/politics/"])
    article_edit(newsroom.other, section=newsroom.politics)
    assert newsroom.other.title not in client.get("/ru/section/economy/").content.decode()
    assert newsroom.other.title in client.get("/ru/section/politics/").content.decode()


def test_tagging_refreshes_the_tag_pages_it_joins_and_leaves(client, newsroom):
    from xeber.news.models import Tag

    forum = Tag.objects.create(edition="ru", name="Форум", slug="forum")
    _warm(client, ["/ru/tag/forum/", "/ru/tag/baku/", "/ru/section/politics/"])
    # (the tag of Baku lists it already: its teaser is refreshed, as after any edit)
    article_edit(newsroom.other, tags=[newsroom.tag, forum])
    assert newsroom.other.title in client.get("/ru/tag/forum/").content.decode()
    assert client.get("/ru/section/politics/")["X-Cache"] == "hit"
    article_edit(newsroom.other, tags=[])
    assert newsroom.other.title not in client.get("/ru/tag/forum/").content.decode()
    assert newsroom.other.title not in client.get("/ru/tag/baku/").content.decode()


def test_renaming_an_author_refreshes_the_bylines(client, newsroom):
    page = newsroom.main.get_absolute_url()
    _warm(client, [page, "/ru/author/leyla-gasanova/", "/ru/section/economy/"])
    Author.objects.filter(pk=newsroom.author.pk).get().save()  # no name change: same text
    newsroom.author.name = "Лейла Гасанова-Алиева"
    newsroom.author.save()
    assert "Гасанова-Алиева" in client.get(page).content.decode()
    assert "Гасанова-Алиева" in client.get("/ru/author/leyla-gasanova/").content.decode()
    assert client.get("/ru/section/economy/")["X-Cache"] == "hit"


def test_breaking_news_refreshes_its_edition_only(client, newsroom):
    _warm(client, ["/ru/", "/az/"])
    BreakingNews.objects.create(edition="ru", text="Срочно: ещё одна новость")
    assert _cache_states(client, ["/ru/", "/az/"]) == {"/ru/": "miss", "/az/": "hit"}


def test_editing_a_draft_leaves_every_page_cached(client, newsroom):
    _warm(client, ["/ru/", "/ru/section/politics/"])
    article_edit(newsroom.draft, title="Черновик, переписанный")
    assert set(_cache_states(client, ["/ru/", "/ru/section/politics/"]).values()) == {"hit"}


def test_a_page_rendered_right_after_a_change_is_served_but_not_stored(client, newsroom, settings):
    """Another app server's clock may run ahead: within the margin after a change, a page
    might hold what the database had just before it, so it is not kept."""
    article_edit(newsroom.other, title="Правка прямо перед запросом")
    assert "Правка прямо перед запросом" in client.get("/ru/").content.decode()
    assert client.get("/ru/")["X-Cache"] == "miss"
    _past_the_clock_margin()
    client.get("/ru/")
    assert client.get("/ru/")["X-Cache"] == "hit"


def test_a_lost_version_never_brings_back_a_stale_page(client, newsroom):
    """If the cache evicts a version, pages stored under it are misses, not stale hits."""
    _warm(client, ["/ru/"])
    versions.shared().delete(versions.key(dependencies.front("ru")))
    assert client.get("/ru/")["X-Cache"] == "miss"
    assert client.get("/ru/")["X-Cache"] == "hit"


def test_the_first_page_after_the_cache_was_emptied_is_stored(client, newsroom):
    """Versions first seen while it renders (the header's among them) are dated before
    it started, as if nothing had changed for a while."""
    cache.clear()
    versions.shared().clear()
    assert client.get("/ru/")["X-Cache"] == "miss"
    assert client.get("/ru/")["X-Cache"] == "hit"


def test_a_hit_answers_a_conditional_request_with_304(client, newsroom):
    _past_the_clock_margin()
    first = client.get("/ru/")
    etag = client.get("/ru/")["ETag"]
    assert etag and first["ETag"] == etag
    again = client.get("/ru/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again["X-Cache"] == "hit"


def _page_changed_seconds_ago(client, path: str, seconds: int) -> None:
    """Date every change the cached page depends on `seconds` back, and drop the page."""
    _past_the_clock_margin()
    client.get(path)
    key = store.page_key(RequestFactory().get(path).META)
    stored, _fresh = store.lookup(key)
    versions.shared().set_many(dict.fromkeys(stored[0], time.time_ns() - seconds * 10**9), None)
    cache.delete(key)


def test_a_page_unchanged_for_a_while_says_since_when_and_answers_if_modified_since(
    client, newsroom
):
    _page_changed_seconds_ago(client, "/ru/", 30)
    first = client.get("/ru/")
    assert first["X-Cache"] == "miss"
    since = first["Last-Modified"]
    assert abs(int(time.time()) - 30 - _epoch(since)) <= 1
    again = client.get("/ru/", HTTP_IF_MODIFIED_SINCE=since)
    assert again.status_code == 304 and again["X-Cache"] == "hit"
    earlier = client.get("/ru/", HTTP_IF_MODIFIED_SINCE=http_date(_epoch(since) - 1))
    assert earlier.status_code == 200 and earlier.content == first.content
    # If-None-Match decides when both are sent.
    other = client.get("/ru/", HTTP_IF_MODIFIED_SINCE=since, HTTP_IF_NONE_MATCH='"other"')
    assert other.status_code == 200
    article_edit(newsroom.main, title="Новый заголовок")
    changed = client.get("/ru/", HTTP_IF_MODIFIED_SINCE=since)
    assert changed.status_code == 200 and "Новый заголовок" in changed.content.decode()


def test_a_page_changed_within_the_second_carries_no_last_modified(client, newsroom):
    # Second-resolution dates could not tell this copy from the one before the change.
    time.sleep(1 - time.time() % 1)  # the change early in a second, the page late in it:
    article_edit(newsroom.main, title="Только что")
    _past_the_clock_margin()  # late enough to be stored, still within that second
    assert time.time() % 1 < 0.9
    response = client.get("/ru/")
    assert response["X-Cache"] == "miss" and response["ETag"]
    assert not response.has_header("Last-Modified")
    assert client.get("/ru/")["X-Cache"] == "hit"


def _epoch(date: str) -> int:
    return parse_http_date(date)


def test_a_scheduled_article_appears_when_its_time_comes(client, newsroom):
    due = timezone.now() + dt.timedelta(seconds=2)
    soon = make_article(newsroom.politics, title="Статья по расписанию", published_at=due)
    _warm(client, ["/ru/"])  # a page stored before the article's time
    assert soon.title not in client.get("/ru/").content.decode()
    time.sleep((due - timezone.now()).total_seconds() + 0.1)
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
    assert ready.json()["cache"] == ready.json()["cache:versions"] == "ok"  # no Redis here


def _wsgi(path: str, method: str = "GET", **headers: str) -> tuple[str, dict[str, str], bytes]:
    """A request to the WSGI application that gunicorn serves, as gunicorn would make it."""
    import io
    import sys

    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from xeber.wsgi import application

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        **headers,
    }
    answer = {}

    def start_response(status, response_headers, exc_info=None):
        answer.update(status=status, headers=dict(response_headers))

    # As Django's test client does: the test's open transaction must survive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = application(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):  # as gunicorn does
                result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return answer["status"], answer["headers"], body


def test_a_head_request_neither_gets_a_body_nor_stores_a_page_without_etag(newsroom, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    _past_the_clock_margin()
    status, head, body = _wsgi("/ru/", method="HEAD")  # a miss, answered by Django
    assert status == "200 OK" and head["X-Cache"] == "miss" and body == b""
    assert "s-maxage" in head["Cache-Control"]
    status, first, _ = _wsgi("/ru/")  # stored from this GET, not from the HEAD
    assert first["X-Cache"] == "miss" and first["ETag"]
    assert _wsgi("/ru/")[1]["ETag"] == first["ETag"]


def test_the_wsgi_front_answers_hits_exactly_as_django_would(newsroom, settings):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    _past_the_clock_margin()
    status, first, body = _wsgi("/ru/")
    assert status == "200 OK" and first["X-Cache"] == "miss"
    status, hit, again = _wsgi("/ru/")
    assert status == "200 OK" and hit["X-Cache"] == "hit" and again == body
    for header in (
        "Content-Type",
        "Content-Security-Policy",
        "X-Frame-Options",
        "ETag",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cache-Control",
    ):
        assert hit[header] == first[header], header
    status, headers, empty = _wsgi("/ru/", HTTP_IF_NONE_MATCH=hit["ETag"])
    assert status == "304 Not Modified" and empty == b"" and headers["ETag"] == hit["ETag"]
    assert "Content-Type" not in headers
    assert _wsgi("/ru/", method="HEAD")[2] == b""
    staff = _wsgi("/ru/", HTTP_COOKIE=f"{settings.SESSION_COOKIE_NAME}=whatever")[1]
    assert "X-Cache" not in staff and "private" in staff["Cache-Control"]
    article_edit(newsroom.main, title="Заголовок после правки")
    status, changed, fresh = _wsgi("/ru/")
    assert changed["X-Cache"] == "miss" and "Заголовок после правки" in fresh.decode()
    for _ in range(2):  # a host Django refuses is refused every time, never served a page
        assert _wsgi("/ru/", HTTP_HOST="evil.example")[0].startswith("400")
