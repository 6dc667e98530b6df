"""Readers are told a story changed (the "updated" line, dateModified, article:modified_time,
the feeds' updated date) only when an editor marks a save as a substantive update; a typo
fix changes none of them."""

import datetime as dt
import json
import re

import pytest
from django.test import Client
from lxml import etree

from tests.newsroom_staff import build_desk, change_data, login
from xeber.news.models import Article

pytestmark = pytest.mark.django_db
ARTICLES = "/admin/news/article"
ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def _what_readers_are_told(article: Article) -> dict:
    """The article page and the edition's Atom feed, as an anonymous reader gets them."""
    reader = Client()
    html = reader.get(article.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    news = next(item for item in map(json.loads, blocks) if item["@type"] == "NewsArticle")
    modified = re.search(r'<meta property="article:modified_time" content="([^"]+)">', html)
    feed = etree.fromstring(reader.get("/ru/feed/atom/").content)
    entry = next(
        e
        for e in feed.iterfind("atom:entry", ATOM)
        if e.findtext("atom:title", "", ATOM) == article.title
    )
    updated_line = re.search(r'<span class="updated">[^<]*<time datetime="([^"]+)"', html)
    return {
        "html": html,
        "dateModified": dt.datetime.fromisoformat(news["dateModified"]),
        "modified_time": dt.datetime.fromisoformat(modified.group(1)),
        "feed_updated": dt.datetime.fromisoformat(entry.findtext("atom:updated", "", ATOM)),
        "updated_line": updated_line and dt.datetime.fromisoformat(updated_line.group(1)),
    }


def _same_second(one: dt.datetime, other: dt.datetime) -> bool:
    return one.replace(microsecond=0) == other.replace(microsecond=0)


def _save(client, article: Article, **changes):
    response = client.post(f"{ARTICLES}/{article.pk}/change/", change_data(article, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]
    return Article.objects.get(pk=article.pk)


def test_a_typo_fix_changes_neither_date_nor_updated_line(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # what is rendered is checked here, not the page cache
    desk = build_desk()
    story = desk.published  # published an hour ago
    login(client, desk.editor)
    fixed = _save(client, story, lead="Лид без опечатки.")
    assert fixed.updated_at > fixed.published_at + dt.timedelta(minutes=30)
    told = _what_readers_are_told(fixed)
    assert "Лид без опечатки." in told["html"]  # the page is the edited one
    assert told["updated_line"] is None
    assert told["dateModified"] == told["modified_time"] == fixed.published_at
    assert _same_second(told["feed_updated"], fixed.published_at)


def test_a_substantive_update_moves_date_and_updated_line(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    desk = build_desk()
    story = desk.published
    login(client, desk.editor)
    revised = _save(client, story, lead="Новые данные: погибших нет.", substantive="on")
    assert revised.revised_at is not None and revised.revised_at > revised.published_at
    told = _what_readers_are_told(revised)
    assert "Новые данные: погибших нет." in told["html"]
    assert told["updated_line"] == revised.revised_at.replace(microsecond=0)
    assert told["dateModified"] == told["modified_time"] == revised.revised_at
    assert _same_second(told["feed_updated"], revised.revised_at)
    # A typo fix afterwards keeps the time of the substantive update.
    again = _save(client, revised, lead="Новые данные: погибших нет")
    assert again.revised_at == revised.revised_at
    assert _what_readers_are_told(again)["dateModified"] == revised.revised_at


def test_the_box_is_offered_only_for_stories_readers_see(client):
    desk = build_desk()
    login(client, desk.editor)
    published = client.get(f"{ARTICLES}/{desk.published.pk}/change/").content.decode()
    in_review = client.get(f"{ARTICLES}/{desk.in_review.pk}/change/").content.decode()
    assert 'name="substantive"' in published and 'name="substantive"' not in in_review
    draft = _save(client, desk.in_review, lead="Правка до публикации", substantive="on")
    assert draft.revised_at is None
