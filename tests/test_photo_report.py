"""A photo report lists as one (front page, section, search) and its page shows its gallery
first, in place of the cover and above the lead."""

import pytest

from tests.factories import make_section
from tests.galleries import SUMMER, make_gallery, make_image, saved_article
from xeber.news.models import Article

pytestmark = pytest.mark.django_db
MARK = '<span class="kind">Фоторепортаж</span>'


@pytest.fixture
def report():
    section = make_section("ru", "Общество", "society")
    gallery = make_gallery("Шеки летом", SUMMER)
    cover = make_image("Обложка репортажа")
    saved_article(section, "<p>Обычная новость.</p>", title="Обычная новость")
    return saved_article(
        section,
        f"<p>Шеки славится шёлком.</p><p>[gallery {gallery.pk}]</p><p>Конец.</p>",
        kind=Article.Kind.PHOTO_REPORT,
        title="Фоторепортаж: Шеки",
        cover=cover,
    )


def test_it_is_marked_as_a_photo_report_wherever_it_is_listed(client, report):
    section_page = client.get("/ru/section/society/").content.decode()
    assert section_page.count(MARK) == 1
    teaser = section_page[section_page.index(MARK) - 300 : section_page.index("</article>")]
    assert "Фоторепортаж: Шеки" in teaser and "Обычная новость" not in teaser
    front = client.get("/ru/").content.decode()
    assert MARK in front


def test_its_page_shows_the_gallery_first_instead_of_the_cover(client, report):
    html = client.get(report.get_absolute_url()).content.decode()
    gallery = html.index('<div class="lead-gallery"><figure class="gallery"')
    assert gallery < html.index('<p class="lead">') < html.index('<div class="body">')
    assert html.count('<figure class="gallery"') == 1  # moved, not repeated
    assert "Обложка репортажа" not in html[html.index("<main") :].split("</article>")[0]
    body = html[html.index('<div class="body">') :]
    assert body.index("Шеки славится шёлком.") < body.index("Конец.")


def test_a_plain_article_with_a_gallery_keeps_it_in_its_place(client):
    gallery = make_gallery("Шеки", SUMMER[:2])
    article = saved_article(
        make_section("ru"), f"<p>Сначала текст.</p><p>[gallery {gallery.pk}]</p>"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'class="lead-gallery"' not in html
    body = html[html.index('<div class="body">') :]
    assert body.index("Сначала текст.") < body.index('<figure class="gallery"')


def test_a_photo_report_without_a_gallery_is_saved_and_the_editor_is_told():
    article = saved_article(make_section("ru"), "<p>Только текст.</p>", kind="photo_report")
    assert article.pk and article.body == "<p>Только текст.</p>"
    assert article.body_notes == [
        "A photo report shows a gallery first: put one in its body, e.g. [gallery 12]."
    ]
