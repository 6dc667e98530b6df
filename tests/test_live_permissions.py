"""Who may do what on a live page, over HTTP through the posting desk: authors post in a
live page they wrote or were chosen for and edit their own entries there; editors of its
edition and chief editors do everything; everyone else is refused (a 403, no effect)."""

import pytest
from django.contrib.auth import get_user_model

from tests.live_coverage import make_live, post
from tests.newsroom_staff import build_desk, login, make_user
from xeber.editorial.roles import Role
from xeber.live import services
from xeber.live.models import LiveEntry
from xeber.news.models import Article

pytestmark = pytest.mark.django_db
DESK = "/admin/live-desk"


def _entry(pk) -> LiveEntry:
    return LiveEntry.objects.get(pk=pk)


def open_desk(client, page, persona):
    return client.get(f"{DESK}/{page.live_article.pk}/").status_code == 200


def make_live_page(client, page, persona):
    client.post(f"{DESK}/{page.plain.pk}/start/")
    return Article.objects.get(pk=page.plain.pk).live == Article.Live.LIVE


def post_entry(client, page, persona):
    client.post(f"{DESK}/{page.live_article.pk}/", {"body": "<p>Новая запись</p>"})
    return LiveEntry.objects.filter(body="<p>Новая запись</p>").exists()


def _edit(client, entry):
    client.post(f"{DESK}/entry/{entry.pk}/", {"body": "<p>Правка</p>", "base_version": 1})
    return _entry(entry.pk).body == "<p>Правка</p>"


def edit_own(client, page, persona):
    return _edit(client, page.entry_by(persona))


def edit_others(client, page, persona):
    return _edit(client, page.others_entry)


def delete_own(client, page, persona):
    entry = page.entry_by(persona)
    client.post(f"{DESK}/entry/{entry.pk}/delete/")
    return _entry(entry.pk).deleted_at is not None


def delete_others(client, page, persona):
    client.post(f"{DESK}/entry/{page.others_entry.pk}/delete/")
    return _entry(page.others_entry.pk).deleted_at is not None


def pin(client, page, persona):
    client.post(f"{DESK}/entry/{page.others_entry.pk}/pin/", {"pinned": "1"})
    return _entry(page.others_entry.pk).pinned


def end(client, page, persona):
    client.post(f"{DESK}/{page.live_article.pk}/end/", {"summary": "Итоги"})
    return Article.objects.get(pk=page.live_article.pk).live == Article.Live.ENDED


ACTIONS = {
    "open the desk": open_desk,
    "make live": make_live_page,
    "post": post_entry,
    "edit own": edit_own,
    "edit others'": edit_others,
    "delete own": delete_own,
    "delete others'": delete_others,
    "pin": pin,
    "end": end,
}
AUTHOR = {"open the desk", "post", "edit own", "delete own"}
ALLOWED = {
    "chosen author": AUTHOR,
    "author of the article": AUTHOR,
    "other author": set(),
    "editor": set(ACTIONS),
    "editor of another edition": set(),
    "chief": set(ACTIONS),
    "staff without a role": set(),
}


class LivePage:
    """The desk's personas around one running live page (and one article not live)."""

    def __init__(self) -> None:
        desk = build_desk()
        self.personas = {
            "chosen author": desk.author,
            "author of the article": desk.other_author,  # wrote desk.published
            "other author": make_user("rustam", Role.AUTHOR),
            "editor": desk.editor,
            "editor of another edition": make_user("elnur", Role.EDITOR, editions=("en",)),
            "chief": desk.chief,
            "staff without a role": get_user_model().objects.create_user(
                "guest", password="correct horse battery staple", is_staff=True
            ),
        }
        self.plain = desk.in_review
        self.live_article = make_live(desk.published)
        services.live_assign(user=None, article=self.live_article, journalists=[desk.author])
        self.others_entry = post(self.live_article, "Чужая запись")
        LiveEntry.objects.filter(pk=self.others_entry.pk).update(created_by=desk.chief)

    def entry_by(self, persona) -> LiveEntry:
        entry = post(self.live_article, "Своя запись")
        LiveEntry.objects.filter(pk=entry.pk).update(created_by=persona)
        return _entry(entry.pk)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ALLOWED)
def test_permission_matrix(client, role, action):
    page = LivePage()
    persona = page.personas[role]
    login(client, persona)
    succeeded = ACTIONS[action](client, page, persona)
    assert succeeded is (action in ALLOWED[role]), f"{role} {action}"


@pytest.mark.parametrize(
    "path",
    [
        "{live}/",
        "{live}/start/",
        "{live}/end/",
        "entry/{entry}/",
        "entry/{entry}/delete/",
        "entry/{entry}/pin/",
    ],
)
def test_refusals_are_403_pages(client, path):
    page = LivePage()
    login(client, page.personas["other author"])
    url = f"{DESK}/" + path.format(live=page.live_article.pk, entry=page.others_entry.pk)
    assert client.post(url, {"body": "<p>x</p>", "base_version": 1}).status_code == 403


def test_readers_are_sent_to_the_login(client):
    page = LivePage()
    response = client.get(f"{DESK}/{page.live_article.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_services_refuse_the_same_people(client):
    from django.core.exceptions import PermissionDenied

    page = LivePage()
    with pytest.raises(PermissionDenied):
        services.entry_post(
            user=page.personas["other author"], article=page.live_article, body="<p>x</p>"
        )
    with pytest.raises(PermissionDenied):  # an author may not pin
        services.entry_post(
            user=page.personas["chosen author"],
            article=page.live_article,
            body="<p>x</p>",
            pinned=True,
        )
