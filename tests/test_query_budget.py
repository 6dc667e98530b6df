"""Each public page costs a fixed, small number of queries, whatever the archive size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_article
from xeber.news.generate import generate_articles

pytestmark = pytest.mark.django_db

MAX_QUERIES = 6


def _queries(client, url) -> int:
    client.get(url)  # warms the header cache, as in steady state
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _urls(newsroom):
    day = newsroom.main.published_at
    from django.utils import timezone

    day = timezone.localdate(day)
    return [
        "/ru/",
        newsroom.main.get_absolute_url(),
        "/ru/section/politics/",
        "/ru/tag/baku/",
        f"/ru/archive/{day:%Y/%m/%d}/",
    ]


def test_pages_stay_within_the_query_budget_and_do_not_grow(client, newsroom, settings):
    settings.PAGE_CACHE_SECONDS = 0  # rendering is measured, not the page cache
    before = {url: _queries(client, url) for url in _urls(newsroom)}
    assert max(before.values()) <= MAX_QUERIES, before
    generate_articles(300, edition="ru", seed=3)
    for _ in range(5):
        make_article(newsroom.politics, tags=[newsroom.tag], authors=[newsroom.author])
    after = {url: _queries(client, url) for url in _urls(newsroom)}
    # PostgreSQL's article page finds its related articles in one query fewer once the
    # archive is large enough (news/selectors.py): fewer, never more.
    assert all(after[url] <= before[url] for url in before), (before, after)


def test_the_header_costs_nothing_once_cached(client, newsroom):
    from xeber.news.masthead import hold_masthead

    hold_masthead("ru")
    with CaptureQueriesContext(connection) as captured:
        masthead = hold_masthead("ru").masthead
    assert len(captured) == 0
    assert masthead.rates.rates[0].value == "1.7000"


def test_the_header_rate_lookup_is_one_query(newsroom):
    import datetime as dt

    from xeber.rates.selectors import header_rates

    with CaptureQueriesContext(connection) as captured:
        rates = header_rates(dt.date.today() + dt.timedelta(days=3))
    assert len(captured) == 1
    assert [rate.code for rate in rates.rates] == ["USD", "EUR", "RUB"]
