"""The newsroom's desk in a real browser: an author's desk, autosave surviving a closed
tab, two people on one story seeing each other, the translation board, and a chief editor
enrolling in two-factor sign-in."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import totp

from tests.browser import chromium_page, chromium_pages
from tests.factories import make_section
from tests.newsroom_staff import build_desk, make_user
from tests.test_browser_newsroom import log_in
from xeber.editorial.models import WorkingCopy
from xeber.editorial.roles import Role
from xeber.editorial.services import article_return_to_draft
from xeber.news.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDE = {"viewport": {"width": 1440, "height": 1000}}


@pytest.fixture
def desk():
    return build_desk()


def test_an_authors_desk_shows_a_draft_returned_to_them(live_server, desk):
    article_return_to_draft(user=desk.editor, article=desk.in_review)
    with chromium_page(**WIDE) as page:
        log_in(page, live_server.url, "aysel")
        page.goto(f"{live_server.url}/admin/")
        returned = page.locator("#desk-returned")
        assert "На проверке" in returned.inner_text()
        returned.get_by_role("link", name="На проверке").click()
        page.wait_for_url(f"**/admin/news/article/{desk.in_review.pk}/change/")


def test_autosave_restores_the_text_after_the_page_is_closed_without_saving(live_server, desk):
    story = desk.own_draft
    url = f"{live_server.url}/admin/news/article/{story.pk}/change/"
    with chromium_page(**WIDE) as page:
        log_in(page, live_server.url, "aysel")
        page.goto(url)
        editor = page.locator(".ProseMirror[contenteditable=true]")
        editor.click()
        page.keyboard.press("End")
        page.keyboard.type(" Вторая половина, которую никто не сохранил.")
        page.locator(".writing-status:not(:empty)").wait_for(timeout=15_000)
        page.close()  # no save: the tab is gone
    assert WorkingCopy.objects.filter(article=story).exists()
    assert "Вторая половина" not in Article.objects.get(pk=story.pk).body
    with chromium_page(**WIDE) as page:
        log_in(page, live_server.url, "aysel")
        page.goto(url)
        page.locator(".working-copy a.button").click()
        editor = page.locator(".ProseMirror[contenteditable=true]")
        editor.wait_for()
        assert "Вторая половина, которую никто не сохранил." in editor.inner_text()
        page.locator("input[name=_continue]").click()
        page.wait_for_load_state()
    assert "Вторая половина" in Article.objects.get(pk=story.pk).body
    assert not WorkingCopy.objects.exists()


def test_two_browsers_on_one_story_see_each_other(live_server, desk):
    url = f"{live_server.url}/admin/news/article/{desk.in_review.pk}/change/"
    with chromium_pages(2, **WIDE) as (first, second):
        log_in(first, live_server.url, "farid")
        first.goto(url)
        first.locator(".writing").wait_for()
        log_in(second, live_server.url, "leyla")
        second.goto(url)
        line = second.locator(".writing-presence")
        line.get_by_role("button").wait_for(timeout=10_000)  # "take over"
        assert "farid" in line.inner_text()
        # The first sees the second on their next beat (every 10 s).
        first.locator(".writing-presence", has_text="leyla").wait_for(timeout=15_000)
        line.get_by_role("button").click()  # the second takes the story over
        second.locator(".writing-presence button").wait_for(state="detached")
        # The first is told on their next beat, and no longer holds it.
        told = first.locator(".writing-presence", has_text="leyla")
        first.wait_for_function(
            "() => document.querySelector('.writing-presence').dataset.state === 'taken'",
            timeout=15_000,
        )
        assert "leyla" in told.inner_text()


def test_the_translation_board_creates_a_linked_draft(live_server, desk):
    make_section("az", "Siyasət", "politics")
    make_user("nigar", Role.AUTHOR, editions=("az",))
    story = desk.published
    with chromium_page(**WIDE) as page:
        log_in(page, live_server.url, "farid")
        page.goto(f"{live_server.url}/admin/desk/translations/")
        cell = page.locator(f'tr[data-story="{story.pk}"] td[data-edition="az"]')
        cell.locator("select").select_option(label="nigar")
        cell.get_by_role("button").click()
        page.wait_for_load_state()
        page.locator(f'tr[data-story="{story.pk}"] td[data-edition="az"] a').wait_for()
    draft = Article.objects.get(edition="az", title=story.title)
    story.refresh_from_db()
    assert draft.translation_key == story.translation_key
    assert draft.created_by.username == "nigar" and draft.status == Article.Status.DRAFT


def test_a_chief_editor_enrols_in_two_factor_sign_in_and_is_asked_for_a_code_next_time(
    live_server, desk, settings
):
    settings.TWO_FACTOR_REQUIRED = True

    def code(secret: str, drift: int) -> str:
        key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        return f"{totp(key, drift=drift):06d}"

    with chromium_pages(2, **WIDE) as (first, second):
        log_in(first, live_server.url, "leyla")
        first.wait_for_url("**/admin/two-factor/setup/**")
        assert first.locator(".two-factor-qr svg").count() == 1
        secret = first.locator(".two-factor-secret").inner_text()
        first.fill("input[name=code]", code(secret, 0))
        first.locator(".two-factor button.default").click()
        assert first.locator(".two-factor-codes li").count() == 10
        first.locator(".two-factor a.button").click()
        first.locator("#desk-drafts").wait_for()

        log_in(second, live_server.url, "leyla")  # another browser: the code is asked
        second.wait_for_url("**/admin/two-factor/verify/**")
        assert second.locator("#desk-drafts").count() == 0
        second.fill("input[name=code]", code(secret, 1))
        second.locator(".two-factor button.default").click()
        second.locator("#desk-drafts").wait_for()


def test_the_form_counts_words_hints_the_headline_and_focuses_on_writing(live_server, desk):
    with chromium_page(**WIDE) as page:
        log_in(page, live_server.url, "aysel")
        page.goto(f"{live_server.url}/admin/news/article/{desk.own_draft.pk}/change/")
        editor = page.locator(".ProseMirror[contenteditable=true]")
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("Один два три четыре пять")
        assert ": 5 " in page.locator(".writing-count").inner_text()
        page.fill("#id_title", "Заголовок " * 12)  # 120 characters
        hint = page.locator(".writing-title-length")
        assert hint.get_attribute("data-state") == "over" and hint.inner_text().startswith("120")
        page.locator(".writing-focus-toggle").click()
        assert page.locator("#id_section").is_hidden() and editor.is_visible()
        page.keyboard.press("Escape")
        assert page.locator("#id_section").is_visible()


def test_the_phone_preview_shows_what_is_written_before_it_is_saved(live_server, desk):
    story = desk.own_draft
    with chromium_page(**WIDE) as page:
        log_in(page, live_server.url, "aysel")
        page.goto(f"{live_server.url}/admin/news/article/{story.pk}/change/")
        page.fill("#id_title", "Заголовок, который ещё не сохранён")
        editor = page.locator(".ProseMirror[contenteditable=true]")
        editor.click()
        page.keyboard.press("Control+A")
        page.keyboard.type("Текст, набранный только что.")
        with page.expect_popup() as opened:
            page.locator(".writing-phone").click()
        phone = opened.value
        phone.wait_for_url("**/phone-preview/")
        assert phone.locator("article h1").inner_text() == "Заголовок, который ещё не сохранён"
        assert "Текст, набранный только что." in phone.locator(".body").inner_text()
        assert phone.viewport_size is None or phone.viewport_size["width"] <= 400
    story.refresh_from_db()
    assert story.title != "Заголовок, который ещё не сохранён"  # nothing was saved
