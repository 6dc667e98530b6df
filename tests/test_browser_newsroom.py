"""A reporter files a story with a photo; an editor schedules it; readers see it on time."""

import datetime as dt
import time

import pytest
from django.utils import timezone
from PIL import Image as PillowImage

from tests.browser import chromium_page
from tests.factories import make_rates, make_section
from tests.newsroom_staff import PASSWORD, make_user
from xeber.editorial.roles import Role, ensure_role_groups
from xeber.news.models import Article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Парламент принял бюджет на следующий год"


def log_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{base}/admin/**")


def test_author_files_editor_schedules_reader_sees_it_on_time(live_server, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    ensure_role_groups()
    section = make_section("ru", "Политика", "politics")
    make_rates(timezone.localdate(), USD="1.7000")
    make_user("aysel", Role.AUTHOR)
    make_user("farid", Role.EDITOR)
    photo = tmp_path / "session.jpg"
    PillowImage.new("RGB", (1800, 1000), "#7a1e2c").save(photo, "JPEG")
    base = live_server.url

    with chromium_page(viewport={"width": 1280, "height": 1000}) as page:
        log_in(page, base, "aysel")
        page.goto(f"{base}/admin/news/article/add/")
        page.select_option("#id_edition", "ru")
        page.select_option("#id_section", str(section.pk))
        page.fill("#id_title", TITLE)
        page.fill("#id_lead", "Депутаты одобрили документ во втором чтении.")
        editor = page.locator("[contenteditable=true].ProseMirror")
        editor.click()
        editor.type("Голосование заняло два часа.")
        page.keyboard.press("Enter")
        editor.type("Документ вступит в силу с января.")
        page.set_input_files("#id_cover_upload", str(photo))
        page.fill("#id_cover_alt", "Зал заседаний парламента")
        page.click("button.workflow-submit")
        page.wait_for_url(f"{base}/admin/news/article/")
        page.screenshot(path="test-artifacts/backoffice-author.png", full_page=True)

    article = Article.objects.get(title=TITLE)
    assert article.state == "review" and article.cover.alt == "Зал заседаний парламента"
    assert "Документ вступит в силу с января." in article.body

    with chromium_page(viewport={"width": 390, "height": 844}) as page:  # an editor's phone
        log_in(page, base, "farid")
        page.goto(f"{base}/admin/news/article/{article.pk}/change/")
        at = timezone.localtime(timezone.now() + dt.timedelta(seconds=2))
        page.fill("#id_published_at_0", at.strftime("%Y-%m-%d"))
        page.fill("#id_published_at_1", at.strftime("%H:%M:%S"))
        page.click("button.workflow-schedule")
        page.wait_for_url(f"{base}/admin/news/article/")

        page.goto(f"{base}/ru/")
        assert TITLE not in page.content()  # not before its time
        while timezone.now() < at + dt.timedelta(milliseconds=200):
            time.sleep(0.1)
        page.goto(f"{base}/ru/")
        assert TITLE in page.content()  # and then, with no cron job
        page.screenshot(path="test-artifacts/front-after-schedule.png", full_page=True)
    article.refresh_from_db()
    assert article.state == "published"


def test_the_back_office_fits_a_phone(live_server):
    from tests.newsroom_staff import build_desk

    desk = build_desk()
    with chromium_page(viewport={"width": 390, "height": 844}) as page:
        log_in(page, live_server.url, "farid")
        for path in [
            "/admin/",
            "/admin/news/article/",
            "/admin/news/article/add/",
            f"/admin/news/article/{desk.own_draft.pk}/change/",
            "/admin/news/breakingnews/",
        ]:
            page.goto(live_server.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{path} is {width}px wide on a 390px phone"
        page.context.clear_cookies()
        log_in(page, live_server.url, "leyla")  # the chief editor's own pages
        for path in ["/admin/identity/", "/admin/account/sessions/"]:
            assert page.goto(live_server.url + path).status == 200
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{path} is {width}px wide on a 390px phone"
