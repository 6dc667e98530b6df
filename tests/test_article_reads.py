"""The article page reads in written-out SQL (news/selectors.py): each must return what the
equivalent queryset, which says what the page means, returns."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.db.models import Exists, OuterRef
from django.utils import timezone

from tests.factories import make_article, make_section
from xeber.media.models import Image
from xeber.news import selectors
from xeber.news.models import Article, Author, Section, Tag
from xeber.search.backends import Filters
from xeber.search.indexing import reindex
from xeber.search.services import search

pytestmark = pytest.mark.django_db


def expected_related(article: Article) -> list[Article]:
    tag_ids = [tag.pk for tag in article.tags.all()]
    candidates = (
        Article.objects.published()
        .in_edition(article.edition)
        .filter(published_at__gte=article.published_at - selectors.RELATED_WINDOW)
        .exclude(pk=article.pk)
    )
    if tag_ids:
        shares = Article.tags.through.objects.filter(article_id=OuterRef("pk"), tag_id__in=tag_ids)
        candidates = candidates.filter(Exists(shares))
    else:
        candidates = candidates.filter(section_id=article.section_id)
    return list(candidates.latest_first()[: selectors.RELATED_COUNT])


@pytest.fixture
def archive():
    """Two editions, tags shared and not, drafts, future and out-of-window articles."""
    politics, economy = make_section("ru"), make_section("ru")
    elsewhere = make_section("az")
    baku, oil, rare = (
        Tag.objects.create(edition="ru", name=name, slug=slug)
        for name, slug in [("Баку", "baku"), ("Нефть", "neft"), ("Редкий", "redkiy")]
    )
    now = timezone.now()
    articles = []
    for hours in range(1, 40):
        tags = [[baku], [oil], [baku, oil], []][hours % 4]
        articles.append(
            make_article(
                politics if hours % 3 else economy,
                tags=tags,
                published_at=now - dt.timedelta(hours=hours * 7),
                status=Article.Status.DRAFT if hours % 11 == 0 else Article.Status.PUBLISHED,
            )
        )
    make_article(politics, tags=[baku], published_at=now + dt.timedelta(hours=2))  # future
    make_article(politics, tags=[baku], published_at=now - dt.timedelta(days=400))  # too old
    make_article(elsewhere, published_at=now - dt.timedelta(hours=3))
    rare_story = make_article(politics, tags=[rare], published_at=now - dt.timedelta(days=3))
    make_article(
        politics, tags=[rare], published_at=rare_story.published_at - dt.timedelta(days=61)
    )
    return [*articles, rare_story]


def test_related_articles_are_the_querysets_for_every_kind_of_article(archive):
    checked = 0
    for article in archive:
        shown = selectors.article_detail(article.edition, article.slug)
        if article.status != Article.Status.PUBLISHED:
            assert shown is None
            continue
        related = selectors.related_articles(shown)
        assert [a.pk for a in related] == [a.pk for a in expected_related(article)]
        for item in related:
            stored = Article.objects.select_related("section").get(pk=item.pk).section
            assert (item.section.pk, item.section.name, item.section.slug) == (
                stored.pk,
                stored.name,
                stored.slug,
            )
        if not shown.tag_list:  # untagged: the newest of its own section
            assert {item.section_id for item in related} <= {shown.section_id}
        checked += 1
    assert checked > 30
    # Some found nothing (the rare tag's other story is out of the window), some a full list.
    counts = {
        len(selectors.related_articles(selectors.article_detail("ru", a.slug)))
        for a in archive
        if a.status == Article.Status.PUBLISHED
    }
    assert {0, selectors.RELATED_COUNT} <= counts


def expected_front_page(edition: str, latest_count: int) -> tuple:
    """The front page as querysets say it: (main, latest, [(section, articles)]) by pk."""
    public = Article.objects.published().in_edition(edition)
    main = public.filter(is_main=True).latest_first().first()
    latest_qs = public.latest_first()
    if main:
        latest_qs = latest_qs.exclude(pk=main.pk)
    latest = list(latest_qs[:latest_count])
    if main is None and latest:
        main, latest = latest[0], latest[1:]
    blocks = []
    for section in Section.objects.filter(edition=edition):
        newest = Article.objects.published().filter(section=section).latest_first()
        if ids := [a.pk for a in newest[: selectors.SECTION_BLOCK_SIZE]]:
            blocks.append((section.pk, ids))
    return main and main.pk, [a.pk for a in latest], blocks


def shown_front_page(edition: str, latest_count: int) -> tuple:
    page = selectors.front_page(edition, latest_count)
    blocks = [(b.section.pk, [a.pk for a in b.articles]) for b in page.blocks]
    return page.main and page.main.pk, [a.pk for a in page.latest], blocks


def test_the_front_page_is_the_querysets_with_a_main_story_or_without(archive):
    politics = archive[0].section
    for edition in ("ru", "az", "en"):  # en: no articles at all
        assert shown_front_page(edition, 5) == expected_front_page(edition, 5)
    older_main = make_article(
        politics, is_main=True, published_at=timezone.now() - dt.timedelta(days=2)
    )
    make_article(politics, is_main=True, status=Article.Status.DRAFT)
    make_article(politics, is_main=True, published_at=timezone.now() + dt.timedelta(hours=1))
    assert shown_front_page("ru", 5) == expected_front_page("ru", 5)
    assert shown_front_page("ru", 5)[0] == older_main.pk
    page = selectors.front_page("ru", 5)
    assert page.main.section.name == politics.name and len(page.blocks) == 2
    assert all(
        item.section.pk == block.section.pk for block in page.blocks for item in block.articles
    )


def test_the_article_comes_with_section_cover_authors_and_tags_in_two_queries(
    django_assert_num_queries,
):
    section = make_section("ru")
    cover = Image.objects.create(
        file="images/x.jpg",
        width=1200,
        height=800,
        alt="Порт",
        caption="Порт утром",
        credit="Редакция",
        variants=[640],
    )
    zaur = Author.objects.create(name="Заур Алиев", slug="zaur")
    aida = Author.objects.create(name="Аида Керимова", slug="aida")
    tags = [
        Tag.objects.create(edition="ru", name=name, slug=slug)
        for name, slug in [("Порт", "port"), ("Баку", "baku")]
    ]
    article = make_article(
        section, tags=tags, authors=[zaur, aida], cover=cover, source="Пресс-служба порта"
    )
    with django_assert_num_queries(2):
        shown = selectors.article_detail("ru", article.slug)
        assert (shown.section.pk, shown.section.name) == (section.pk, section.name)
        assert shown.cover.caption == "Порт утром" and shown.cover.variants == [640]
        assert [a.name for a in shown.byline] == ["Аида Керимова", "Заур Алиев"]
        assert [(t.name, t.slug, t.edition) for t in shown.tag_list] == [
            ("Баку", "baku", "ru"),
            ("Порт", "port", "ru"),
        ]
        assert [a.slug for a in shown.byline] == ["aida", "zaur"]
    stored = Article.objects.get(pk=article.pk)
    for field in Article._meta.concrete_fields:
        assert getattr(shown, field.attname) == getattr(stored, field.attname), field.name


def test_byline_and_tags_are_ordered_by_name_then_id_and_may_be_empty():
    section = make_section("ru")
    namesakes = [Author.objects.create(name="Али Гасанов", slug=f"ali-{n}") for n in range(3)]
    bare = make_article(section, tags=[], authors=[])
    shown = selectors.article_detail("ru", bare.slug)
    assert shown.byline == [] and shown.tag_list == []
    signed = make_article(section, authors=list(reversed(namesakes)))
    shown = selectors.article_detail("ru", signed.slug)
    assert [a.pk for a in shown.byline] == [a.pk for a in namesakes]


def test_only_public_articles_of_the_edition_are_found():
    section = make_section("ru")
    draft = make_article(section, status=Article.Status.DRAFT)
    future = make_article(section, published_at=timezone.now() + dt.timedelta(minutes=1))
    public = make_article(section)
    assert selectors.article_detail("ru", draft.slug) is None
    assert selectors.article_detail("ru", future.slug) is None
    assert selectors.article_detail("az", public.slug) is None
    assert selectors.article_detail("ru", public.slug).pk == public.pk


def test_translations_are_the_published_others_with_the_same_key():
    key = uuid.uuid4()
    ru = make_article(make_section("ru"), translation_key=key)
    az = make_article(make_section("az"), translation_key=key)
    make_article(make_section("en"), translation_key=key, status=Article.Status.DRAFT)
    make_article(make_section("en"), translation_key=uuid.uuid4())
    shown = selectors.article_detail("ru", ru.slug)
    assert [(a.pk, a.edition, a.slug, a.title) for a in selectors.translations(shown)] == [
        (az.pk, "az", az.slug, az.title)
    ]


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
def test_postgresql_prepares_the_article_reads_but_never_a_search(client, settings):
    """The server skips parsing and planning for the page's repeated reads; searches are
    planned each time, as the path chosen for their words requires."""
    settings.PAGE_CACHE_SECONDS = 0
    section = make_section("ru")
    article = make_article(
        section,
        title="Бюджет порта",
        tags=[Tag.objects.create(edition="ru", name="Порт", slug="port")],
    )
    reindex()
    for _ in range(8):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert search("бюджет", Filters("ru")).hits
    prepared = _prepared_statements()
    assert any("news_article_tags" in statement for statement in prepared), prepared
    assert not any("tsquery" in statement for statement in prepared), prepared


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_a_migration_adding_a_column_does_not_break_the_prepared_article_reads():
    """Another process migrates while this one serves: its prepared reads name their columns,
    so PostgreSQL re-plans them instead of failing ('cached plan must not change result
    type')."""
    import psycopg

    article = make_article(
        make_section("ru"), cover=Image.objects.create(file="images/c.jpg", width=640, height=480)
    )
    for _ in range(7):  # prepared from the sixth run on
        assert selectors.article_detail("ru", article.slug).cover is not None
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    with psycopg.connect(**params, autocommit=True) as other:
        for table in ("news_article", "news_section", "media_image"):
            other.execute(f"ALTER TABLE {table} ADD COLUMN added_later integer")
        try:
            shown = selectors.article_detail("ru", article.slug)
            assert shown.pk == article.pk and shown.cover is not None
        finally:
            for table in ("news_article", "news_section", "media_image"):
                other.execute(f"ALTER TABLE {table} DROP COLUMN added_later")


def test_related_articles_beyond_the_first_walk_are_found_by_the_exact_query(
    django_assert_num_queries,
):
    """On PostgreSQL the newest RELATED_WALK articles of the window are looked through
    first; a story whose tag is rarer than that still gets its related articles, in one
    more query. SQLite runs the exact query alone."""
    section = make_section("ru")
    rare, common = (
        Tag.objects.create(edition="ru", name=name, slug=slug)
        for name, slug in [("Редкий", "redkiy"), ("Частый", "chastyy")]
    )
    now = timezone.now()
    older = [
        make_article(section, tags=[rare, common], published_at=now - dt.timedelta(days=2, hours=n))
        for n in range(1, 4)
    ]
    story = make_article(section, tags=[rare], published_at=now - dt.timedelta(days=3))
    newer = Article.objects.bulk_create(
        Article(
            edition="ru",
            section=section,
            title=f"Новость {n}",
            slug=f"n-{n}",
            body="<p>.</p>",
            status=Article.Status.PUBLISHED,
            published_at=now - dt.timedelta(minutes=n + 1),
        )
        for n in range(selectors.RELATED_WALK + 10)
    )
    Article.tags.through.objects.bulk_create(
        Article.tags.through(article_id=article.pk, tag_id=common.pk) for article in newer[:4]
    )
    shown = selectors.article_detail("ru", story.slug)
    with django_assert_num_queries(2 if connection.vendor == "postgresql" else 1):
        related = selectors.related_articles(shown)
    assert (
        [a.pk for a in related] == [a.pk for a in older] == [a.pk for a in expected_related(story)]
    )
    sharing_the_common_tag = selectors.article_detail("ru", older[0].slug)
    with django_assert_num_queries(1):
        related = selectors.related_articles(sharing_the_common_tag)
    assert (
        [a.pk for a in related]
        == [a.pk for a in newer[:4]]
        == [a.pk for a in expected_related(older[0])]
    )
