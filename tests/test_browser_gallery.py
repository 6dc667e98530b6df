"""A reader goes through a gallery with the keyboard alone, in a real browser."""

import time
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from django.conf import settings

from tests.browser import chromium_page
from tests.factories import make_section
from tests.galleries import SUMMER, make_gallery, saved_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
INSIDE = "document.querySelector('.pswp').contains(document.activeElement)"
# Focus stays in the lightbox, or leaves the page for the browser's own controls: never
# on the page behind it.
NOT_BEHIND = f"{INSIDE} || document.activeElement === document.body"
FIRST = "figure.gallery li > a"


def _serve_media(route) -> None:
    """The uploads, as nginx serves them in production (the app does not, DEBUG off)."""
    name = unquote(urlparse(route.request.url).path).removeprefix(settings.MEDIA_URL)
    route.fulfill(path=str(Path(settings.MEDIA_ROOT) / name))


def _until(page, condition: str, seconds: float = 5) -> None:
    """page.wait_for_function evaluates strings with eval, which the site's CSP refuses."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(condition):
        assert time.monotonic() < deadline, condition
        page.wait_for_timeout(50)


def test_a_reader_opens_the_lightbox_with_the_keyboard_moves_on_and_escapes(live_server):
    gallery = make_gallery("Шеки летом", SUMMER)
    article = saved_article(make_section("ru"), f"<p>Текст.</p><p>[gallery {gallery.pk}]</p>")
    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        problems, requested = [], []
        page.on(
            "console", lambda message: message.type == "error" and problems.append(message.text)
        )
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on("request", lambda request: requested.append(request.url))
        page.route("**/media/**", _serve_media)
        page.goto(live_server.url + article.get_absolute_url())

        page.locator(FIRST).first.focus()
        page.keyboard.press("Enter")
        dialog = page.locator(".pswp[role=dialog]")
        dialog.wait_for(state="visible")
        assert dialog.get_attribute("aria-modal") == "true"
        # PhotoSwipe's style, which the script asks for (never in the page's head), is on.
        assert page.evaluate("getComputedStyle(document.querySelector('.pswp')).position") == (
            "fixed"
        )
        assert dialog.get_attribute("aria-label") == "Фотогалерея"
        counter, caption = page.locator(".pswp__counter"), page.locator(".pswp__caption")
        assert counter.inner_text() == "1 / 3"
        assert caption.inner_text() == "Верхний караван-сарай Фото: Айдан Мамедова"
        _until(page, INSIDE)
        _until(page, "[...document.querySelectorAll('.pswp__img')].some(i => i.naturalWidth)")

        page.keyboard.press("ArrowRight")
        _until(page, "document.querySelector('.pswp__counter').innerText === '2 / 3'")
        assert caption.inner_text() == "Шебеке дворца Фото: Айдан Мамедова"
        for _ in range(8):  # Tab never leaves the lightbox
            page.keyboard.press("Tab")
            assert page.evaluate(NOT_BEHIND)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "gallery-lightbox.png"))

        page.keyboard.press("Escape")
        dialog.wait_for(state="detached")
        assert page.evaluate(f"document.activeElement === document.querySelector('{FIRST}')")
        assert problems == []
        assert {urlparse(url).netloc for url in requested} == {urlparse(live_server.url).netloc}
