"""The back office's home: a desk per person, and the translation board."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import make_article, make_rates, make_section
from tests.newsroom_staff import build_desk, login, make_user
from xeber.deliveries.models import Delivery
from xeber.editorial.roles import Role
from xeber.editorial.services import article_return_to_draft
from xeber.news.masthead import last_working_day
from xeber.news.models import Article, Tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return build_desk()


def panel(page: str, name: str) -> str:
    start = page.index(f'id="desk-{name}"')
    return page[start : page.index("</section>", start)]


def test_an_authors_desk_shows_their_drafts_and_what_was_returned_to_them(client, desk):
    article_return_to_draft(user=desk.editor, article=desk.in_review)
    login(client, desk.author)
    page = client.get("/admin/").content.decode()
    assert "Черновик автора" in panel(page, "drafts")
    assert "Чужой черновик" not in page  # another author's draft
    assert "На проверке" in panel(page, "returned")
    assert 'id="desk-review"' not in page and 'id="desk-failed"' not in page
    assert "Уже на сайте" in panel(page, "latest")


def test_an_editors_desk_shows_the_review_queue_failures_and_a_stale_bulletin(client, desk):
    Delivery.objects.create(
        key="t:1", channel="telegram", target="@news", action="post",
        state=Delivery.State.FAILED, last_error="Forbidden: bot was kicked",
    )  # fmt: skip
    login(client, desk.editor)
    page = client.get("/admin/").content.decode()
    review = panel(page, "review")
    assert "На проверке" in review and '<span class="desk-count">1</span>' in review
    assert "bot was kicked" in panel(page, "failed")
    assert 'role="alert"' in page  # no rates bulletin stored at all
    make_rates(last_working_day(timezone.localdate()), USD="1.7000")
    assert 'role="alert"' not in client.get("/admin/").content.decode()


def test_an_old_bulletin_is_warned_of_and_the_weekend_is_not(client, desk):
    friday = dt.date(2026, 11, 27)
    assert last_working_day(dt.date(2026, 11, 29)) == friday  # Sunday
    make_rates(timezone.localdate() - dt.timedelta(days=10), USD="1.7000")
    login(client, desk.chief)
    assert 'role="alert"' in client.get("/admin/").content.decode()


def test_the_desk_needs_a_sign_in(client, desk):
    assert client.get("/admin/").status_code == 302


def test_the_translation_board_makes_a_linked_draft_for_a_translator(client, desk):
    make_section("az", "Siyasət", "politics")
    ru_tag = Tag.objects.create(edition="ru", name="Баку", slug="baku")
    Tag.objects.create(edition="az", name="Bakı", slug="baku")
    story = desk.published
    story.tags.set([ru_tag])
    translator = make_user("nigar", Role.AUTHOR, editions=("az",))
    login(client, desk.editor)
    board = client.get("/admin/desk/translations/").content.decode()
    assert "Уже на сайте" in board and "nigar" in board
    answer = client.post(
        "/admin/desk/translations/",
        {"story": story.pk, "edition": "az", "translator": translator.pk},
        follow=True,
    )
    draft = Article.objects.get(edition="az", title="Уже на сайте")
    story.refresh_from_db()
    assert draft.translation_key == story.translation_key is not None
    assert draft.status == Article.Status.DRAFT and draft.created_by == translator
    assert draft.section.edition == "az" and [t.name for t in draft.tags.all()] == ["Bakı"]
    assert "nigar" in answer.content.decode()
    again = client.post(
        "/admin/desk/translations/",
        {"story": story.pk, "edition": "az", "translator": translator.pk},
        follow=True,
    )
    assert Article.objects.filter(edition="az", translation_key=story.translation_key).count() == 1
    refusal = [m for m in again.context["messages"] if m.level_tag == "error"]
    assert len(refusal) == 1 and "az" in str(refusal[0])
    client.logout()
    login(client, translator)
    assert "Уже на сайте" in panel(client.get("/admin/").content.decode(), "drafts")


def test_a_translator_of_another_edition_and_authors_are_refused(client, desk):
    make_section("az", "Siyasət", "politics")
    login(client, desk.editor)
    ru_only = make_user("elvin", Role.AUTHOR, editions=("ru",))
    other = make_article(make_section("ru", "Экономика", "economy"), title="Другая история")
    answer = client.post(
        "/admin/desk/translations/",
        {"story": other.pk, "edition": "az", "translator": ru_only.pk},
        follow=True,
    )
    assert not Article.objects.filter(edition="az", title="Другая история").exists()
    assert [m.level_tag for m in answer.context["messages"]] == ["error"]
    client.logout()
    login(client, desk.author)
    assert client.get("/admin/desk/translations/").status_code == 403


def test_the_phone_preview_renders_the_working_copy_sanitised_and_only_for_its_writer(client, desk):
    from xeber.editorial.models import WorkingCopy

    story = desk.own_draft
    WorkingCopy.objects.create(
        user=desk.author, article=story, base_version=story.version,
        fields={"title": "Новый заголовок", "lead": "Новый лид",
                "body": "<p>Новый текст</p><script>alert(1)</script>"},
    )  # fmt: skip
    login(client, desk.author)
    url = f"/admin/news/article/{story.pk}/phone-preview/"
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200 and "Новый заголовок" in text and "Новый текст" in text
    assert "alert(1)" not in text and "no-store" in page["Cache-Control"]
    story.refresh_from_db()
    assert story.title != "Новый заголовок"
    client.logout()
    login(client, desk.editor)  # sees the story as saved: the copy is the author's alone
    assert "Новый заголовок" not in client.get(url).content.decode()
    client.logout()
    login(client, desk.other_author)
    assert client.get(url).status_code == 403
