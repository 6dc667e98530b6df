"""The plain-text rendition of a rich story: each gallery and picture of ours is the
paragraph an editor writes for it (`[gallery 12]`, `[image 7]`), so that importing the
file gives them back and exporting it again gives the same bytes."""

import re

import pytest

from tests.factories import make_section
from tests.galleries import SUMMER, make_gallery, make_image, saved_article
from xeber.media.models import Gallery
from xeber.news.models import Article
from xeber.news.textio import article_to_text
from xeber.syndication.textimport import import_text_file

pytestmark = pytest.mark.django_db


def _import(tmp_path, text: str) -> Article:
    path = tmp_path / "story.txt"
    path.write_bytes(text.encode())
    outcome = import_text_file(path)
    assert outcome.status == "imported", outcome.detail
    return outcome.article


def _media(body: str) -> list[str]:
    """The opening tags of the galleries and pictures a body shows, in order."""
    return re.findall(r'<figure class="(?:gallery|image)" data-\w+="\d+">', body)


@pytest.fixture
def sheki():
    return make_gallery("Шеки летом", SUMMER)


def test_a_gallery_is_its_code_paragraph_and_imports_back(tmp_path, sheki):
    bridge = make_image("Мост", "Старый мост", "Анар Алиев")
    body = f"<p>До галереи.</p><p>[gallery {sheki.pk}]</p><p>[image {bridge.pk}]</p><p>После.</p>"
    article = saved_article(make_section("ru"), body, title="Шеки летом")
    text = article_to_text(article)

    assert text.endswith(
        f"\n\nГород мастеров.\n\nДо галереи.\n\n[gallery {sheki.pk}]\n\n"
        f"[image {bridge.pk}]\n\nПосле.\n\n"
    )
    assert "Верхний караван-сарай" not in text and "Старый мост" not in text
    copy = text.replace("Шеки летом", "Шеки летом, снова")
    imported = _import(tmp_path, copy)
    assert (
        _media(imported.body)
        == _media(article.body)
        == [
            f'<figure class="gallery" data-gallery="{sheki.pk}">',
            f'<figure class="image" data-image="{bridge.pk}">',
        ]
    )
    assert imported.body == article.body  # the same expansion, pictures and captions
    assert article_to_text(imported) == copy


def test_a_canonical_file_with_codes_exports_to_the_same_bytes(tmp_path, sheki):
    empty = Gallery.objects.create(title="Пока без снимков")
    bridge = make_image("Мост", "Старый мост", "Анар Алиев")
    canonical = (
        " date 2026-03-14\n\n\nФоторепортаж из Шеки\n\nГород мастеров.\n\n"
        f"[gallery {sheki.pk}]\n\nКараван-сарай построен в XVIII веке.\n\n"
        f"[image {bridge.pk}]\n\n[gallery {empty.pk}]\n\n"
        # Codes that name nothing stay as they were written, and so does their spelling.
        "[gallery 999999]\n\n[Image  999998]\n\n"
    ).encode()
    imported = _import(tmp_path, canonical.decode())
    assert len(_media(imported.body)) == 3
    assert article_to_text(imported).encode() == canonical


def test_a_photo_report_writes_its_lead_gallery_in_its_place(sheki):
    report = saved_article(
        make_section("ru"), f"<p>[gallery {sheki.pk}]</p><p>Текст.</p>",
        kind=Article.Kind.PHOTO_REPORT,
    )  # fmt: skip
    assert f"\n\nГород мастеров.\n\n[gallery {sheki.pk}]\n\nТекст.\n\n" in article_to_text(report)


def test_an_inline_picture_comes_back_with_its_own_caption(tmp_path):
    bridge = make_image("Мост", "Старый мост", "Анар Алиев")
    figure = (
        f'<figure><img src="{bridge.fallback_url}" alt="">'
        "<figcaption>Подпись редактора</figcaption></figure>"
    )
    article = saved_article(make_section("ru"), f"<p>Текст.</p>{figure}")
    text = article_to_text(article)
    assert f"\n\nТекст.\n\n[image {bridge.pk}]\n\n" in text
    imported = _import(tmp_path, text.replace("Шеки", "Шеки, снова"))
    assert "<figcaption>Старый мост <span" in imported.body


def test_an_editors_figure_of_another_sites_picture_is_its_caption(tmp_path):
    figure = (
        '<figure><img src="https://example.org/x.jpg" alt="Чужое">'
        "<figcaption>Снимок агентства</figcaption></figure>"
    )
    article = saved_article(make_section("ru"), f"<p>Текст.</p>{figure}")
    assert article_to_text(article).endswith("\n\nТекст.\n\nСнимок агентства\n\n")


def test_a_story_opening_with_a_gallery_has_no_lead_and_round_trips(tmp_path, sheki):
    canonical = (
        f" date 2026-03-14\n\n\nШеки в снимках\n\n[gallery {sheki.pk}]\n\nПодписи к снимкам.\n\n"
    )
    imported = _import(tmp_path, canonical)
    assert imported.lead == ""
    assert _media(imported.body) == [f'<figure class="gallery" data-gallery="{sheki.pk}">']
    assert article_to_text(imported) == canonical
