"""The permission matrix: every role against every back-office action, over HTTP.

Each action is attempted for real; "allowed" means it succeeded and had its effect,
"refused" means a 403 page and no effect.
"""

import datetime as dt

import pytest
from django.utils import timezone

from tests.newsroom_staff import build_desk, change_data, login
from xeber.news.models import Article, BreakingNews

pytestmark = pytest.mark.django_db
ARTICLES = "/admin/news/article"


def _reload(article):
    return Article.objects.get(pk=article.pk)


def view(client, desk):
    return client.get(f"{ARTICLES}/{desk.others_draft.pk}/change/").status_code == 200


def create(client, desk):
    data = change_data(desk.own_draft, title="Новая статья", slug="", base_version="")
    client.post(f"{ARTICLES}/add/", data)
    return Article.objects.filter(title="Новая статья").exists()


def edit_own(client, desk):
    client.post(
        f"{ARTICLES}/{desk.own_draft.pk}/change/", change_data(desk.own_draft, lead="Правка")
    )
    return _reload(desk.own_draft).lead == "Правка"


def edit_others(client, desk):
    article = desk.others_draft
    client.post(f"{ARTICLES}/{article.pk}/change/", change_data(article, lead="Чужая правка"))
    return _reload(article).lead == "Чужая правка"


def _step(client, article, step, **overrides):
    client.post(
        f"{ARTICLES}/{article.pk}/change/", change_data(article, _workflow=step, **overrides)
    )
    return _reload(article)


def submit(client, desk):
    return _step(client, desk.own_draft, "submit").state == "review"


def publish(client, desk):
    return _step(client, desk.in_review, "publish").state == "published"


def schedule(client, desk):
    later = timezone.localtime(timezone.now() + dt.timedelta(days=1))
    article = _step(
        client,
        desk.in_review,
        "schedule",
        published_at_0=later.strftime("%Y-%m-%d"),
        published_at_1=later.strftime("%H:%M:%S"),
    )
    return article.state == "scheduled"


def unpublish(client, desk):
    return _step(client, desk.published, "unpublish").state == "unpublished"


def delete(client, desk):
    client.post(f"{ARTICLES}/{desk.others_draft.pk}/delete/", {"post": "yes"})
    return not Article.objects.filter(pk=desk.others_draft.pk).exists()


def manage_breaking(client, desk):
    client.post("/admin/news/breakingnews/", {"step": "add", "edition": "ru", "text": "Срочно"})
    return BreakingNews.objects.filter(text="Срочно").exists()


def manage_users(client, desk):
    return client.get("/admin/auth/user/").status_code == 200


ACTIONS = {
    "view others'": view,
    "create": create,
    "edit own": edit_own,
    "edit others'": edit_others,
    "submit": submit,
    "publish": publish,
    "schedule": schedule,
    "unpublish": unpublish,
    "delete": delete,
    "manage breaking": manage_breaking,
    "manage users": manage_users,
}
ALLOWED = {
    "author": {"create", "edit own", "submit"},
    "editor": set(ACTIONS) - {"delete", "manage users"},
    "chief": set(ACTIONS),
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ["author", "editor", "chief"])
def test_permission_matrix(client, role, action):
    desk = build_desk()
    persona = {"author": desk.author, "editor": desk.editor, "chief": desk.chief}[role]
    if role != "author":
        # Editors work on the author's own draft too; make it theirs for "edit own".
        Article.objects.filter(pk=desk.own_draft.pk).update(created_by=persona)
        desk.own_draft.refresh_from_db()
    login(client, persona)
    succeeded = ACTIONS[action](client, desk)
    assert succeeded is (action in ALLOWED[role]), f"{role} {action}"


@pytest.mark.parametrize(
    ("url", "method"),
    [
        ("{articles}/{others}/change/", "get"),
        ("{articles}/{others}/change/", "post"),
        ("{articles}/{others}/delete/", "get"),
        ("{articles}/{published}/change/", "post"),
        ("/admin/news/breakingnews/", "get"),
        ("/admin/auth/user/", "get"),
        ("/admin/editorial/auditentry/", "get"),
        ("{articles}/{others}/revisions/", "get"),
    ],
)
def test_refusals_are_403_pages(client, url, method):
    desk = build_desk()
    login(client, desk.author)
    target = url.format(articles=ARTICLES, others=desk.others_draft.pk, published=desk.published.pk)
    response = getattr(client, method)(
        target, change_data(desk.published) if method == "post" else None
    )
    assert response.status_code == 403


def test_an_author_publishing_own_draft_is_refused_and_nothing_changes(client):
    desk = build_desk()
    login(client, desk.author)
    data = change_data(desk.own_draft, lead="Новый лид", _workflow="publish")
    response = client.post(f"{ARTICLES}/{desk.own_draft.pk}/change/", data)
    assert response.status_code == 403
    article = _reload(desk.own_draft)
    assert (article.state, article.lead) == ("draft", desk.own_draft.lead)


def test_an_editor_cannot_touch_another_editions_articles(client):
    desk = build_desk()
    Article.objects.filter(pk=desk.others_draft.pk).update(edition="en")
    login(client, desk.editor)  # editions: ru, az
    assert client.get(f"{ARTICLES}/{desk.others_draft.pk}/change/").status_code == 403


def test_the_authors_list_shows_only_their_own_articles(client):
    desk = build_desk()
    login(client, desk.author)
    html = client.get(f"{ARTICLES}/").content.decode()
    assert desk.own_draft.title in html and desk.others_draft.title not in html


def test_a_chief_editor_cannot_make_superusers(client):
    desk = build_desk()
    login(client, desk.chief)
    html = client.get(f"/admin/auth/user/{desk.author.pk}/change/").content.decode()
    assert 'name="is_superuser"' not in html


def test_the_back_office_follows_the_users_chosen_language(client):
    desk = build_desk()
    profile = desk.editor.staff_profile
    profile.language = "az"
    profile.save()
    login(client, desk.editor)
    assert '<html lang="az"' in client.get("/admin/").content.decode()
    profile.language = "en"
    profile.save()
    assert '<html lang="en"' in client.get("/admin/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
