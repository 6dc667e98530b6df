"""Factories for the tests: small, explicit and written in the three languages."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from xeber.core.html import paragraphs_to_html
from xeber.editorial.services import article_create, article_update
from xeber.news.models import Article, Author, BreakingNews, Section, Tag
from xeber.rates.models import Rate

_counter = itertools.count(1)


def make_section(edition="ru", name=None, slug=None, position=0) -> Section:
    number = next(_counter)
    return Section.objects.create(
        edition=edition,
        name=name or f"Раздел {number}",
        slug=slug or f"section-{number}",
        position=position,
    )


def make_article(section: Section, *, title=None, tags=(), authors=(), **fields) -> Article:
    """An article written through the save service, as every writer of articles does."""
    title = title or f"Новость номер {next(_counter)}"
    data = {
        "edition": section.edition,
        "title": title,
        "lead": "Короткий лид новости.",
        "body": paragraphs_to_html(["Первый абзац.", "Второй абзац."]),
        "section": section,
        "published_at": timezone.now() - dt.timedelta(minutes=5),
        "tags": list(tags),
        "authors": list(authors),
    }
    status = fields.pop("status", Article.Status.PUBLISHED)
    created_by = fields.pop("created_by", None)
    article = article_create(user=None, data=data | fields, status=status)
    if created_by is not None:  # whose draft it is, as if they had written it
        Article.objects.filter(pk=article.pk).update(created_by=created_by)
        article.created_by = created_by
    return article


def article_edit(article: Article, **fields) -> Article:
    """Change an article as an editor's save would (the page cache and the index hear)."""
    return article_update(user=None, article=article, data=fields, base_version=article.version)


def make_rates(day: dt.date, **values: str) -> None:
    nominals = {"RUB": 100, "JPY": 100}
    for code, value in values.items():
        Rate.objects.create(
            code=code, date=day, nominal=nominals.get(code, 1), value=Decimal(value), source="test"
        )


@dataclass
class Newsroom:
    politics: Section
    economy: Section
    az_section: Section
    main: Article
    main_az: Article
    other: Article
    draft: Article
    future: Article
    tag: Tag
    author: Author


def build_newsroom() -> Newsroom:
    politics = make_section("ru", "Политика", "politics", 0)
    economy = make_section("ru", "Экономика", "economy", 1)
    az_section = make_section("az", "Siyasət", "siyaset", 0)
    make_section("en", "Politics", "politics", 0)
    tag = Tag.objects.create(edition="ru", name="Баку", slug="baku")
    author = Author.objects.create(
        name="Лейла Гасанова", slug="leyla-gasanova", bio="Обозреватель."
    )
    story = uuid.uuid4()
    main = make_article(
        politics,
        title="Парламент одобрил новый закон о медиа",
        tags=[tag],
        authors=[author],
        is_main=True,
        translation_key=story,
        body=paragraphs_to_html(
            ["Депутаты проголосовали в первом чтении.", "Закон вступит в силу весной."]
        ),
    )
    main_az = make_article(
        az_section, title="Parlament media haqqında yeni qanunu bəyənib", translation_key=story
    )
    other = make_article(
        economy,
        title="Банки снизили ставки по кредитам",
        tags=[tag],
        published_at=timezone.now() - dt.timedelta(hours=2),
    )
    draft = make_article(politics, title="Черновик о выборах", status=Article.Status.DRAFT)
    future = make_article(
        politics, title="Статья из будущего", published_at=timezone.now() + dt.timedelta(hours=1)
    )
    today = timezone.localdate()
    make_rates(today, USD="1.7000", EUR="1.9850", RUB="2.1000")
    BreakingNews.objects.create(edition="ru", text="Срочно: в Баку открылся форум", article=main)
    BreakingNews.objects.create(edition="az", text="Təcili: Bakıda forum açılıb")
    return Newsroom(politics, economy, az_section, main, main_az, other, draft, future, tag, author)
