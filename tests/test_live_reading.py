"""What readers see of live coverage without JavaScript: the article page complete (key
events, the pinned entry, entries newest first, earlier pages), LIVE marks in lists and on
the front page, the breaking line, the feed of entries and the JSON-LD."""

import datetime as dt
import json
import re

import feedparser
import pytest
from django.utils import timezone

from tests.live_coverage import make_live, post
from tests.test_pagecache import _past_the_clock_margin
from xeber.live import selectors, services
from xeber.live.models import LiveEntry
from xeber.news.models import Article, BreakingNews

pytestmark = pytest.mark.django_db


@pytest.fixture
def live(newsroom):
    """The Russian main story made live, with entries a minute apart, oldest first."""
    article = make_live(newsroom.main)
    start = timezone.now() - dt.timedelta(hours=1)
    texts = [
        "Заседание открылось.",
        "Выступает спикер.",
        "Начинается голосование.",
        "Итоги голосования: 80 за.",
        "Заседание закрыто.",
    ]
    for minute, text in enumerate(texts):
        entry = post(article, text, key_event=text.startswith(("Начинается", "Итоги")))
        moment = start + dt.timedelta(minutes=minute)
        LiveEntry.objects.filter(pk=entry.pk).update(posted_at=moment, changed_at=moment)
    services.entry_pin(user=None, entry=LiveEntry.objects.get(body="<p>Выступает спикер.</p>"))
    return article


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _entry_texts(html: str) -> list[str]:
    stream = html[html.index('<div class="live-entries">') :]
    return re.findall(r'<div class="entry-body"><p>(.*?)</p>', stream.split("</section>")[0])


def test_the_page_shows_entries_newest_first_with_their_times(client, live):
    html = _html(client, live.get_absolute_url())
    assert _entry_texts(html) == [
        "Заседание закрыто.",
        "Итоги голосования: 80 за.",
        "Начинается голосование.",
        "Выступает спикер.",
        "Заседание открылось.",
    ]
    first = LiveEntry.objects.get(body="<p>Заседание закрыто.</p>")
    local = timezone.localtime(first.posted_at)
    assert f'<time datetime="{local.isoformat(timespec="seconds")}">{local:%H:%M}</time>' in html


def test_key_events_are_a_timeline_linking_to_their_entries(client, live):
    html = _html(client, live.get_absolute_url())
    timeline = html[html.index('<nav class="live-key-events"') :].split("</nav>")[0]
    for text in ("Итоги голосования: 80 за.", "Начинается голосование."):
        entry = LiveEntry.objects.get(body=f"<p>{text}</p>")
        assert f'href="#entry-{entry.pk}"' in timeline and text in timeline
        assert f'id="entry-{entry.pk}"' in html
    assert timeline.index("Итоги") < timeline.index("Начинается")  # newest first


def test_the_pinned_entry_stands_at_the_top(client, live):
    html = _html(client, live.get_absolute_url())
    pinned = html[html.index('<div class="live-pinned"') :].split("</div>\n")[0]
    assert "Выступает спикер." in pinned
    assert html.index('<div class="live-pinned"') < html.index('<div class="live-entries">')


def test_earlier_entries_are_on_pages_of_their_own(client, live, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    first = _html(client, live.get_absolute_url())
    assert _entry_texts(first) == ["Заседание закрыто.", "Итоги голосования: 80 за."]
    assert 'rel="next" href="?page=2"' in first
    second = _html(client, live.get_absolute_url() + "?page=2")
    assert _entry_texts(second) == ["Начинается голосование.", "Выступает спикер."]
    assert "live.js" not in second  # only the newest page follows the coverage
    key = LiveEntry.objects.get(body="<p>Начинается голосование.</p>")
    link = f"/ru/live/{live.pk}/entry/{key.pk}/"
    assert f'href="{link}#entry-{key.pk}"' in first  # not on this page: its link finds it
    assert f'href="#entry-{key.pk}"' in second
    assert client.get(link)["Location"] == f"{live.get_absolute_url()}?page=2#entry-{key.pk}"
    assert _entry_texts(_html(client, live.get_absolute_url() + "?page=3")) == [
        "Заседание открылось."
    ]
    for page in ("4", "0", "x", "-1", "9" * 30):
        assert client.get(live.get_absolute_url(), {"page": page}).status_code == 404


def test_an_entrys_link_finds_its_page_as_entries_are_posted(client, live, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    key = LiveEntry.objects.get(body="<p>Итоги голосования: 80 за.</p>")
    link = f"/ru/live/{live.pk}/entry/{key.pk}/"
    assert client.get(link)["Location"] == f"{live.get_absolute_url()}#entry-{key.pk}"
    post(live, "Новая запись.")
    post(live, "Ещё одна.")
    assert client.get(link)["Location"] == f"{live.get_absolute_url()}?page=2#entry-{key.pk}"
    other = make_live(Article.objects.exclude(pk=live.pk).filter(edition="ru").first())
    gone = LiveEntry.objects.get(body="<p>Заседание открылось.</p>")
    services.entry_delete(user=None, entry=gone)
    for missing in (
        f"/ru/live/{live.pk}/entry/{gone.pk}/",  # deleted
        f"/ru/live/{other.pk}/entry/{key.pk}/",  # another page's
        f"/en/live/{live.pk}/entry/{key.pk}/",  # another edition
        f"/ru/live/{live.pk}/entry/{'9' * 30}/",
    ):
        assert client.get(missing).status_code == 404, missing


def test_a_deleted_entry_is_gone_from_the_page(client, live):
    entry = LiveEntry.objects.get(body="<p>Заседание открылось.</p>")
    _html(client, live.get_absolute_url())
    services.entry_delete(user=None, entry=entry)
    assert "Заседание открылось." not in _html(client, live.get_absolute_url())


def test_the_page_follows_the_coverage_with_a_script_of_its_own(client, live):
    html = _html(client, live.get_absolute_url())
    section = re.search(r'<section class="live"[^>]*>', html).group(0)
    assert f'data-endpoint="/ru/live/{live.pk}/entries.json"' in section
    assert 'data-poll="5"' in section
    assert 'data-new-one="{n} новая запись"' in section
    assert 'data-new-few="{n} новые записи"' in section
    assert 'data-new-many="{n} новых записей"' in section
    assert '<script src="/static/xeber/live.js" defer></script>' in html
    assert "<script>" not in html  # no inline script: the CSP allows none


def test_the_poll_interval_comes_from_the_setting(client, newsroom, settings):
    settings.LIVE_POLL_SECONDS = 9
    article = make_live(newsroom.other)
    assert 'data-poll="9"' in _html(client, article.get_absolute_url())


def test_an_ended_page_keeps_its_entries_with_the_summary_and_stops_following(client, live):
    services.live_end(user=None, article=live, summary="Закон принят.\n\nОн вступит в силу весной.")
    html = _html(client, live.get_absolute_url())
    assert len(_entry_texts(html)) == 5
    assert "<p>Закон принят.</p>" in html and "<p>Он вступит в силу весной.</p>" in html
    assert "Онлайн-трансляция завершилась" in html
    assert "live.js" not in html and "data-endpoint" not in html


@pytest.mark.parametrize(("edition", "mark"), [("ru", "Онлайн"), ("az", "CANLI"), ("en", "LIVE")])
def test_lists_and_the_front_page_mark_live_stories_in_the_editions_language(
    client, newsroom, edition, mark
):
    article = {"ru": newsroom.main, "az": newsroom.main_az}.get(edition)
    if article is None:
        from tests.factories import make_article
        from xeber.news.models import Section

        article = make_article(Section.objects.get(edition="en"), title="Summit day")
    make_live(article)
    badge = f'<span class="kind live-mark">{mark}</span>'
    assert badge in _html(client, f"/{edition}/")
    assert badge in _html(client, article.section.get_absolute_url())
    services.live_end(user=None, article=article)
    assert badge not in _html(client, f"/{edition}/")  # ended: an ordinary story again


def test_the_breaking_line_can_point_to_the_live_page(client, live):
    BreakingNews.objects.create(edition="ru", text="Онлайн: парламент голосует", article=live)
    html = _html(client, "/ru/")
    assert f'href="{live.get_absolute_url()}"' in html and "Онлайн: парламент голосует" in html


@pytest.mark.parametrize("kind", ["feed", "feed/atom"])
def test_the_live_page_has_its_own_feed_of_entries(client, live, kind):
    feed = feedparser.parse(client.get(f"/ru/live/{live.pk}/{kind}/").content)
    assert not feed.bozo, feed.bozo_exception
    assert feed.feed.title.endswith(live.title)
    titles = [item.title for item in feed.entries]
    assert titles[0] == "Заседание закрыто." and len(titles) == 5
    closing = LiveEntry.objects.get(body="<p>Заседание закрыто.</p>")
    assert feed.entries[0].link == f"http://testserver{live.get_absolute_url()}#entry-{closing.pk}"
    assert "Итоги голосования: 80 за." in titles  # a key event by its title


def test_a_feed_of_an_article_that_is_not_live_is_a_404(client, newsroom):
    assert client.get(f"/ru/live/{newsroom.other.pk}/feed/").status_code == 404


def _json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.DOTALL)
    return [json.loads(block) for block in blocks]


def test_json_ld_is_a_live_blog_posting_with_its_updates_and_coverage_times(client, live):
    posting = _json_ld(_html(client, live.get_absolute_url()))[0]
    assert posting["@type"] == "LiveBlogPosting"
    start = live.live_coverage.started_at
    assert posting["coverageStartTime"] == start.isoformat()
    assert "coverageEndTime" not in posting
    updates = posting["liveBlogUpdate"]
    assert [update["@type"] for update in updates] == ["BlogPosting"] * 5
    assert updates[0]["articleBody"] == "Заседание закрыто."
    assert updates[1]["headline"] == "Итоги голосования: 80 за."
    assert updates[0]["url"].endswith(f"#entry-{LiveEntry.objects.order_by('-posted_at')[0].pk}")
    services.live_end(user=None, article=live)
    ended = _json_ld(_html(client, live.get_absolute_url()))[0]
    assert (
        ended["coverageEndTime"]
        == live.live_coverage.__class__.objects.get(article=live).ended_at.isoformat()
    )


def test_the_article_page_is_refreshed_by_a_new_entry_and_kept_otherwise(client, live):
    _past_the_clock_margin()
    client.get(live.get_absolute_url())
    assert client.get(live.get_absolute_url())["X-Cache"] == "hit"
    assert client.get("/ru/")["X-Cache"] == "miss"
    _past_the_clock_margin()
    client.get("/ru/")
    post(live, "Новая запись после заседания.")
    after = client.get(live.get_absolute_url())
    assert after["X-Cache"] == "miss" and "Новая запись после заседания." in after.content.decode()
    assert client.get("/ru/")["X-Cache"] == "hit"  # an entry changes no list


def test_no_page_number_is_a_server_error(client, live):
    from tests.test_hostile_parameters import HOSTILE

    for value in HOSTILE:
        status = client.get(live.get_absolute_url(), {"page": value}).status_code
        assert status in {200, 404}, value
