"""A gallery in a body is a grid of pictures with srcset from the renditions, each linked to
its largest copy for the lightbox, with captions and credits; stored with the article, so
the page reads nothing more."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_section
from tests.galleries import SUMMER, make_gallery, make_image, saved_article
from xeber.editorial.galleries import articles_refresh_media
from xeber.media.blocks import body_for_editor, expand_body
from xeber.media.models import GalleryItem

pytestmark = pytest.mark.django_db


def _gallery_html(html: str) -> str:
    return html[html.index('<figure class="gallery"') : html.index("</figure>") + 9]


def test_it_renders_the_gallery_as_a_grid_with_srcset_captions_and_credits(client):
    gallery = make_gallery("Шеки летом", SUMMER)
    article = saved_article(
        make_section("ru"), f"<p>До.</p><p>[gallery {gallery.pk}]</p><p>После.</p>"
    )
    shown = _gallery_html(client.get(article.get_absolute_url()).content.decode())

    assert shown.startswith(f'<figure class="gallery" data-gallery="{gallery.pk}">')
    assert "<figcaption>Шеки летом</figcaption>" in shown
    assert shown.count("<li>") == 3
    assert shown.count('<source type="image/webp" srcset="') == 3
    for width in (400, 800, 1600):
        assert shown.count(f".webp {width}w") == 6  # the grid's <source> and the lightbox's
        assert shown.count(f".jpg {width}w") == 3
    assert 'sizes="(min-width: 48rem) 14rem, 50vw"' in shown
    assert 'loading="lazy"' in shown
    # In their order, with their alternative text, caption and credit.
    alts = re.findall(r'alt="([^"]*)"', shown)
    assert alts == [alt for alt, _, _ in SUMMER]
    assert '<p>Верхний караван-сарай <span class="credit">Фото: Айдан Мамедова</span></p>' in shown
    assert "<p>Шёлковые платки</p>" in shown
    # Each picture links to its largest copy with the size the lightbox needs.
    assert shown.count('data-pswp-width="1600" data-pswp-height="960"') == 3
    # (storage adds a suffix to a name another test's image took already)
    largest = r'<a href="/media/renditions/[^"]+-1600(_[A-Za-z0-9]+)?\.jpg"[^>]* data-pswp-width'
    assert re.search(largest, shown)


def test_the_page_with_a_gallery_costs_the_queries_of_a_plain_one(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    section = make_section("ru")
    gallery = make_gallery("Шеки летом", SUMMER)
    plain = saved_article(section, "<p>Просто текст.</p>", title="Простая статья")
    rich = saved_article(section, f"<p>[gallery {gallery.pk}]</p>", title="С галереей")

    def queries(article) -> int:
        client.get(article.get_absolute_url())  # the header's cache, as in steady state
        with CaptureQueriesContext(connection) as captured:
            assert client.get(article.get_absolute_url()).status_code == 200
        return len(captured)

    assert queries(rich) == queries(plain)


def test_our_images_in_the_body_become_pictures_with_caption_and_credit(client):
    gallery = make_gallery("", SUMMER[:1])
    image = gallery.items.get().image
    rendition = image.fallback_url
    body = (
        f"<p>[image {image.pk}]</p>"
        f'<figure><img src="{rendition}" alt=""><figcaption>Подпись <em>редактора</em>'
        "</figcaption></figure>"
        '<figure><img src="https://example.org/x.jpg" alt="Чужое"></figure>'
    )
    article = saved_article(make_section("ru"), body)
    html = client.get(article.get_absolute_url()).content.decode()

    assert html.count(f'<figure class="image" data-image="{image.pk}"><picture>') == 2
    assert "<figcaption>Верхний караван-сарай <span" in html
    assert '<figcaption>Подпись <em>редактора</em> <span class="credit">Фото: Айдан' in html
    assert html.count('sizes="(min-width: 48rem) 44rem, 100vw"') >= 2
    assert '<figure><img src="https://example.org/x.jpg" alt="Чужое"></figure>' in html


def test_the_editor_gets_back_what_was_written_and_saving_it_again_changes_nothing():
    gallery = make_gallery("Шеки", SUMMER)
    image = gallery.items.first().image
    written = f"<p>Начало.</p><p>[gallery {gallery.pk}]</p><p>[image {image.pk}]</p>"
    article = saved_article(make_section("ru"), written)

    for_editor = body_for_editor(article.body)
    assert f"<p>[gallery {gallery.pk}]</p>" in for_editor
    assert f'<figure><img src="{image.fallback_url}" alt="{image.alt}">' in for_editor
    assert "<picture>" not in for_editor and "credit" not in for_editor
    assert expand_body(for_editor, language="ru").html == article.body


def test_an_unknown_gallery_keeps_its_paragraph_and_the_editor_is_told():
    expanded = expand_body("<p>Текст.</p><p>[gallery 999999]</p>", language="ru")
    assert expanded.html == "<p>Текст.</p><p>[gallery 999999]</p>"
    assert expanded.problems == [
        "Gallery 999999 does not exist: “[gallery 999999]” was kept as it was."
    ]


def test_a_gallery_edited_later_changes_in_every_article_that_shows_it(client):
    gallery = make_gallery("Шеки", SUMMER)
    section = make_section("ru")
    showing = saved_article(section, f"<p>[gallery {gallery.pk}]</p>", title="Одна")
    other = saved_article(section, "<p>Без галереи.</p>", title="Другая")
    client.get(showing.get_absolute_url())  # now in the page cache

    first = gallery.items.first()
    first.caption = "Новая подпись"
    first.save()
    GalleryItem.objects.filter(pk=gallery.items.last().pk).delete()
    assert articles_refresh_media(galleries=[gallery.pk]) == 1

    showing.refresh_from_db()
    assert "<p>Новая подпись <span" in showing.body and showing.body.count("<li>") == 2
    assert showing.version == 1  # derived content: not an editorial change
    assert "Новая подпись" in client.get(showing.get_absolute_url()).content.decode()
    other_before = other.body
    other.refresh_from_db()
    assert other.body == other_before


def test_the_cover_is_asked_for_first_and_the_pictures_below_it_when_near(client):
    gallery = make_gallery("Шеки летом", SUMMER[:2])
    body, cover = f"<p>[gallery {gallery.pk}]</p>", make_image("Шеки с холма")
    article = saved_article(make_section("ru"), body, cover=cover, is_main=True)
    for url in (article.get_absolute_url(), "/ru/"):
        html = client.get(url).content.decode()
        images = re.findall(r"<img [^>]*>", html.split("<main", 1)[1])
        # The cover is the largest paint (Lighthouse: LCP): fetched at once, before the rest.
        assert 'fetchpriority="high"' in images[0] and 'loading="lazy"' not in images[0], url
        assert all('fetchpriority="high"' not in image for image in images[1:]), url
        assert all('loading="lazy"' in image for image in images[1:] if "/media/" in image), url
