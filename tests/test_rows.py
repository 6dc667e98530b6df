"""xeber/core/rows.py: model instances from written-out SQL, as the ORM would load them."""

from __future__ import annotations

import uuid

import pytest

from tests.factories import make_article, make_section
from xeber.core import rows
from xeber.core.rows import Shape
from xeber.news.models import Article, Section

pytestmark = pytest.mark.django_db

EVERY_FIELD = Shape(Article, tuple(field.attname for field in Article._meta.concrete_fields))


def test_it_loads_every_field_as_the_orm_does():
    article = make_article(make_section(), is_main=True, translation_key=uuid.uuid4())
    sql = f"SELECT {EVERY_FIELD.columns('a')} FROM news_article a WHERE a.id = %s"
    ((loaded,),) = rows.read(sql, [article.pk], EVERY_FIELD)
    stored = Article.objects.get(pk=article.pk)
    for name in EVERY_FIELD.fields:  # booleans, aware datetimes and UUIDs on SQLite too
        assert getattr(loaded, name) == getattr(stored, name), name
        assert type(getattr(loaded, name)) is type(getattr(stored, name)), name
    assert loaded._state.adding is False


def test_it_splits_a_row_among_the_shapes_in_order():
    section = make_section(name="Экономика")
    article = make_article(section)
    sections = Shape(Section, ("id", "name"))
    titles = Shape(Article, ("id", "title"))
    sql = """SELECT s.id, s.name, a.id, a.title
        FROM news_section s JOIN news_article a ON a.section_id = s.id"""
    ((found_section, found_article),) = rows.read(sql, [], sections, titles)
    assert (found_section.pk, found_section.name) == (section.pk, "Экономика")
    assert (found_article.pk, found_article.title) == (article.pk, article.title)


def test_it_refuses_fields_out_of_the_models_order():
    with pytest.raises(ValueError, match="Article fields out of order"):
        Shape(Article, ("title", "id"))


def test_an_instance_built_without_init_behaves_as_the_orms():
    """Shape.build() skips Model.__init__: the instance must still save, defer the fields
    it was not given, and compare and print as one the ORM loaded."""
    article = make_article(make_section(), title="Первый заголовок")
    titles = Shape(Article, ("id", "title", "section_id"))
    sql = "SELECT a.id, a.title, a.section_id FROM news_article a WHERE a.id = %s"
    ((loaded,),) = rows.read(sql, [article.pk], titles)
    assert loaded == Article.objects.get(pk=article.pk) and loaded._state.db == "default"
    assert loaded.get_deferred_fields() >= {"lead", "body", "published_at"}
    assert loaded.section.pk == article.section_id and loaded.lead == article.lead
    loaded.title = "Второй заголовок"
    loaded.save(update_fields=["title"])
    assert Article.objects.get(pk=article.pk).title == "Второй заголовок"


def test_a_model_with_init_receivers_is_built_through_them():
    """Image's ImageField with width and height fields listens to post_init."""
    from xeber.media.models import Image

    assert Shape(Article, ("id",))._plain
    assert not Shape(Image, ("id",))._plain
