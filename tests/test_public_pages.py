"""What a reader sees on each public page."""

import datetime as dt
import time

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.utils import timezone

from xeber.core.dates import long_date
from xeber.news.models import Article, BreakingNews
from xeber.pagecache import dependencies, versions

pytestmark = pytest.mark.django_db


def test_it_redirects_the_root_to_the_russian_edition(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/ru/"


def test_it_shows_date_rates_and_breaking_news_in_the_header(client, newsroom):
    html = client.get("/ru/").content.decode()
    assert long_date(timezone.localdate(), "ru") in html
    assert '<abbr>USD</abbr> <span class="rate-value">1.7000</span>' in html
    assert '<abbr>EUR</abbr> <span class="rate-value">1.9850</span>' in html
    # RUB is quoted per 100 by the bank; the header shows one rouble.
    assert '<abbr>RUB</abbr> <span class="rate-value">0.0210</span>' in html
    assert "Срочно: в Баку открылся форум" in html
    assert "Təcili" not in html  # another edition's line


def test_it_writes_the_date_in_each_editions_language(client, newsroom):
    today = timezone.localdate()
    assert long_date(today, "az") in client.get("/az/").content.decode()
    assert long_date(today, "en") in client.get("/en/").content.decode()


def test_it_says_from_which_day_stale_rates_are(client, newsroom, settings):
    from tests.factories import make_rates
    from xeber.rates.models import Rate

    Rate.objects.all().delete()
    old = timezone.localdate() - dt.timedelta(days=10)
    make_rates(old, USD="1.7000")
    html = client.get("/ru/").content.decode()
    assert f"курсы на {long_date(old, 'ru')}" in html


def test_front_page_leads_with_the_main_story_and_lists_the_latest(client, newsroom):
    html = client.get("/ru/").content.decode()
    main_at = html.index('class="main-story"')
    assert html.index(newsroom.main.title) > main_at
    assert newsroom.other.title in html
    assert newsroom.draft.title not in html
    assert newsroom.future.title not in html
    assert 'aria-labelledby="section-economy"' in html


def test_article_page_shows_everything_a_reader_needs(client, newsroom):
    response = client.get(newsroom.main.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    for expected in [
        "<h1>Парламент одобрил новый закон о медиа</h1>",
        "Депутаты проголосовали в первом чтении.",
        "Лейла Гасанова",
        'rel="tag" href="/ru/tag/baku/"',
        "Политика",
        'hreflang="az" href="http://testserver/az/news/',
        newsroom.other.title,  # related through the shared tag
    ]:
        assert expected in html, expected
    assert f'href="{newsroom.main_az.get_absolute_url()}" hreflang="az"' in html


def test_a_substantive_update_after_publication_shows_as_updated(client, newsroom, settings):
    settings.PAGE_CACHE_SECONDS = 0
    article = newsroom.main
    published = article.published_at
    same_minute = published.replace(second=59, microsecond=999999)
    Article.objects.filter(pk=article.pk).update(revised_at=same_minute)
    assert 'class="updated"' not in client.get(article.get_absolute_url()).content.decode()
    edited = published + dt.timedelta(minutes=2)
    Article.objects.filter(pk=article.pk).update(revised_at=edited)
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="updated"' in html
    assert f'<time datetime="{timezone.localtime(edited).isoformat(timespec="seconds")}"' in html


def test_times_are_the_newsrooms_even_where_a_request_chose_another_zone(
    client, newsroom, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    settings.TIME_ZONE = "Asia/Baku"
    moment = dt.datetime(2026, 11, 20, 10, 5, tzinfo=dt.UTC)
    Article.objects.filter(pk=newsroom.main.pk).update(published_at=moment, updated_at=moment)
    with timezone.override("America/New_York"):
        html = client.get(newsroom.main.get_absolute_url()).content.decode()
    assert '<time datetime="2026-11-20T14:05:00+04:00">20 ноября 2026, 14:05</time>' in html


def test_unpublished_and_future_articles_are_not_found(client, newsroom):
    assert client.get(newsroom.draft.get_absolute_url()).status_code == 404
    assert client.get(newsroom.future.get_absolute_url()).status_code == 404
    assert client.get(newsroom.main.get_absolute_url().replace("/ru/", "/en/")).status_code == 404


def test_section_tag_and_author_pages_list_public_articles(client, newsroom):
    section = client.get("/ru/section/politics/").content.decode()
    assert newsroom.main.title in section and newsroom.other.title not in section
    assert newsroom.draft.title not in section
    tag = client.get("/ru/tag/baku/").content.decode()
    assert newsroom.main.title in tag and newsroom.other.title in tag
    author = client.get("/ru/author/leyla-gasanova/").content.decode()
    assert newsroom.main.title in author and "Обозреватель." in author


def test_daily_archive_lists_the_days_articles(client, newsroom):
    day = timezone.localdate(newsroom.main.published_at)
    html = client.get(f"/ru/archive/{day:%Y/%m/%d}/").content.decode()
    assert newsroom.main.title in html
    assert long_date(day, "ru") in html


@pytest.mark.parametrize("page", ["0", "99", "x", "-1", "1.5", "9" * 40])
def test_a_bad_page_number_is_a_404(client, newsroom, page):
    assert client.get(f"/ru/section/politics/?page={page}").status_code == 404


def test_pages_paginate(client, newsroom, settings):
    from tests.factories import make_article

    for number in range(25):
        make_article(newsroom.economy, title=f"Экономическая новость {number}")
    first = client.get("/ru/section/economy/").content.decode()
    second = client.get("/ru/section/economy/?page=2").content.decode()
    assert "Экономическая новость 24" in first and "Экономическая новость 24" not in second
    assert 'rel="next"' in first and 'rel="prev"' in second


def test_not_found_page_is_localised(client, newsroom):
    response = client.get("/az/news/yoxdur/")
    assert response.status_code == 404
    assert "Səhifə tapılmadı" in response.content.decode()


def test_server_error_page_is_localised(rf):
    from xeber.core.views import server_error

    response = server_error(rf.get("/az/news/x/"))
    assert response.status_code == 500
    assert "Nə isə səhv getdi" in response.content.decode()


def test_interface_is_translated(client, newsroom):
    assert "Последние новости" in client.get("/ru/").content.decode()
    assert "Son xəbərlər" in client.get("/az/").content.decode()
    assert "Latest news" in client.get("/en/").content.decode()


def test_breaking_line_disappears_when_it_expires(client, newsroom):
    line = BreakingNews.objects.get(edition="ru")
    assert line.text in client.get("/ru/").content.decode()
    line.expires_at = timezone.now() - dt.timedelta(seconds=1)
    line.save()
    assert line.text not in client.get("/ru/").content.decode()


def test_breaking_line_appears_when_its_time_comes(client, newsroom, settings):
    soon = BreakingNews.objects.create(
        edition="en", text="Coming up", starts_at=timezone.now() + dt.timedelta(seconds=1)
    )
    assert soon.text not in client.get("/en/").content.decode()
    # The cached header lives no longer than the moment the line starts.
    time.sleep(1.1)
    assert soon.text in client.get("/en/").content.decode()


def _header_changed_on_another_server(edition: str) -> None:
    """What another app server's change leaves in the shared cache: the header's new
    version (a change made here would have this process read it again at once)."""
    versions.shared().set(versions.key(dependencies.header(edition)), time.time_ns(), None)


def _until_the_header_version_is_read_again() -> None:
    time.sleep(django_settings.PAGE_CACHE_CLOCK_MARGIN_MS / 2000 + 0.05)


def test_each_process_keeps_the_rendered_header_until_its_version_changes(
    client, newsroom, settings
):
    """Another app server's change reaches this one through the shared version; until
    then the header comes from this process's copy, rendered once."""
    settings.PAGE_CACHE_SECONDS = 0  # the header alone is under test
    line = BreakingNews.objects.get(edition="ru")
    assert line.text in client.get("/ru/").content.decode()
    BreakingNews.objects.filter(pk=line.pk).update(text="Новая строка")  # no signal here
    assert line.text in client.get(f"/ru/news/{newsroom.other.slug}/").content.decode()
    _header_changed_on_another_server("ru")
    # This process read the version just now and goes on using it for a moment.
    assert line.text in client.get("/ru/").content.decode()
    _until_the_header_version_is_read_again()
    assert "Новая строка" in client.get("/ru/").content.decode()


def test_a_page_shown_with_a_header_changed_on_another_server_is_not_cached(client, newsroom):
    """Until this process reads the header's version again it shows the old header; the
    page cache must not keep such a page once the change is known."""
    time.sleep(django_settings.PAGE_CACHE_CLOCK_MARGIN_MS / 1000)  # the newsroom is older
    line = BreakingNews.objects.get(edition="ru")
    path = f"/ru/news/{newsroom.other.slug}/"
    assert line.text in client.get("/ru/").content.decode()
    BreakingNews.objects.filter(pk=line.pk).update(text="Новая строка")
    _header_changed_on_another_server("ru")
    stale = client.get(path)
    assert line.text in stale.content.decode() and stale["X-Cache"] == "miss"
    _until_the_header_version_is_read_again()
    fresh = client.get(path)
    assert "Новая строка" in fresh.content.decode() and fresh["X-Cache"] == "miss"


def test_an_emptied_cache_never_brings_back_an_older_header(client, newsroom, settings):
    settings.PAGE_CACHE_SECONDS = 0
    line = BreakingNews.objects.get(edition="ru")
    _flush_redis()  # the version this process starts from was numbered after a flush, too
    assert line.text in client.get("/ru/").content.decode()
    BreakingNews.objects.filter(pk=line.pk).update(text="После перезапуска")
    _flush_redis()  # Redis restarted: it keeps nothing on disk
    _until_the_header_version_is_read_again()
    assert "После перезапуска" in client.get("/ru/").content.decode()


def _flush_redis() -> None:
    """Pages, headers and versions gone, as from a restarted Redis."""
    cache.clear()
    versions.shared().clear()


def test_pages_carry_security_headers(client, newsroom):
    response = client.get("/ru/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
