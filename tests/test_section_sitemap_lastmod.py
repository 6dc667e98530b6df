"""A section's lastmod in the sitemap is its newest public article's time: a scheduled
story or a draft must not tell search engines (and competitors) when it is due."""

import datetime as dt

import pytest
from django.utils import timezone
from django.utils.http import http_date
from lxml import etree

from tests.factories import make_article, make_section
from xeber.news.models import Article

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_a_scheduled_article_or_a_draft_does_not_move_the_sections_lastmod(client):
    section = make_section("ru")
    now = timezone.now()
    public = make_article(section, published_at=now - dt.timedelta(days=2))
    make_article(section, published_at=now + dt.timedelta(days=3))  # scheduled
    make_article(section, status=Article.Status.DRAFT, published_at=now - dt.timedelta(hours=1))
    response = client.get("/sitemap-sections.xml")
    assert response.status_code == 200
    lastmod = etree.fromstring(response.content).xpath("//sm:lastmod/text()", namespaces=NS)
    assert lastmod == [timezone.localdate(public.published_at).isoformat()]
    assert response.headers["Last-Modified"] == http_date(public.published_at.timestamp())
