"""Only editors (of the story's edition) and chief editors correct published stories; an
author is refused with a 403 page, and a story readers cannot see takes no correction."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.factories import make_article, make_section
from tests.newsroom_staff import build_desk, login
from xeber.editorial import services
from xeber.editorial.models import Correction
from xeber.news.models import Article

pytestmark = pytest.mark.django_db
ARTICLES = "/admin/news/article"


def _correct(client, article):
    return client.post(f"{ARTICLES}/{article.pk}/corrections/add/", {"text": "Исправлено."})


def test_an_author_is_refused_with_a_403_even_on_their_own_story(client):
    desk = build_desk()
    own = make_article(desk.published.section, title="Своя статья", created_by=desk.author)
    login(client, desk.author)
    for story in (own, desk.published):
        assert _correct(client, story).status_code == 403
    change_page = client.get(f"{ARTICLES}/{own.pk}/change/").content.decode()
    assert "/corrections/add/" not in change_page  # the author may read it, not correct it
    assert not Correction.objects.exists()
    assert all(not a.corrections for a in Article.objects.all())
    with pytest.raises(PermissionDenied):
        services.correction_add(user=desk.author, article=own, text="Исправлено.")


def test_editors_correct_only_their_editions_and_chief_editors_any(client):
    desk = build_desk()  # the editor works on ru and az
    english = make_article(make_section("en"), title="Budget")
    login(client, desk.editor)
    assert (
        "/corrections/add/"
        in client.get(f"{ARTICLES}/{desk.published.pk}/change/").content.decode()
    )
    assert _correct(client, desk.published).status_code == 302
    assert _correct(client, english).status_code == 403
    client.logout()
    login(client, desk.chief)
    assert _correct(client, english).status_code == 302
    assert sorted(Correction.objects.values_list("article_id", "created_by__username")) == sorted(
        [(desk.published.pk, "farid"), (english.pk, "leyla")]
    )


def test_a_story_readers_cannot_see_takes_no_correction(client):
    desk = build_desk()
    login(client, desk.editor)
    response = _correct(client, desk.in_review)
    assert response.status_code == 302
    followed = client.get(response["Location"]).content.decode()
    # The back office speaks Russian unless the browser or the profile says otherwise.
    assert "Исправление можно добавить только к опубликованной статье." in followed
    assert "/corrections/add/" not in followed
    assert not Correction.objects.exists()
    blank = client.post(f"{ARTICLES}/{desk.published.pk}/corrections/add/", {"text": "  "})
    assert blank.status_code == 302 and not Correction.objects.exists()
