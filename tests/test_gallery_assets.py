"""The lightbox is served by Xeber (no CDN), only on pages that show a gallery, within the
site's CSP; the committed copy is the package pinned in package.json."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from tests.factories import make_section
from tests.galleries import SUMMER, make_gallery, saved_article

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "xeber" / "static" / "xeber" / "vendor" / "photoswipe"
LANGUAGES = ("ru", "en", "az")
ASSETS = [
    "/static/xeber/gallery.js",
    "/static/xeber/gallery.css",
    "/static/xeber/vendor/photoswipe/photoswipe.css",
    "/static/xeber/vendor/photoswipe/photoswipe-lightbox.esm.min.js",
    "/static/xeber/vendor/photoswipe/photoswipe.esm.min.js",
]


def test_a_page_with_a_gallery_loads_the_lightbox_from_our_own_static_files(client):
    gallery = make_gallery("Шеки", SUMMER)
    article = saved_article(make_section("ru"), f"<p>[gallery {gallery.pk}]</p>")
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    for asset in ASSETS:
        assert f'"{asset}"' in html, asset
        assert finders.find(asset.removeprefix("/static/")), asset
    assert '<script type="module" src="/static/xeber/gallery.js"' in html
    assert "://" not in html[html.index('<script type="module"') :].split(">")[0]
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_pages_without_a_gallery_load_none_of_it(client, newsroom):
    gallery = make_gallery("Шеки", SUMMER[:1])
    image = gallery.items.get().image
    with_image = saved_article(newsroom.politics, f"<p>[image {image.pk}]</p>", title="Фото")
    for url in [newsroom.main.get_absolute_url(), with_image.get_absolute_url(), "/ru/",
                "/ru/section/politics/"]:  # fmt: skip
        html = client.get(url).content.decode()
        assert "photoswipe" not in html and "gallery.js" not in html, url


def test_the_committed_copy_is_the_pinned_package():
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["photoswipe"]
    assert f"PhotoSwipe {pinned}" in (VENDOR / "photoswipe.esm.min.js").read_text()
    package = ROOT / "node_modules" / "photoswipe"
    if not package.exists():
        pytest.skip("node_modules is not installed (`make test-deps`)")
    assert json.loads((package / "package.json").read_text())["version"] == pinned
    for name in ["photoswipe.css", "photoswipe.esm.min.js", "photoswipe-lightbox.esm.min.js"]:
        assert (VENDOR / name).read_bytes() == (package / "dist" / name).read_bytes(), name


def test_the_lightbox_style_waits_for_its_script_which_speaks_the_edition(client):
    gallery = make_gallery("Шеки", SUMMER[:1])
    body = f"<p>[gallery {gallery.pk}]</p>"
    articles = {edition: saved_article(make_section(edition), body) for edition in LANGUAGES}
    pages = {e: client.get(a.get_absolute_url()).content.decode() for e, a in articles.items()}
    for edition, html in pages.items():
        head, script = html.split("</head>")[0], html[html.index('<script type="module"') :]
        # Only an opened picture needs PhotoSwipe's style: in the head it would hold the
        # first paint back (Lighthouse: render-blocking), so the script asks for it.
        assert "photoswipe.css" not in head and '"/static/xeber/gallery.css"' in head, edition
        assert 'data-css="/static/xeber/vendor/photoswipe/photoswipe.css"' in script, edition
    closes = {e: re.search(r'data-close="([^"]*)"', html)[1] for e, html in pages.items()}
    assert closes == {"ru": "Закрыть", "en": "Close", "az": "Bağla"}
