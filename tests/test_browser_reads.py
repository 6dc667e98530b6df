"""A reader's browser counts a read once the story has been visible for a few seconds,
with where the reader came from as a category, and sets no cookie."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.browser import chromium_page
from tests.factories import make_article, make_section
from xeber.analytics import counting

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Headless Chromium says so in its user agent, and headless browsers count as robots.
READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/156.0 Safari/537.36"


def reads_now() -> dict:
    now = counting.window_of(timezone.now())
    found = {}
    for window in (now - 1, now):
        found |= counting.window_counts(window)
    return found


def test_a_read_is_counted_after_five_visible_seconds_with_its_source(live_server):
    story = make_article(make_section("ru", "Политика", "politics"), title="Бюджет принят")
    with chromium_page(user_agent=READER) as page:
        beacons = []
        page.on(
            "request", lambda request: "/reads/beacon" in request.url and beacons.append(request)
        )
        page.goto(f"{live_server.url}{story.get_absolute_url()}", referer="https://www.google.com/")
        page.wait_for_timeout(3000)
        assert beacons == [] and reads_now() == {}  # not read yet: only 3 seconds
        page.wait_for_timeout(3500)
        assert len(beacons) == 1
        assert reads_now() == {("ru", story.pk, "search"): 1}
        assert page.context.cookies() == []
        page.reload()  # read again within the hour: the same reader, counted once
        page.wait_for_timeout(6000)
        assert len(beacons) == 2 and reads_now() == {("ru", story.pk, "search"): 1}
