"""A reader's first visit, in a real browser."""

from pathlib import Path

import pytest
from django.utils import timezone

from tests.browser import chromium_page
from tests.factories import build_newsroom
from xeber.core.dates import long_date

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def test_a_reader_opens_the_site_reads_the_main_story_and_switches_edition(live_server):
    newsroom = build_newsroom()
    with chromium_page(viewport={"width": 1280, "height": 900}) as page:
        page.goto(f"{live_server.url}/")
        assert page.url.endswith("/ru/")
        header = page.locator("header.masthead").inner_text()
        assert long_date(timezone.localdate(), "ru") in header
        assert "USD 1.7000" in " ".join(header.split())

        page.locator(".main-story h1 a").click()
        page.wait_for_url(f"**{newsroom.main.get_absolute_url()}")
        assert page.locator("article h1").inner_text() == newsroom.main.title
        assert "Депутаты проголосовали в первом чтении." in page.locator(".body").inner_text()
        assert page.locator("ul.tags").inner_text().strip() == "Баку"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "article-ru.png"), full_page=True)

        page.locator("nav.editions a[hreflang=az]").click()
        page.wait_for_url(f"**{newsroom.main_az.get_absolute_url()}")
        assert page.locator("html").get_attribute("lang") == "az"
        assert page.locator("article h1").inner_text() == newsroom.main_az.title
        assert "Xeber ilə işləyir" in page.locator("footer").inner_text()
        assert long_date(timezone.localdate(), "az") in page.locator(".today").inner_text()


def test_the_site_fits_a_phone_screen(live_server):
    newsroom = build_newsroom()
    with chromium_page(viewport={"width": 360, "height": 740}) as page:
        for path in ["/ru/", newsroom.main.get_absolute_url(), "/ru/section/politics/"]:
            page.goto(f"{live_server.url}{path}")
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= 360, f"{path} is {overflow}px wide on a 360px phone"
            stylesheet_applied = page.evaluate(
                "getComputedStyle(document.querySelector('.topline')).display"
            )
            assert stylesheet_applied == "flex"
        page.goto(f"{live_server.url}{newsroom.main.get_absolute_url()}")
        page.screenshot(path=str(ARTIFACTS / "article-phone.png"), full_page=True)
