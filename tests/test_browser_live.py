"""A reader keeps a live page open while journalists write it: a new entry is announced as
"1 new entry" within the poll interval and shown when the reader asks; edits and
deletions reach the open page by themselves."""

import contextlib
import shutil

import pytest
from django.db import connections
from playwright.sync_api import expect

from tests.browser import ARGS, CHROMIUM
from tests.factories import make_article, make_section
from tests.live_coverage import post
from tests.newsroom_staff import PASSWORD, make_user
from xeber.editorial.roles import Role, ensure_role_groups
from xeber.live import services
from xeber.live.models import LiveEntry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
POLL_SECONDS = 1
# What may pass before an open page shows a change: an interval, and the time to ask.
WITHIN_MS = (POLL_SECONDS + 4) * 1000


@contextlib.contextmanager
def browser_contexts(count: int):
    """Separate browser contexts (as separate people's browsers) of one Chromium."""
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is missing: `make test` installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        pages = [
            browser.new_context(viewport={"width": 1000, "height": 900}).new_page()
            for _ in range(count)
        ]
        try:
            yield pages
        finally:
            browser.close()
            # The test's writes between pages ran in Playwright's context, on a database
            # connection of their own: closed here, or PostgreSQL could not drop the test
            # database.
            connections.close_all()


@pytest.fixture
def live():
    article = make_article(make_section("ru", "Спорт", "sport"), title="Дерби: онлайн")
    services.live_start(user=None, article=article, poll_seconds=POLL_SECONDS)
    post(article, "Команды выходят на поле.")
    return article


def _entries(page):
    return page.locator(".live-entries .live-entry .entry-body")


def test_a_reader_sees_new_entries_edits_and_deletions_arrive(live_server, live):
    with browser_contexts(1) as (reader,):
        errors = []
        reader.on("pageerror", lambda error: errors.append(str(error)))
        reader.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        reader.goto(live_server.url + live.get_absolute_url())
        button = reader.locator(".live-new-button")
        expect(button).to_be_hidden()
        expect(_entries(reader)).to_have_text(["Команды выходят на поле."])

        goal = post(live, "Гол! 1:0 на 12-й минуте.")
        expect(button).to_have_text("1 новая запись", timeout=WITHIN_MS)
        # Nothing moved under the reader's eyes until they ask.
        expect(_entries(reader)).to_have_text(["Команды выходят на поле."])
        post(live, "Жёлтая карточка.")
        expect(button).to_have_text("2 новые записи", timeout=WITHIN_MS)

        button.click()
        expect(button).to_be_hidden()
        expect(_entries(reader)).to_have_text(
            ["Жёлтая карточка.", "Гол! 1:0 на 12-й минуте.", "Команды выходят на поле."]
        )
        reader.screenshot(path="test-artifacts/live-reader.png", full_page=True)

        services.entry_edit(
            user=None,
            entry=goal,
            data={"body": "<p>Гол! 1:0 на 13-й минуте.</p>"},
            base_version=goal.version,
        )
        expect(_entries(reader).nth(1)).to_have_text("Гол! 1:0 на 13-й минуте.", timeout=WITHIN_MS)
        first = LiveEntry.objects.get(body="<p>Команды выходят на поле.</p>")
        services.entry_delete(user=None, entry=first)
        expect(_entries(reader)).to_have_count(2, timeout=WITHIN_MS)
        expect(button).to_be_hidden()  # edits and deletions never count as new
        assert errors == []


def test_a_journalist_posts_from_the_desk_while_a_reader_watches(live_server, live):
    ensure_role_groups()
    make_user("farid", Role.EDITOR)
    base = live_server.url
    with browser_contexts(2) as (reader, journalist):
        reader.goto(base + live.get_absolute_url())
        journalist.goto(f"{base}/admin/login/")
        journalist.fill("#id_username", "farid")
        journalist.fill("#id_password", PASSWORD)
        journalist.click("input[type=submit]")
        journalist.wait_for_url(f"{base}/admin/**")
        journalist.goto(f"{base}/admin/live-desk/{live.pk}/")
        editor = journalist.locator("[contenteditable=true].ProseMirror")
        editor.click()
        editor.type("Перерыв. Счёт 0:0.")
        journalist.check("#id_key_event")
        journalist.click("button.post-entry")
        journalist.wait_for_url(f"{base}/admin/live-desk/{live.pk}/")
        journalist.screenshot(path="test-artifacts/live-desk.png", full_page=True)

        button = reader.locator(".live-new-button")
        expect(button).to_have_text("1 новая запись", timeout=WITHIN_MS)
        button.click()
        expect(_entries(reader).first).to_have_text("Перерыв. Счёт 0:0.")
        # The key event joins the timeline at the top of the page.
        expect(reader.locator(".live-key-events")).to_contain_text("Перерыв. Счёт 0:0.")
