"""Counting reads without cookies or stored addresses, and showing what is read most: the
beacon (answered in front of Django and by Django alike), the cache's counters, their
flush into hourly rows, the "most read" block, page and API, and what forged or flooding
beacons can do (nothing)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import make_article, make_section
from xeber.analytics import counting, markup
from xeber.analytics.beacon import PATH
from xeber.analytics.models import HourlyReads
from xeber.analytics.services import reads_flush
from xeber.analytics.wsgi import ReadsBeacon
from xeber.core.throttle import client_address
from xeber.news.models import Article

pytestmark = pytest.mark.django_db(transaction=True)
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36"


@pytest.fixture
def stories():
    section = make_section("ru", "Политика", "politics")
    return [make_article(section, title=f"Новость {number}") for number in range(6)]


def beacon(client, article, *, source="direct", reader="10.0.0.1", agent=BROWSER, **fields):
    data = {
        "a": article.pk, "e": article.edition, "s": source,
        "t": counting.token(article.edition, article.pk), **fields,
    }  # fmt: skip
    body = "&".join(f"{name}={value}" for name, value in data.items())
    return client.generic(
        "POST", PATH, body, content_type="application/x-www-form-urlencoded",
        HTTP_USER_AGENT=agent, REMOTE_ADDR=reader,
    )  # fmt: skip


def windows_close(monkeypatch, minutes: int = 2):
    """The clock moves on, so the windows counted in are closed and may be flushed."""
    later = timezone.now() + dt.timedelta(minutes=minutes)
    monkeypatch.setattr(timezone, "now", lambda: later)


def counted(article) -> dict[str, int]:
    rows = HourlyReads.objects.filter(article=article)
    return {row.source: row.reads for row in rows}


def test_a_read_is_counted_once_an_hour_per_reader_and_flushed_into_hourly_rows(
    client, stories, monkeypatch
):
    first, second = stories[:2]
    for reader in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
        assert beacon(client, first, reader=reader, source="search").status_code == 204
    assert beacon(client, first, reader="10.0.0.1", source="social").status_code == 204  # again
    beacon(client, second, reader="10.0.0.1", source="telegram")
    assert not HourlyReads.objects.exists()  # nothing written to the database by a read
    windows_close(monkeypatch)
    assert reads_flush() == 4
    assert counted(first) == {"search": 3} and counted(second) == {"telegram": 1}
    hour = HourlyReads.objects.get(article=second).hour
    assert hour.minute == 0 and hour.second == 0
    assert reads_flush() == 0  # a window is moved once
    assert counted(first) == {"search": 3}


def test_no_cookie_is_set_and_no_address_is_kept(client, stories):
    answer = beacon(client, stories[0], reader="192.0.2.44")
    assert answer.status_code == 204 and not answer.cookies
    assert answer["Cache-Control"] == "no-store"
    kept = everything_in(counting.counters())
    assert "reads:seen:" in kept  # the reader's hash is there; their address is not
    assert "192.0.2.44" not in kept and "Chrome/156" not in kept


def everything_in(cache) -> str:
    """Every key and value of the shared cache, as text (SQLite's file or Redis)."""
    if hasattr(cache, "_db"):
        return repr(cache._db().execute("SELECT key, value FROM cache").fetchall())
    client = cache._cache.get_client()
    return repr([(key, client.get(key)) for key in client.scan_iter()])


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"t": "0" * 16}, 403),  # a token of no story of ours
        ({"a": "999999"}, 403),  # an article the token was not made for
        ({"e": "xx"}, 400),
        ({"s": "radio"}, 400),
        ({"a": "abc"}, 400),
        ({"a": "-5"}, 400),
        ({"a": "١٢"}, 400),  # digits, but not ours
        ({"t": "%C3%A9"}, 400),  # a token that is not one
        ({"t": "é"}, 400),
        ({"e": "az"}, 403),  # another edition's story
    ],
)
def test_forged_or_malformed_beacons_are_refused_with_4xx(client, stories, change, status):
    answer = beacon(client, stories[0], **change)
    assert answer.status_code == status


def test_huge_bodies_other_methods_and_bots_count_nothing(client, stories, monkeypatch):
    huge = client.generic("POST", PATH, "a=1&" + "x" * 5000, content_type="text/plain")
    assert huge.status_code == 413
    assert client.get(PATH).status_code == 405
    assert client.generic("POST", PATH, b"\xff\xfe", content_type="text/plain").status_code == 400
    for agent in ("Googlebot/2.1", "Mozilla/5.0 HeadlessChrome/156", "curl/8.5", ""):
        assert beacon(client, stories[0], agent=agent).status_code == 204
    windows_close(monkeypatch)
    assert reads_flush() == 0


def test_a_flood_from_one_client_counts_once(client, stories, monkeypatch):
    for _ in range(300):
        beacon(client, stories[0], reader="198.51.100.7")
    beacon(client, stories[1], reader="198.51.100.8")
    windows_close(monkeypatch)
    reads_flush()
    assert counted(stories[0]) == {"direct": 1}


def test_reads_of_a_story_taken_off_are_not_kept(client, stories, monkeypatch):
    beacon(client, stories[0])
    Article.objects.filter(pk=stories[0].pk).update(status=Article.Status.DRAFT)
    windows_close(monkeypatch)
    reads_flush()
    assert not HourlyReads.objects.exists()


def test_the_beacon_is_answered_in_front_of_django(stories):
    """What gunicorn runs (xeber/wsgi.py): no Django request, no middleware."""

    def django(environ, start_response):
        raise AssertionError("the beacon reached Django")

    front = ReadsBeacon(django)
    story = stories[0]
    body = f"a={story.pk}&e=ru&s=internal&t={counting.token('ru', story.pk)}".encode()
    answered = []
    environ = {
        "PATH_INFO": PATH, "REQUEST_METHOD": "POST", "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body), "HTTP_USER_AGENT": BROWSER,
        "REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9, 10.1.1.1",
    }  # fmt: skip
    front(environ, lambda status, headers: answered.append((status, dict(headers))))
    assert answered[0][0] == "204 No Content"
    assert answered[0][1]["Cache-Control"] == "no-store"
    assert counting.window_counts(counting.window_of(timezone.now())) == {
        ("ru", story.pk, "internal"): 1
    }


# --- Showing -------------------------------------------------------------------------------


def read_by(client, story, readers: int, source="direct"):
    for number in range(readers):
        beacon(client, story, reader=f"10.1.{story.pk % 250}.{number}", source=source)


def test_most_read_block_page_and_api(client, stories, monkeypatch):
    for rank, story in enumerate(stories[:5]):
        read_by(client, story, 10 - rank)
    old = stories[5]
    HourlyReads.objects.create(
        article=old, edition="ru", source="direct", reads=100,
        hour=(timezone.now() - dt.timedelta(days=3)).replace(minute=0, second=0, microsecond=0),
    )  # fmt: skip
    windows_close(monkeypatch)
    reads_flush()
    markup.forget()
    front = Client().get("/ru/").content.decode()
    block = front[front.index('class="most-read"') :]
    order = [block.index(story.title) for story in stories[:5]]
    assert order == sorted(order) and stories[5].title not in block[: block.index("</aside>")]
    page = Client().get("/ru/most-read/?period=week").content.decode()
    assert page.index(old.title) < page.index(stories[0].title)  # 100 reads this week
    today = Client().get("/ru/most-read/").content.decode()
    assert old.title not in today
    assert Client().get("/ru/most-read/?period=<script>").status_code == 200
    api = Client().get("/api/v1/most-read/?edition=ru&period=day").json()
    assert [item["id"] for item in api["articles"]] == [story.pk for story in stories[:5]]
    assert set(api["articles"][0]) == {"rank", "id", "title", "url", "published_at"}
    assert Client().get("/api/v1/most-read/?period=year").status_code == 400
    assert Client().get("/api/v1/most-read/?edition=xx").status_code == 400


def test_a_query_string_of_a_visitors_choosing_does_not_sum_the_month_again(
    client, stories, django_assert_num_queries, monkeypatch
):
    """Each such request misses the page cache; the ranking it reads is the minute's."""
    read_by(client, stories[0], 3)
    windows_close(monkeypatch)
    reads_flush()
    api = Client()
    api.get("/api/v1/most-read/?edition=ru&period=month&x=0")
    with django_assert_num_queries(1):  # the stories by primary key, not the hourly sums
        assert api.get("/api/v1/most-read/?edition=ru&period=month&x=1").status_code == 200


def test_the_block_costs_a_page_no_query(client, stories, django_assert_num_queries):
    markup.forget()
    Client().get(stories[0].get_absolute_url())  # the process renders it once
    with django_assert_num_queries(0):
        html = markup.most_read_block()
    assert html == markup.most_read_block()


def test_article_pages_carry_their_beacon_and_the_same_html_for_every_reader(stories):
    story = stories[0]
    first = Client(HTTP_USER_AGENT="a").get(story.get_absolute_url())
    second = Client(HTTP_USER_AGENT="b", REMOTE_ADDR="10.9.9.9").get(story.get_absolute_url())
    assert first.content == second.content and not first.cookies
    token = counting.token("ru", story.pk)
    assert f'data-read="a={story.pk}&amp;e=ru&amp;t={token}"' in first.content.decode()


def test_with_redis_a_read_is_counted_in_one_script_and_read_back_by_the_flush(monkeypatch):
    """Production's counters (REDIS_URL): the reader's mark, the counter and its slot are
    written by one Lua script, in the shapes Django's Redis cache reads back."""
    from xeber.core.cache import ResilientRedisCache

    redis = ResilientRedisCache("redis://127.0.0.1:6379/14", {"KEY_PREFIX": "xeber-reads-test"})
    redis.clear()
    monkeypatch.setattr(counting, "counters", lambda: redis)
    monkeypatch.setattr(counting, "_script", [])
    try:
        for reader in ("10.0.0.1", "10.0.0.2", "10.0.0.1"):
            counting.read_count(
                edition="ru", article_id=7, source="social", client=reader, agent=BROWSER
            )
        counting.read_count(edition="ru", article_id=8, source="direct", client="x", agent="y")
        window = counting.window_of(timezone.now())
        assert counting.window_counts(window) == {("ru", 7, "social"): 2, ("ru", 8, "direct"): 1}
        ttl = redis._cache.get_client().ttl(redis.make_key(f"reads:w{window}:ru:7:social"))
        assert 0 < ttl <= counting.KEPT_SECONDS
    finally:
        redis.clear()


@pytest.fixture(params=["sqlite", "redis"])
def store(request, monkeypatch):
    """The counters in the machine's SQLite cache (no REDIS_URL) or in Redis (production)."""
    if request.param == "sqlite":
        yield counting.counters()
        return
    from xeber.core.cache import ResilientRedisCache

    redis = ResilientRedisCache("redis://127.0.0.1:6379/14", {"KEY_PREFIX": "xeber-reads-test"})
    redis.clear()
    monkeypatch.setattr(counting, "counters", lambda: redis)
    monkeypatch.setattr(counting, "_script", [])
    yield redis
    redis.clear()


def read(article_id=7, *, client="10.0.0.1", agent=BROWSER) -> bool:
    return counting.read_count(
        edition="ru", article_id=article_id, source="direct", client=client, agent=agent
    )


def test_one_address_counts_a_capped_number_of_readers_of_a_story(store, monkeypatch):
    """A client that changes its User-Agent on every beacon is not a crowd of readers."""
    monkeypatch.setattr(counting, "_salts", {})
    agents = [f"{BROWSER} rotation/{number}" for number in range(counting.ADDRESS_READERS + 15)]
    counted_reads = [read(agent=agent) for agent in agents]
    assert counted_reads.count(True) == counting.ADDRESS_READERS
    assert read(article_id=8, agent=agents[-1])  # another story from that address counts
    assert read(client="10.0.0.2", agent=agents[-1])  # and another address


def test_reads_across_midnight_count_once(store, monkeypatch):
    """The salt changes at midnight (UTC), and so does a reader's hash; the mark of the day
    before still folds their reads in the new day's first hour."""
    monkeypatch.setattr(counting, "_salts", {})
    evening = dt.datetime(2026, 12, 3, 23, 59, 30, tzinfo=dt.UTC)
    clock = [evening]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    assert read()
    clock[0] = evening + dt.timedelta(minutes=1)  # 00:00:30, a new day and a new salt
    assert not read()
    assert read(client="10.0.0.9")  # someone else's first read counts
    clock[0] = evening + dt.timedelta(minutes=61)  # past the hour: a new read
    assert read()


def test_the_address_cap_holds_across_midnight(store, monkeypatch):
    """A flood that filled its address's cap before midnight does not start afresh at
    00:00 with the new salt."""
    monkeypatch.setattr(counting, "_salts", {})
    evening = dt.datetime(2026, 12, 3, 23, 59, 0, tzinfo=dt.UTC)
    clock = [evening]
    monkeypatch.setattr(timezone, "now", lambda: clock[0])
    agents = [f"{BROWSER} rotation/{number}" for number in range(counting.ADDRESS_READERS + 5)]
    assert [read(agent=agent) for agent in agents].count(True) == counting.ADDRESS_READERS
    clock[0] = evening + dt.timedelta(minutes=2)  # 00:01, a new day and a new salt
    assert [read(agent=f"{agent} new") for agent in agents].count(True) == 0
    assert read(client="10.0.0.9")  # another address counts
    assert read(article_id=8, agent="a browser")  # and another story from this address


def test_a_client_reaching_the_app_directly_cannot_choose_its_address(stories):
    """Behind nginx (a trusted proxy) the address it added counts; a client that connects
    itself is its own address, whatever X-Forwarded-For it sends, so it cannot pose as
    many readers."""
    story = stories[0]
    for number in range(30):
        Client().generic(
            "POST", PATH,
            f"a={story.pk}&e=ru&s=direct&t={counting.token('ru', story.pk)}",
            content_type="application/x-www-form-urlencoded", HTTP_USER_AGENT=f"{BROWSER} {number}",
            REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"203.0.113.{number}",
        )  # fmt: skip
    counted = counting.window_counts(counting.window_of(timezone.now()))
    assert counted == {("ru", story.pk, "direct"): counting.ADDRESS_READERS}
    assert client_address({"REMOTE_ADDR": "198.51.100.7", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}) == (
        "198.51.100.7"
    )
    assert client_address(
        {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "9.9.9.9, 1.2.3.4"}
    ) == ("1.2.3.4")
    assert client_address({"REMOTE_ADDR": "", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}) == "1.2.3.4"
    mapped = {"REMOTE_ADDR": "::ffff:127.0.0.1", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}
    assert client_address(mapped) == "1.2.3.4"


def test_trusted_proxies_may_be_networks(settings):
    settings.TRUSTED_PROXIES = ["10.20.0.0/16"]
    behind = {"REMOTE_ADDR": "10.20.3.4", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}
    outside = {"REMOTE_ADDR": "10.21.3.4", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}
    assert (client_address(behind), client_address(outside)) == ("1.2.3.4", "10.21.3.4")
