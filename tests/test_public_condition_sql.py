"""The written-out SQL reads (news/selectors.py, search/backends.py) use published()'s
condition generated from its one definition: it selects exactly what published() selects."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from tests.factories import make_article, make_section
from xeber.news.models import Article
from xeber.news.querysets import public_params, public_sql

pytestmark = pytest.mark.django_db


def test_the_generated_public_sql_selects_what_published_selects():
    section = make_section("ru")
    now = timezone.now()
    for status in Article.Status:
        for offset in (-dt.timedelta(days=1), dt.timedelta(0), dt.timedelta(hours=1)):
            make_article(section, status=status, published_at=now + offset)
    sql = f"SELECT a.id FROM news_article a WHERE {public_sql(Article, 'a')} ORDER BY a.id"
    with connection.cursor() as cursor:
        cursor.execute(sql, public_params(Article, now))
        selected = [row[0] for row in cursor.fetchall()]
    expected = list(
        Article.objects.published(before=now).order_by("id").values_list("id", flat=True)
    )
    assert selected == expected
    assert len(expected) == 2  # published a day ago and at `now`; no draft, no scheduled one
