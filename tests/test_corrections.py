"""A correction an editor adds to a published story reaches readers: on the article (its
text and time), on the edition's corrections page (newest first, linking to the story)
and in the article's JSON-LD (schema.org CorrectionComment); the article still reads in
two queries."""

import datetime as dt
import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from tests.factories import make_article, make_section
from tests.newsroom_staff import build_desk, login
from xeber.editorial import services
from xeber.editorial.models import AuditEntry, Correction
from xeber.news import selectors
from xeber.news.models import Article

pytestmark = pytest.mark.django_db
ARTICLES = "/admin/news/article"
TEXT = "В первой версии статьи неверно указана дата заседания: оно прошло 2 декабря."


def _json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return {item["@type"]: item for item in map(json.loads, blocks)}


def _correct(client, article, text=TEXT):
    return client.post(f"{ARTICLES}/{article.pk}/corrections/add/", {"text": text})


def test_it_shows_on_the_article_with_its_time_and_in_json_ld(client, settings):
    settings.PAGE_CACHE_SECONDS = 0  # what is rendered is checked here, not the page cache
    desk = build_desk()
    story = desk.published
    reader = Client()
    before = reader.get(story.get_absolute_url()).content.decode()
    assert 'class="correction"' not in before
    login(client, desk.editor)
    response = _correct(client, story)
    assert response.status_code == 302
    correction = Correction.objects.get(article=story)
    html = reader.get(story.get_absolute_url()).content.decode()
    assert 'class="correction"' in html and TEXT in html
    moment = timezone.localtime(correction.created_at).isoformat(timespec="seconds")
    assert f'<time datetime="{moment}">' in html
    news = _json_ld(html)["NewsArticle"]
    assert news["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": TEXT,
            "datePublished": correction.created_at.isoformat(),
        }
    ]
    entry = AuditEntry.objects.get(action="corrected")
    assert (entry.user, entry.article_id, entry.detail) == (desk.editor, story.pk, TEXT)


def test_the_corrections_page_lists_the_editions_corrections_newest_first(client):
    desk = build_desk()
    older_story = make_article(desk.published.section, title="Бюджет на 2027 год")
    login(client, desk.editor)
    _correct(client, older_story, "Сумма бюджета исправлена.")
    _correct(client, desk.published, "Исправлено имя министра.")
    Correction.objects.filter(text__startswith="Сумма").update(
        created_at=timezone.now() - dt.timedelta(hours=1)
    )
    elsewhere = make_article(make_section("az"), title="Büdcə")
    _correct(client, elsewhere, "Məbləğ düzəldilib.")
    page = Client().get("/ru/corrections/")
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index("Исправлено имя министра.") < html.index("Сумма бюджета исправлена.")
    assert f'href="{desk.published.get_absolute_url()}">{desk.published.title}</a>' in html
    assert f'href="{older_story.get_absolute_url()}"' in html
    assert "Məbləğ düzəldilib." not in html
    assert "Məbləğ düzəldilib." in Client().get("/az/corrections/").content.decode()
    assert 'href="/ru/corrections/"' in Client().get("/ru/").content.decode()  # the footer


def test_a_story_readers_no_longer_see_leaves_the_corrections_page(client):
    desk = build_desk()
    login(client, desk.editor)
    _correct(client, desk.published)
    assert TEXT in Client().get("/ru/corrections/").content.decode()
    services.article_unpublish(user=desk.editor, article=Article.objects.get(pk=desk.published.pk))
    assert TEXT not in Client().get("/ru/corrections/").content.decode()
    assert "No corrections yet." in Client().get("/en/corrections/").content.decode()


def test_the_article_and_its_corrections_still_read_in_one_query_without_cover(
    django_assert_num_queries,
):
    desk = build_desk()
    for text in ("Первое исправление.", "Второе исправление."):
        services.correction_add(user=desk.editor, article=desk.published, text=text)
    with django_assert_num_queries(1):  # and one for a cover: this story has none
        shown = selectors.article_detail("ru", desk.published.slug)
    assert [note.text for note in shown.correction_notes] == [
        "Первое исправление.",
        "Второе исправление.",
    ]
    assert shown.correction_notes[0].at <= shown.correction_notes[1].at


def test_a_save_made_before_a_correction_cannot_drop_it(client):
    """The correction moves the version on: an edit started before it is refused as stale
    instead of writing back the article without the note."""
    from tests.newsroom_staff import change_data

    desk = build_desk()
    story = desk.published
    opened = change_data(story, lead="Правка, начатая до исправления")
    login(client, desk.editor)
    _correct(client, story)
    response = client.post(f"{ARTICLES}/{story.pk}/change/", opened)
    assert response.status_code == 200 and 'class="stale-save"' in response.content.decode()
    assert [note["text"] for note in Article.objects.get(pk=story.pk).corrections] == [TEXT]
