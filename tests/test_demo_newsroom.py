"""`xeber demo` and `xeber generate`: what a newcomer and a load test start from."""

from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from xeber.news.models import Article, BreakingNews, Section
from xeber.rates.models import Rate

pytestmark = pytest.mark.django_db


def test_the_demo_newsroom_is_complete(capsys):
    call_command("demo")
    out = capsys.readouterr().out
    assert "editor (editor), author (author), chief (chief); password xeber-demo-2026" in out
    editions = Counter(Article.objects.published().values_list("edition", flat=True))
    assert sum(editions.values()) >= 40 and editions["ru"] >= 25
    assert editions["az"] > 0 and editions["en"] > 0
    for edition in ("ru", "az", "en"):
        assert Section.objects.filter(edition=edition).count() >= 6
        assert Article.objects.published().filter(edition=edition, is_main=True).exists()
    ru_sections = Article.objects.filter(edition="ru").values("section").distinct().count()
    assert ru_sections >= 6
    translated = Article.objects.exclude(translation_key=None).values("translation_key")
    assert translated.distinct().count() >= 3
    assert BreakingNews.objects.active().filter(edition="ru").count() == 2
    days = Rate.objects.filter(code="USD").values("date").distinct().count()
    assert days >= 20  # the working days of the last 30 days
    latest = Rate.objects.filter(code="USD", date__lte=timezone.localdate()).first()
    assert latest.display_value == "1.7000"
    assert all(article.tags.exists() for article in Article.objects.all())
    assert all(article.authors.exists() for article in Article.objects.all())


def test_demo_is_not_loaded_twice(capsys):
    call_command("demo")
    call_command("demo")
    assert "already has articles" in capsys.readouterr().out
    assert Article.objects.count() == 41


def test_every_demo_page_renders(client):
    call_command("demo")
    for article in Article.objects.all():
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.get(article.get_text_url()).status_code == 200
    for section in Section.objects.all():
        assert client.get(section.get_absolute_url()).status_code == 200


def test_the_demo_shows_a_correction_and_author_profiles(client):
    call_command("demo")
    assert "Правильно — 6 процентов." in client.get("/ru/corrections/").content.decode()
    page = client.get("/ru/author/leyla-gasanova/").content.decode()
    assert "Обозреватель отдела экономики" in page
    assert '<a href="https://example.com/leyla-gasanova" rel="me">' in page


def test_generate_creates_published_articles_with_tags(capsys):
    call_command("generate", "--articles", "2500")
    assert "2500 articles" in capsys.readouterr().out
    assert Article.objects.published().count() == 2500
    assert Article.tags.through.objects.count() == 5000
    call_command("generate", "--articles", "10")  # a second run adds, never collides
    assert Article.objects.count() == 2510
