"""Every kind of public page describes itself to search engines (Lighthouse's SEO audit):
one non-empty <meta name="description"> in the head, in the edition's language."""

import re

import lxml.html
import pytest
from django.utils import timezone

from tests.factories import make_article, make_section
from xeber.news.models import Author, Tag

pytestmark = pytest.mark.django_db
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def english_story():
    section = make_section("en", "World", "world")
    tag = Tag.objects.create(edition="en", name="Energy", slug="energy")
    author = Author.objects.create(name="Jane Smith", slug="jane-smith")
    return make_article(
        section,
        title="Caspian ports extend their hours",
        lead="Ships will be served around the clock from Monday.",
        tags=[tag],
        authors=[author],
    )


def public_pages(article) -> dict[str, tuple[str, int]]:
    """Each kind of page of the article's edition: name -> (path, status)."""
    edition, day = article.edition, timezone.localdate(article.published_at)
    return {
        "front": (f"/{edition}/", 200),
        "section": (article.section.get_absolute_url(), 200),
        "tag": (article.tags.get().get_absolute_url(), 200),
        "author": (article.authors.get().get_absolute_url(edition), 200),
        "day archive": (f"/{edition}/archive/{day:%Y/%m/%d}/", 200),
        "article": (article.get_absolute_url(), 200),
        "rates": (f"/{edition}/rates/", 200),
        "search": (f"/{edition}/search/?q=news", 200),
        "not found": (f"/{edition}/news/no-such-story/", 404),
    }


def description(client, path: str, status: int) -> str:
    response = client.get(path)
    assert response.status_code == status, path
    metas = lxml.html.fromstring(response.content).xpath('/html/head/meta[@name="description"]')
    assert len(metas) == 1, path
    return metas[0].get("content").strip()


def test_every_public_page_has_a_description_in_its_editions_language(client, newsroom):
    for name, (path, status) in public_pages(newsroom.main).items():
        assert CYRILLIC.search(description(client, path, status)), f"ru {name}"
    for name, (path, status) in public_pages(english_story()).items():
        text = description(client, path, status)
        assert text and not CYRILLIC.search(text), f"en {name}: {text}"
