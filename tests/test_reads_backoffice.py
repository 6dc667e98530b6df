"""Readers in the back office: the "readers now" screen of an editor's editions, one story's
reads by hour and source with its chart, the CSV downloads, and who may see them (editors
and chief editors, in their editions; never authors)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_section
from tests.newsroom_staff import login, make_user
from xeber.analytics.counting import read_count
from xeber.analytics.models import HourlyReads
from xeber.editorial.models import StaffProfile
from xeber.editorial.roles import Role, ensure_role_groups

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36"
NOW = reverse("admin:analytics_hourlyreads_changelist")


@pytest.fixture
def frozen(monkeypatch):
    """The clock stops (mid-test hours would otherwise add a bar to the chart)."""
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


@pytest.fixture
def editor():
    """An editor of the Russian and Azerbaijani editions, reading the back office in English."""
    ensure_role_groups()
    person = make_user("farid", Role.EDITOR, editions=("ru", "az"))
    StaffProfile.objects.filter(user=person).update(language="en")
    return person


def reads(article, count: int, source: str = "direct") -> None:
    """`count` readers read the story now: the beacon's counters, before any flush."""
    for reader in range(count):
        assert read_count(
            edition=article.edition, article_id=article.pk, source=source,
            client=f"{source}:{article.pk}:{reader}", agent=BROWSER,
        )  # fmt: skip


def listed(page: str, edition: str) -> list[tuple[int, int]]:
    """(article id, reads) of an edition's board, in the order shown."""
    board = re.search(rf'<section class="module reads-now" data-edition="{edition}".*?</section>',
                      page, re.DOTALL)  # fmt: skip
    assert board, f"no board for {edition}"
    rows = re.findall(r'data-article="(\d+)">.*?<td class="reads">(\d+)</td>', board[0], re.DOTALL)
    return [(int(pk), int(count)) for pk, count in rows]


def local_hours(hour: dt.datetime):
    """The hour so many hours before, as the back office shows it (the site's time)."""
    return lambda ago: f"{timezone.localtime(hour - dt.timedelta(hours=ago)):%Y-%m-%d %H:%M}"


def csv_rows(response) -> list[list[str]]:
    body = response.content
    assert body.startswith("\ufeff".encode()), "spreadsheets need the byte order mark"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_the_now_screen_lists_the_stories_read_most_in_the_editors_editions(client, editor):
    ru, az, en = (make_section(edition) for edition in ("ru", "az", "en"))
    first, second, third = (make_article(ru, title=f"Новость {n}") for n in (1, 2, 3))
    az_story = make_article(az, title="Büdcə qəbul edildi")
    en_story = make_article(en, title="Budget passed")
    unread = make_article(ru, title="Никто не читал")
    reads(first, 3)
    reads(second, 5, "search")
    reads(second, 1, "telegram")
    reads(third, 1)
    reads(az_story, 2)
    reads(en_story, 9)
    # A flushed row of this hour: "now" is the last 30 minutes' counters alone.
    HourlyReads.objects.create(
        article=unread, edition="ru", source="direct", reads=50,
        hour=timezone.now().replace(minute=0, second=0, microsecond=0),
    )  # fmt: skip
    login(client, editor)
    response = client.get(NOW)
    assert response.status_code == 200
    page = response.content.decode()
    assert listed(page, "ru") == [(second.pk, 6), (first.pk, 3), (third.pk, 1)]
    assert listed(page, "az") == [(az_story.pk, 2)]
    assert 'data-edition="en"' not in page and "Budget passed" not in page
    article_screen = reverse("admin:analytics_hourlyreads_article", args=[second.pk])
    assert f'<a href="{article_screen}">Новость 2</a>' in page
    assert '<meta http-equiv="refresh" content="30">' in page
    # The screen refreshes itself without a script: the admin's CSP stays strict.
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert not re.search(r"<script(?![^>]*\bsrc=)", page), "no inline script"


def test_the_now_screen_as_csv(client, editor):
    ru, az = make_section("ru"), make_section("az")
    story = make_article(ru, title="=Бюджет, «принят»")
    other = make_article(ru, title="Погода")
    az_story = make_article(az, title="Hava")
    reads(story, 4)
    reads(other, 2)
    reads(az_story, 1)
    login(client, editor)
    response = client.get(reverse("admin:analytics_hourlyreads_now_csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="reads-now-\d{8}-\d{4}\.csv"', response["Content-Disposition"]
    )
    address = "http://testserver{}".format
    assert csv_rows(response) == [
        ["edition", "rank", "article_id", "title", "reads", "url"],
        ["ru", "1", str(story.pk), "'=Бюджет, «принят»", "4", address(story.get_absolute_url())],
        ["ru", "2", str(other.pk), "Погода", "2", address(other.get_absolute_url())],
        ["az", "1", str(az_story.pk), "Hava", "1", address(az_story.get_absolute_url())],
    ]


def test_the_article_screen_shows_the_total_the_sources_and_a_bar_per_hour(client, editor, frozen):
    story = make_article(make_section("ru"), published_at=frozen - dt.timedelta(hours=3))
    hour = frozen.replace(minute=0, second=0, microsecond=0)
    for hours_ago, source, count in [
        (3, "search", 4), (3, "direct", 1), (1, "telegram", 2), (0, "social", 3),
    ]:  # fmt: skip
        HourlyReads.objects.create(
            article=story, edition="ru", hour=hour - dt.timedelta(hours=hours_ago),
            source=source, reads=count,
        )  # fmt: skip
    login(client, editor)
    response = client.get(reverse("admin:analytics_hourlyreads_article", args=[story.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert '<p class="reads-total">Total: <strong>10</strong></p>' in page
    sources = re.findall(r'<th scope="row">([^<]+)</th><td class="reads">(\d+)</td>', page)
    assert sources == [
        ("search engines", "4"),
        ("social networks", "3"),
        ("Telegram", "2"),
        ("direct", "1"),
    ]
    svg = re.search(r'<svg class="reads-chart".*?</svg>', page, re.DOTALL)
    assert svg, "the chart is drawn on the server"
    bars = re.findall(r'<rect class="reads-hour"[^>]*><title>([^<]+)</title></rect>', svg[0])
    label = local_hours(hour)
    assert bars == [f"{label(3)}: 5", f"{label(2)}: 0", f"{label(1)}: 2", f"{label(0)}: 3"]
    hours = re.findall(r'<time datetime="[^"]+">([^<]+)</time></th>.*?<td class="reads">(\d+)<',
                       page)  # fmt: skip
    assert hours == [(label(0), "3"), (label(1), "2"), (label(3), "5")]  # newest first
    assert reverse("admin:analytics_hourlyreads_article_csv", args=[story.pk]) in page


def test_the_chart_covers_the_last_seven_days_of_an_older_story(client, editor, frozen):
    story = make_article(make_section("ru"), published_at=frozen - dt.timedelta(days=30))
    hour = frozen.replace(minute=0, second=0, microsecond=0)
    HourlyReads.objects.create(
        article=story, edition="ru", hour=hour - dt.timedelta(days=10), source="search", reads=7
    )
    HourlyReads.objects.create(
        article=story, edition="ru", hour=hour - dt.timedelta(hours=5), source="other", reads=2
    )
    login(client, editor)
    page = client.get(reverse("admin:analytics_hourlyreads_article", args=[story.pk]))
    content = page.content.decode()
    assert content.count('<rect class="reads-hour"') == 7 * 24
    assert "Total: <strong>9</strong>" in content  # all time, the chart's week and before


def test_the_article_csv_has_every_hour_and_source(client, editor, frozen):
    story = make_article(make_section("ru"), published_at=frozen - dt.timedelta(days=2))
    hour = frozen.replace(minute=0, second=0, microsecond=0)
    rows = [(30, "search", 12), (30, "direct", 3), (2, "internal", 1)]
    for hours_ago, source, count in rows:
        HourlyReads.objects.create(
            article=story, edition="ru", hour=hour - dt.timedelta(hours=hours_ago),
            source=source, reads=count,
        )  # fmt: skip
    login(client, editor)
    response = client.get(reverse("admin:analytics_hourlyreads_article_csv", args=[story.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="reads-{story.pk}.csv"'
    local = local_hours(hour)
    assert csv_rows(response) == [
        ["hour", "source", "reads"],
        [local(30), "direct", "3"],
        [local(30), "search", "12"],
        [local(2), "internal", "1"],
    ]


def test_the_most_read_csv_of_an_edition_and_period(client, editor, frozen):
    ru, az = make_section("ru"), make_section("az")
    hour = frozen.replace(minute=0, second=0, microsecond=0)
    old, recent = make_article(ru, title="Вчерашнее"), make_article(ru, title="Свежее")
    taken_off = make_article(ru, title="Снятое", status="draft")
    az_story = make_article(az, title="Xəbər")
    for article, ago, count in [
        (old, dt.timedelta(days=3), 40), (recent, dt.timedelta(hours=2), 25),
        (recent, dt.timedelta(hours=1), 5), (taken_off, dt.timedelta(hours=1), 99),
        (az_story, dt.timedelta(hours=1), 70),
    ]:  # fmt: skip
        HourlyReads.objects.create(
            article=article, edition=article.edition, hour=hour - ago, source="direct",
            reads=count,
        )  # fmt: skip
    login(client, editor)
    address = reverse("admin:analytics_hourlyreads_most_read_csv")
    week = client.get(address, {"edition": "ru", "period": "week"})
    assert week.status_code == 200
    day = frozen.astimezone(timezone.get_current_timezone()).strftime("%Y%m%d")
    assert week["Content-Disposition"] == f'attachment; filename="most-read-ru-week-{day}.csv"'
    rows = csv_rows(week)
    assert rows[0] == ["rank", "article_id", "title", "published", "reads", "url"]
    assert [row[:3] + row[4:5] for row in rows[1:]] == [
        ["1", str(old.pk), "Вчерашнее", "40"],
        ["2", str(recent.pk), "Свежее", "30"],
    ]
    day_rows = csv_rows(client.get(address, {"edition": "ru", "period": "day"}))
    assert [row[1] for row in day_rows[1:]] == [str(recent.pk)]
    assert client.get(address, {"edition": "en", "period": "day"}).status_code == 403
    assert client.get(address, {"edition": "ru", "period": "year"}).status_code == 404
    assert client.get(address, {"edition": "xx"}).status_code == 404


def test_authors_are_refused_everything(client):
    ensure_role_groups()
    author = make_user("aysel", Role.AUTHOR, editions=("ru",))
    story = make_article(make_section("ru"), created_by=author)
    login(client, author)
    for address in (
        NOW,
        reverse("admin:analytics_hourlyreads_now_csv"),
        reverse("admin:analytics_hourlyreads_most_read_csv") + "?edition=ru&period=day",
        reverse("admin:analytics_hourlyreads_article", args=[story.pk]),
        reverse("admin:analytics_hourlyreads_article_csv", args=[story.pk]),
        reverse("admin:analytics_hourlyreads_article", args=[999999]),
    ):
        assert client.get(address).status_code == 403, address
    assert b"analytics/hourlyreads" not in client.get(reverse("admin:index")).content


def test_an_editor_sees_only_the_stories_of_their_editions(client):
    ensure_role_groups()
    az_editor = make_user("anar", Role.EDITOR, editions=("az",))
    chief = make_user("leyla", Role.CHIEF)
    story = make_article(make_section("ru"))
    reads(story, 2)
    login(client, az_editor)
    assert listed(client.get(NOW).content.decode(), "az") == []
    assert 'data-edition="ru"' not in client.get(NOW).content.decode()
    for name in ("admin:analytics_hourlyreads_article", "admin:analytics_hourlyreads_article_csv"):
        assert client.get(reverse(name, args=[story.pk])).status_code == 403
    client.logout()
    login(client, chief)
    assert listed(client.get(NOW).content.decode(), "ru") == [(story.pk, 2)]
    assert (
        client.get(reverse("admin:analytics_hourlyreads_article", args=[story.pk])).status_code
        == 200
    )


def test_a_story_that_does_not_exist_is_not_found(client, editor):
    login(client, editor)
    for name in ("admin:analytics_hourlyreads_article", "admin:analytics_hourlyreads_article_csv"):
        assert client.get(reverse(name, args=[999999])).status_code == 404
    huge = reverse("admin:analytics_hourlyreads_article", args=[10**30])
    assert client.get(huge).status_code == 404


def test_the_article_form_links_to_its_reads(client, editor):
    story = make_article(make_section("ru"))
    draft = make_article(make_section("ru"), status="draft")
    login(client, editor)
    page = client.get(reverse("admin:news_article_change", args=[story.pk])).content.decode()
    assert reverse("admin:analytics_hourlyreads_article", args=[story.pk]) in page
    page = client.get(reverse("admin:news_article_change", args=[draft.pk])).content.decode()
    assert reverse("admin:analytics_hourlyreads_article", args=[draft.pk]) not in page
