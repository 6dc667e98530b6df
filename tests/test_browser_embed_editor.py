"""An editor embeds a video from the body editor and sees what it will be before saving;
embeds already in a story survive opening and saving it (providers on loopback)."""

from urllib.parse import urlsplit

import pytest

from tests.browser import chromium_page
from tests.embed_providers import YOUTUBE, answer, paragraphs, provider_server, save_article
from tests.newsroom_staff import make_user
from tests.test_browser_newsroom import log_in
from xeber.editorial.roles import Role, ensure_role_groups
from xeber.embeds.markup import blocks
from xeber.news.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
EMBED_BUTTON = "Embed a post or video"


@pytest.fixture
def server(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    with provider_server(settings) as server:
        yield server


@pytest.fixture
def editor():
    ensure_role_groups()
    return make_user("farid", Role.EDITOR)


class Watch:
    """What the editor's browser asks of other sites (stopped here), what CSP refuses and
    which scripts fail."""

    def __init__(self, page, base: str) -> None:
        self.elsewhere, self.refused = [], []
        own = urlsplit(base).netloc
        page.route("**/*", lambda route: self._route(route, own))
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.refused.append(str(error)))

    def _route(self, route, own):
        if urlsplit(route.request.url).netloc != own:
            self.elsewhere.append(route.request.url)
            return route.abort()
        return route.continue_()

    def _console(self, message):
        if "Content Security Policy" not in message.text:
            return
        if "'style-src" in message.text and message.location["url"].endswith(
            "/django_prose_editor/editor.js"
        ):
            return  # the editor's own inline style, refused since before the embeds
        self.refused.append(message.text)


def open_article(page, base, article):
    page.goto(f"{base}/admin/news/article/{article.pk}/change/")
    page.locator(".ProseMirror[contenteditable=true]").wait_for()


def embed(page, link):
    page.get_by_role("button", name=EMBED_BUTTON).click()
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.locator("input[name=url]").fill(link)
    dialog.get_by_role("button", name="Embed", exact=True).click()


def test_an_editor_embeds_a_video_sees_it_and_readers_get_it(live_server, server, editor):
    answer(server, YOUTUBE, title="Baku at night")
    article = save_article(paragraphs("The square filled before dawn.", "Then the music began."))
    base = live_server.url

    with chromium_page(viewport={"width": 1280, "height": 1000}) as page:
        watch = Watch(page, base)
        log_in(page, base, "farid")
        open_article(page, base, article)
        assert page.locator(".embed-previews").is_hidden()  # no link alone in a paragraph yet

        page.locator(".ProseMirror[contenteditable=true] > p").first.click()
        embed(page, "https://example.org/not-a-video")  # refused: asked again, with why
        problem = page.locator("dialog.prose-editor-dialog [role=alert]")
        problem.filter(has_text="stays a plain link").wait_for()
        dialog = page.locator("dialog.prose-editor-dialog")
        assert dialog.locator("input[name=url]").input_value() == "https://example.org/not-a-video"
        dialog.locator("input[name=url]").fill(YOUTUBE)
        dialog.get_by_role("button", name="Embed", exact=True).click()

        card = page.locator(".embed-previews .embed-preview")
        card.locator(".embed-preview-title").filter(has_text="Baku at night").wait_for()
        assert card.count() == 1
        assert card.locator(".embed-preview-provider").text_content() == "YouTube"
        assert card.locator("img").get_attribute("src").startswith("data:image/jpeg;base64,")
        body = page.locator(".ProseMirror[contenteditable=true] > p")
        assert body.all_text_contents() == [
            "The square filled before dawn.",
            YOUTUBE,
            "Then the music began.",
        ]
        page.screenshot(path="test-artifacts/backoffice-embed-preview.png", full_page=True)

        page.click("input[name=_save]")
        page.wait_for_url(f"{base}/admin/news/article/")
        assert watch.elsewhere == [] and watch.refused == []

        page.goto(base + article.get_absolute_url(), wait_until="networkidle")
        facade = page.locator("figure.embed-video")
        assert facade.count() == 1
        assert facade.locator(".embed-title").text_content() == "Baku at night"
        assert facade.locator(".embed-provider").text_content() == "YouTube"

    [block] = blocks(Article.objects.get(pk=article.pk).body)
    assert (block.provider, block.title) == ("youtube", "Baku at night")


def test_a_link_typed_alone_in_a_paragraph_is_previewed_as_the_editor_types(
    live_server, server, editor
):
    answer(server, YOUTUBE, title="Caspian wind")
    article = save_article(paragraphs("Opening line."))
    base = live_server.url

    with chromium_page(viewport={"width": 1280, "height": 1000}) as page:
        watch = Watch(page, base)
        log_in(page, base, "farid")
        open_article(page, base, article)
        page.locator(".ProseMirror[contenteditable=true] > p").first.click()
        page.keyboard.press("End")
        page.keyboard.press("Enter")
        page.keyboard.type("javascript:alert(1)")
        page.keyboard.press("Enter")
        page.keyboard.type(YOUTUBE)

        cards = page.locator(".embed-previews .embed-preview")
        cards.locator(".embed-preview-title").filter(has_text="Caspian wind").wait_for()
        assert cards.count() == 2
        refused = cards.nth(0)
        assert "embed-preview-refused" in refused.get_attribute("class")
        assert "only http and https links" in refused.text_content()
        assert watch.elsewhere == [] and watch.refused == []


def test_an_existing_embed_is_shown_and_comes_through_open_and_save_intact(
    live_server, server, editor
):
    answer(server, YOUTUBE, title="Baku at night")
    article = save_article(paragraphs("Intro.", YOUTUBE, "Outro."))
    stored = article.body
    [before] = blocks(stored)
    asked = len(server.requests)
    base = live_server.url

    with chromium_page(viewport={"width": 1280, "height": 1000}) as page:
        watch = Watch(page, base)
        log_in(page, base, "farid")
        open_article(page, base, article)
        card = page.locator(".embed-previews .embed-preview")
        card.locator(".embed-preview-title").filter(has_text="Baku at night").wait_for()
        assert card.locator("img").get_attribute("src") == before.thumbnail  # our picture
        page.click("input[name=_save]")
        page.wait_for_url(f"{base}/admin/news/article/")
        assert watch.elsewhere == [] and watch.refused == []

    article.refresh_from_db()
    assert article.version > 1  # it was saved
    assert article.body == stored
    assert blocks(article.body) == [before]
    assert len(server.requests) == asked  # nothing asked again, by the preview or the save
