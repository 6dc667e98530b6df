"""Workflow, scheduling, revisions, the stale-save guard and the audit log."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.utils import timezone

from tests.newsroom_staff import build_desk, change_data, login
from xeber.editorial import services
from xeber.editorial.models import AuditEntry, Revision
from xeber.news.models import Article

pytestmark = pytest.mark.django_db
ARTICLES = "/admin/news/article"


def test_an_article_goes_from_draft_to_review_to_published_to_unpublished():
    desk = build_desk()
    article = desk.own_draft
    services.article_submit(user=desk.author, article=article)
    services.article_publish(user=desk.editor, article=article)
    assert article.is_public
    services.article_unpublish(user=desk.editor, article=article)
    assert not Article.objects.published().filter(pk=article.pk).exists()
    steps = list(
        AuditEntry.objects.filter(article=article)
        .order_by("id")
        .values_list("user__username", "action", "from_state", "to_state")
    )
    assert steps == [
        (None, "created", "draft", "draft"),  # by the test's factory, as a command would
        ("aysel", "submitted", "draft", "review"),
        ("farid", "published", "review", "published"),
        ("farid", "unpublished", "published", "unpublished"),
    ]


def test_impossible_steps_are_refused_with_a_reason():
    desk = build_desk()
    with pytest.raises(
        services.InvalidTransition, match="Cannot unpublish an article that is draft"
    ):
        services.article_unpublish(user=desk.editor, article=desk.own_draft)
    with pytest.raises(services.InvalidTransition, match="must be in the future"):
        services.article_schedule(user=desk.editor, article=desk.in_review, at=timezone.now())
    with pytest.raises(PermissionDenied):
        services.article_publish(user=desk.author, article=desk.in_review)


def test_a_scheduled_article_appears_exactly_when_its_time_comes():
    desk = build_desk()
    at = timezone.now() + dt.timedelta(seconds=1)
    services.article_schedule(user=desk.editor, article=desk.in_review, at=at)
    assert desk.in_review.state == "scheduled"
    assert not Article.objects.published().filter(pk=desk.in_review.pk).exists()
    entry = AuditEntry.objects.get(action="scheduled")
    assert entry.detail.endswith("+04")  # Asia/Baku written next to the time
    import time

    time.sleep(1.05)
    assert Article.objects.published().filter(pk=desk.in_review.pk).exists()


def test_publishing_records_the_breaking_line_of_that_moment():
    from xeber.news.models import BreakingNews

    desk = build_desk()
    BreakingNews.objects.create(edition="ru", text="Срочно: заседание продолжается")
    services.article_publish(user=desk.editor, article=desk.in_review)
    assert desk.in_review.header_breaking == "Срочно: заседание продолжается"


def save_twice(client, user, article, first: dict, second: dict) -> None:
    """Log in as `user` and save `article` twice through the back office."""
    login(client, user)
    url = f"{ARTICLES}/{article.pk}/change/"
    client.post(url, change_data(article, **first))
    article.refresh_from_db()
    client.post(url, change_data(article, **second))


class TestRevisions:
    def test_every_save_through_the_back_office_stores_a_revision(self, client):
        desk = build_desk()
        save_twice(
            client,
            desk.author,
            desk.own_draft,
            {"lead": "Первая правка"},
            {"lead": "Вторая правка"},
        )
        revisions = Revision.objects.filter(article_key=desk.own_draft.pk).order_by("number")
        leads = ["Короткий лид новости.", "Первая правка", "Вторая правка"]  # created, saved twice
        assert [r.data["lead"] for r in revisions] == leads
        assert all(r.created_by == desk.author for r in revisions[1:])
        assert revisions[2].data["title"] == "Черновик автора"  # all fields, not just changes

    def test_an_editor_compares_two_revisions_side_by_side(self, client):
        desk = build_desk()
        save_twice(
            client,
            desk.editor,
            desk.own_draft,
            {"title": "Заголовок один"},
            {"title": "Заголовок два"},
        )
        listing = client.get(f"{ARTICLES}/{desk.own_draft.pk}/revisions/").content.decode()
        assert "Compare side by side" in listing or "Сравнить" in listing
        diff = client.get(f"{ARTICLES}/{desk.own_draft.pk}/revisions/diff/?a=2&b=3")
        html = diff.content.decode()
        assert diff.status_code == 200 and 'class="diff"' in html
        assert "<del>один</del>" in html and "<ins>два</ins>" in html
        bad = client.get(f"{ARTICLES}/{desk.own_draft.pk}/revisions/diff/?a=1&b=x")
        assert bad.status_code == 404

    def test_restoring_a_revision_is_itself_a_new_revision(self, client):
        desk = build_desk()
        save_twice(
            client,
            desk.editor,
            desk.own_draft,
            {"lead": "Хороший лид"},
            {"lead": "Испорченный лид"},
        )
        response = client.post(f"{ARTICLES}/{desk.own_draft.pk}/revisions/2/restore/")
        assert response.status_code == 302
        desk.own_draft.refresh_from_db()
        assert desk.own_draft.lead == "Хороший лид"
        newest = Revision.objects.filter(article_key=desk.own_draft.pk).first()
        assert newest.number == 4 and newest.data["lead"] == "Хороший лид"

    def test_restore_needs_a_post_and_the_right_role(self, client):
        desk = build_desk()
        services.revision_record(user=desk.author, article=desk.own_draft)
        login(client, desk.author)
        assert client.get(f"{ARTICLES}/{desk.own_draft.pk}/revisions/1/restore/").status_code == 405
        assert (
            client.post(f"{ARTICLES}/{desk.own_draft.pk}/revisions/1/restore/").status_code == 403
        )


class TestStaleSave:
    def test_the_second_save_on_a_stale_version_is_refused_and_shows_both(self, client):
        desk = build_desk()
        url = f"{ARTICLES}/{desk.own_draft.pk}/change/"
        login(client, desk.editor)
        first = change_data(desk.own_draft, lead="Версия редактора")
        second = change_data(desk.own_draft, lead="Версия автора")  # same base version
        assert client.post(url, first).status_code == 302
        response = client.post(url, second)
        html = response.content.decode()
        assert response.status_code == 200
        assert "changed by someone else" in html or "изменил" in html
        assert "Версия редактора" in html and "Версия автора" in html  # both versions shown
        desk.own_draft.refresh_from_db()
        assert desk.own_draft.lead == "Версия редактора"  # nobody's work overwritten
        assert desk.own_draft.version == 2

    def test_a_missing_version_is_treated_as_stale(self, client):
        desk = build_desk()
        login(client, desk.editor)
        data = change_data(desk.own_draft, lead="Без версии", base_version="")
        response = client.post(f"{ARTICLES}/{desk.own_draft.pk}/change/", data)
        assert response.status_code == 200
        desk.own_draft.refresh_from_db()
        assert desk.own_draft.lead != "Без версии"

    def test_the_save_service_refuses_a_stale_version_whoever_calls_it(self):
        desk = build_desk()
        draft = desk.own_draft
        base = draft.version
        services.article_update(
            user=desk.editor, article=draft, data={"lead": "Первая правка"}, base_version=base
        )
        stale = Article.objects.get(pk=draft.pk)
        with pytest.raises(services.StaleEdit) as refused:
            services.article_update(
                user=desk.author, article=stale, data={"lead": "Вторая"}, base_version=base
            )
        assert refused.value.current.lead == "Первая правка"
        draft.refresh_from_db()
        assert (draft.lead, draft.version) == ("Первая правка", base + 1)
        assert draft.revisions.count() == 2  # created, edited: the refused edit left none


class TestSaveService:
    def test_a_save_and_its_step_are_one_transaction(self):
        """A step the user may not take refuses the edit too: nothing half-done."""
        desk = build_desk()
        draft = desk.own_draft
        with pytest.raises(PermissionDenied):
            services.article_update(
                user=desk.author,
                article=draft,
                data={"title": "Сразу в печать"},
                base_version=draft.version,
                step="publish",
            )
        draft.refresh_from_db()
        assert draft.title == "Черновик автора" and draft.state == Article.State.DRAFT
        assert draft.revisions.count() == 1  # when it was created

    def test_a_failure_inside_the_save_rolls_everything_back(self):
        desk = build_desk()
        draft = desk.own_draft
        taken = desk.others_draft.slug
        with pytest.raises(IntegrityError):  # the slug is another article's
            services.article_update(
                user=desk.editor,
                article=draft,
                data={"title": "Новое", "slug": taken},
                base_version=draft.version,
            )
        draft.refresh_from_db()
        assert (draft.title, draft.version) == ("Черновик автора", 1)
        assert AuditEntry.objects.filter(article=draft, action="edited").count() == 0

    def test_the_admin_shows_a_step_it_cannot_take_and_saves_nothing(self, client):
        desk = build_desk()
        login(client, desk.editor)
        url = f"{ARTICLES}/{desk.own_draft.pk}/change/"
        data = change_data(desk.own_draft, title="Попытка", _workflow="unpublish")
        response = client.post(url, data)
        assert response.status_code == 200
        errors = response.context_data["adminform"].form.non_field_errors()
        assert len(errors) == 1 and "draft" in errors[0]
        desk.own_draft.refresh_from_db()
        assert desk.own_draft.title == "Черновик автора"

    def test_the_admin_saves_and_takes_the_step_in_one_go(self, client):
        desk = build_desk()
        login(client, desk.editor)
        url = f"{ARTICLES}/{desk.own_draft.pk}/change/"
        data = change_data(desk.own_draft, title="Сразу на сайт", _workflow="publish")
        assert client.post(url, data).status_code == 302
        desk.own_draft.refresh_from_db()
        assert desk.own_draft.title == "Сразу на сайт"
        assert desk.own_draft.state == Article.State.PUBLISHED
        notes = list(desk.own_draft.revisions.order_by("number").values_list("note", flat=True))
        assert notes == ["created", "", "published"]


def test_the_article_history_is_visible_to_editors(client):
    desk = build_desk()
    services.article_submit(user=desk.author, article=desk.own_draft)
    login(client, desk.editor)
    html = client.get(f"{ARTICLES}/{desk.own_draft.pk}/change/").content.decode()
    assert "submitted" in html and "aysel" in html
    assert "Черновик автора" in client.get("/admin/editorial/auditentry/").content.decode()


class TestPreview:
    def test_a_signed_link_shows_an_unpublished_article(self, client):
        from xeber.editorial.preview import preview_token

        desk = build_desk()
        assert client.get(desk.own_draft.get_absolute_url()).status_code == 404
        response = client.get(f"/preview/{preview_token(desk.own_draft)}/")
        assert response.status_code == 200
        assert "Черновик автора" in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex, nofollow"

    def test_a_forged_or_expired_link_is_a_404(self, client, settings):
        from xeber.editorial.preview import preview_token

        desk = build_desk()
        token = preview_token(desk.own_draft)
        assert client.get(f"/preview/{token[:-2]}xx/").status_code == 404
        assert client.get(f"/preview/{desk.own_draft.pk}/").status_code == 404
        settings.PREVIEW_MAX_AGE = -1
        assert client.get(f"/preview/{token}/").status_code == 404


def test_a_published_slug_never_changes(client):
    desk = build_desk()
    login(client, desk.editor)
    url = f"{ARTICLES}/{desk.published.pk}/change/"
    client.post(url, change_data(desk.published, slug="novyi-adres", title="Новый заголовок"))
    desk.published.refresh_from_db()
    assert desk.published.title == "Новый заголовок"
    assert desk.published.slug != "novyi-adres"


def test_a_new_article_gets_a_slug_from_its_title(client):
    desk = build_desk()
    login(client, desk.author)
    data = change_data(desk.own_draft, title="Şəhər xəbərləri bu gün", slug="", base_version="")
    client.post(f"{ARTICLES}/add/", data)
    article = Article.objects.get(title="Şəhər xəbərləri bu gün")
    assert article.slug == "sheher-xeberleri-bu-gun"
    assert article.created_by == desk.author and article.state == "draft"


def test_the_comparison_works_word_by_word_and_escapes():
    from xeber.editorial.diff import side_by_side

    rows = side_by_side(
        ["Один <b>два</b> три.", "Тот же."], ["Один четыре три.", "Тот же.", "Новый."]
    )
    assert rows[0] == (
        "changed",
        "Один <del>&lt;b&gt;два&lt;/b&gt;</del> три.",
        "Один <ins>четыре</ins> три.",
    )
    assert rows[1][0] == "equal" and rows[2] == ("added", "", "<ins>Новый.</ins>")


def test_a_deleted_article_leaves_its_trace_in_the_audit_log(client):
    desk = build_desk()
    login(client, desk.chief)
    title = desk.others_draft.title
    client.post(f"{ARTICLES}/{desk.others_draft.pk}/delete/", {"post": "yes"})
    assert not Article.objects.filter(title=title).exists()
    entry = AuditEntry.objects.get(action="deleted")
    assert (entry.article_title, entry.user) == (title, desk.chief)
