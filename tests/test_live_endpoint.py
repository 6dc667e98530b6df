"""The entries endpoint open live pages poll: what changed after a cursor, 304 to a client
holding the answer, 400 for a malformed cursor, 404 where there is no live page, cached
like pages and refreshed exactly by the coverage's writes."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import make_article, make_section
from tests.live_coverage import make_live, post
from tests.newsroom_staff import make_user
from tests.test_hostile_parameters import HOSTILE, REPEATED
from tests.test_pagecache import _past_the_clock_margin
from xeber.editorial.roles import Role, ensure_role_groups
from xeber.editorial.services import article_delete, article_unpublish
from xeber.live import selectors, services
from xeber.live.models import LiveEntry
from xeber.news.models import Author

pytestmark = pytest.mark.django_db


@pytest.fixture
def live():
    section = make_section("ru", "Спорт", "sport")
    return make_live(make_article(section, title="Дерби: онлайн"))


def _url(article, after) -> str:
    return f"/ru/live/{article.pk}/entries.json?after={after}"


def _page_cursor(client, article) -> str:
    html = client.get(article.get_absolute_url()).content.decode()
    return html.split('data-cursor="', 1)[1].split('"', 1)[0]


def test_the_page_carries_the_cursor_of_its_newest_change(client, live):
    post(live, "Первый тайм начался.")
    newest = post(live, "Гол! 1:0.")
    assert _page_cursor(client, live) == str(selectors.cursor_of(newest.changed_at))


def test_it_gives_the_entries_posted_after_the_cursor_and_the_next_cursor(client, live):
    old = post(live, "Первый тайм начался.")
    _age(old, seconds=60)  # well before the cursor and its overlap
    cursor = selectors.cursor_of(timezone.now())
    new = post(live, "Гол! 1:0.")
    answer = client.get(_url(live, cursor)).json()
    assert [change["id"] for change in answer["entries"]] == [new.pk]
    assert "Гол! 1:0." in answer["entries"][0]["html"]
    assert answer["live"] is True and answer["more"] is False
    assert int(answer["cursor"]) > int(cursor)
    assert 'class="live-key-events"' not in answer["head"]  # the top of the page afresh


def test_edits_and_deletions_reach_the_cursor_holders(client, live):
    edited, deleted = post(live, "Счёт 1:0."), post(live, "Ошибка.")
    cursor = _page_cursor(client, live)
    services.entry_edit(user=None, entry=edited, data={"body": "<p>Счёт 2:0.</p>"}, base_version=1)
    services.entry_delete(user=None, entry=LiveEntry.objects.get(pk=deleted.pk))
    changes = {change["id"]: change for change in client.get(_url(live, cursor)).json()["entries"]}
    assert changes[edited.pk]["version"] == 2 and "Счёт 2:0." in changes[edited.pk]["html"]
    assert changes[deleted.pk] == {"id": deleted.pk, "version": 2, "deleted": True}


def test_an_entry_that_committed_after_a_later_stamped_one_still_arrives(client, live):
    """Two journalists: the one stamped first commits second. A reader who already got the
    other one (and its cursor) still gets this one: answers reach back CURSOR_OVERLAP."""
    late = post(live, "Отправлено первым, сохранено вторым.")
    early = post(live, "Сохранено первым.")
    LiveEntry.objects.filter(pk=late.pk).update(
        changed_at=early.changed_at - dt.timedelta(seconds=2)
    )
    cursor = selectors.cursor_of(early.changed_at)
    ids = [change["id"] for change in client.get(_url(live, cursor)).json()["entries"]]
    assert late.pk in ids


def test_an_unchanged_answer_is_304_to_a_client_holding_its_etag(client, live):
    post(live, "Разминка.")
    cursor = _page_cursor(client, live)
    _past_the_clock_margin()
    first = client.get(_url(live, cursor))
    assert first.status_code == 200 and first["ETag"]
    again = client.get(_url(live, cursor), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    assert again["X-Cache"] == "hit"  # answered from the page cache, no view ran


def test_it_is_cached_like_pages_for_nginx_and_cdns(client, live, settings):
    settings.SHARED_CACHE_SECONDS = 3
    post(live, "Свисток.")
    response = client.get(_url(live, 0))
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"].startswith("public, max-age=0, s-maxage=3")
    _past_the_clock_margin()
    client.get(_url(live, 0))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(_url(live, 0))["X-Cache"] == "hit"
    assert len(queries) == 0


@pytest.mark.parametrize("write", ["post", "edit", "delete", "pin", "end"])
def test_each_write_of_the_coverage_refreshes_its_cached_answer(client, live, write):
    entry = post(live, "Первая запись.")
    cursor = _page_cursor(client, live)
    _past_the_clock_margin()
    client.get(_url(live, cursor))
    assert client.get(_url(live, cursor))["X-Cache"] == "hit"
    {
        "post": lambda: post(live, "Новая запись."),
        "edit": lambda: services.entry_edit(
            user=None, entry=entry, data={"body": "<p>Правка.</p>"}, base_version=1
        ),
        "delete": lambda: services.entry_delete(user=None, entry=entry),
        "pin": lambda: services.entry_pin(user=None, entry=entry),
        "end": lambda: services.live_end(user=None, article=live),
    }[write]()
    response = client.get(_url(live, cursor))
    assert response["X-Cache"] == "miss"
    answer = response.json()
    assert answer["live"] is (write != "end")
    if write != "end":
        assert max(change["version"] for change in answer["entries"]) >= 1
        assert int(answer["cursor"]) > int(cursor)


def test_a_write_of_another_live_page_leaves_this_answer_cached(client, live):
    other = make_live(make_article(live.section, title="Другой матч"))
    post(live, "Наша запись.")
    _past_the_clock_margin()
    client.get(_url(live, 0))
    post(other, "Чужая запись.")
    assert client.get(_url(live, 0))["X-Cache"] == "hit"


@pytest.mark.parametrize("after", [*HOSTILE, "1.5", "+1", " 1", "1e3", "١٢", "9" * 18])
def test_a_malformed_cursor_is_a_400_never_a_500(client, live, after):
    response = client.get(f"/ru/live/{live.pk}/entries.json", {"after": after})
    assert response.status_code == 400


def test_a_missing_or_repeated_cursor_is_a_400_or_an_answer(client, live):
    assert client.get(f"/ru/live/{live.pk}/entries.json").status_code == 400
    repeated = "&".join(f"after={value}" for value in REPEATED)
    assert client.get(f"/ru/live/{live.pk}/entries.json?{repeated}").status_code == 200


def test_a_deleted_live_article_answers_404(client, live):
    client.get(_url(live, 0))
    article_delete(user=None, article=live)
    assert client.get(_url(live, 0)).status_code == 404


def test_articles_that_are_not_live_or_not_public_answer_404(client, live):
    plain = make_article(live.section, title="Обычная новость")
    assert client.get(_url(plain, 0)).status_code == 404
    assert client.get("/ru/live/999999/entries.json?after=0").status_code == 404
    assert client.get(f"/en/live/{live.pk}/entries.json?after=0").status_code == 404  # edition
    ensure_role_groups()
    article_unpublish(user=make_user("chief", Role.CHIEF), article=live)
    assert client.get(_url(live, 0)).status_code == 404


def test_a_reader_far_behind_gets_the_changes_in_parts(client, live, monkeypatch):
    monkeypatch.setattr(selectors, "CHANGES_LIMIT", 3)
    for number in range(7):
        _age(post(live, f"Запись {number}."), seconds=60 - number)
    cursor, seen = "0", []
    for _ in range(5):
        answer = client.get(_url(live, cursor)).json()
        seen += [change["id"] for change in answer["entries"] if change["id"] not in seen]
        cursor = answer["cursor"]
        if not answer["more"]:
            break
    assert len(seen) == 7


def _age(entry, *, seconds: int) -> None:
    """As if the entry had been written `seconds` ago."""
    moment = timezone.now() - dt.timedelta(seconds=seconds)
    LiveEntry.objects.filter(pk=entry.pk).update(changed_at=moment, posted_at=moment)


@pytest.mark.parametrize("edit", ["rename", "delete"])
def test_an_edit_of_an_entrys_author_refreshes_the_answers_showing_it(client, live, edit):
    author = Author.objects.create(name="Лейла Гасымова", slug="leyla-gasymova")
    post(live, "Гол на 12-й минуте.", author=author)
    _past_the_clock_margin()
    client.get(_url(live, 0))
    assert client.get(_url(live, 0))["X-Cache"] == "hit"
    if edit == "rename":
        author.name = "Лейла Гасымова-Алиева"
        author.save()
    else:
        author.delete()
    response = client.get(_url(live, 0))
    assert response["X-Cache"] == "miss"
    shown = response.json()["entries"][0]["html"]
    assert ("Гасымова-Алиева" in shown) is (edit == "rename")
    assert ("Лейла" in shown) is (edit == "rename")
