"""A reader's browser asks no other site for anything until the reader presses play."""

from urllib.parse import urlsplit

import pytest

from tests.browser import chromium_page
from tests.embed_providers import (
    three_embeds_article,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def article(settings):
    with three_embeds_article(settings) as article:
        yield article


def test_an_article_with_three_embeds_loads_nothing_from_another_site_until_play(
    live_server, article
):
    own = urlsplit(live_server.url).netloc
    requested, elsewhere = [], []

    def keep_at_home(route):
        # The machine has no internet: whatever would leave is recorded and stopped here.
        if urlsplit(route.request.url).netloc != own:
            elsewhere.append(route.request.url)
            return route.abort()
        return route.continue_()

    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        page.on("request", lambda request: requested.append(request.url))
        page.route("**/*", keep_at_home)
        page.goto(live_server.url + article.get_absolute_url(), wait_until="networkidle")
        page.mouse.wheel(0, 3000)  # lazy pictures come into view
        page.wait_for_load_state("networkidle")

        assert page.locator("figure.embed").count() == 3
        assert page.locator("iframe").count() == 0
        assert elsewhere == [], elsewhere
        assert requested and all(urlsplit(url).netloc == own for url in requested), requested
        assert any(url.endswith("/static/xeber/embeds.js") for url in requested)
        assert sum("/media/" in url for url in requested) == 2  # our copies of the pictures

        play = page.locator("figure.embed-video a.embed-load").first
        assert play.get_attribute("role") == "button"
        play.click()
        frame = page.locator("figure.embed iframe.embed-frame")
        frame.wait_for(state="attached")
        assert frame.get_attribute("src") == (
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"
        )
        assert frame.get_attribute("title") == "Baku at night"
        assert "allow-scripts" in frame.get_attribute("sandbox")
        assert page.locator("figure.embed a.embed-load").count() == 2  # the others still wait
        assert all(urlsplit(url).netloc in {own, "www.youtube-nocookie.com"} for url in requested)


def test_without_script_the_button_is_a_link_to_the_providers_page(live_server, article):
    with chromium_page(java_script_enabled=False) as page:
        page.route(
            "**/*",
            lambda route: (
                route.abort()
                if urlsplit(route.request.url).netloc != urlsplit(live_server.url).netloc
                else route.continue_()
            ),
        )
        page.goto(live_server.url + article.get_absolute_url())
        link = page.locator("figure.embed a.embed-load").first
        assert link.get_attribute("href") == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        assert page.locator("iframe").count() == 0
