"""Autosave into working copies, the offer to restore one, and presence with its soft lock
(xeber/editorial/working.py and admin/writing.py), through the admin's own URLs."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.newsroom_staff import build_desk, change_data, login
from xeber.editorial.models import WorkingCopy
from xeber.news.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    return build_desk()


def autosave(client, article, **fields):
    data = {"title": article.title, "lead": "", "body": "<p>x</p>",
            "base_version": article.version, **fields}  # fmt: skip
    return client.post(f"/admin/news/article/{article.pk}/autosave/", data)


def test_an_autosave_keeps_a_working_copy_and_never_touches_the_article(client, desk):
    login(client, desk.author)
    answer = autosave(client, desk.own_draft, body="<p>Полтекста, ещё не сохранённого</p>")
    assert answer.status_code == 200 and answer.json()["newer_saved"] is False
    article = Article.objects.get(pk=desk.own_draft.pk)
    assert article.version == desk.own_draft.version and "Полтекста" not in article.body
    page = client.get(f"/admin/news/article/{article.pk}/change/").content.decode()
    assert 'class="working-copy"' in page  # offered back
    restored = client.get(f"/admin/news/article/{article.pk}/change/?restore=1").content.decode()
    assert "Полтекста, ещё не сохранённого" in restored
    assert 'class="working-copy"' not in restored


def test_saving_the_article_ends_its_working_copy_and_discarding_does_too(client, desk):
    login(client, desk.author)
    autosave(client, desk.own_draft, title="Новый заголовок")
    answer = client.post(
        f"/admin/news/article/{desk.own_draft.pk}/change/",
        change_data(desk.own_draft, title="Новый заголовок"),
    )
    assert answer.status_code == 302
    assert not WorkingCopy.objects.exists()
    autosave(client, desk.own_draft, title="Ещё один")
    client.post(f"/admin/news/article/{desk.own_draft.pk}/working-copy/discard/")
    assert not WorkingCopy.objects.exists()


def test_a_restored_copy_written_before_someone_elses_save_is_refused_as_stale(client, desk):
    login(client, desk.editor)
    story = desk.in_review
    autosave(client, story, title="Мой заголовок")
    other = Client()
    login(other, desk.chief)
    other.post(f"/admin/news/article/{story.pk}/change/", change_data(story, title="Главред"))
    story.refresh_from_db()
    assert story.title == "Главред"
    page = client.get(f"/admin/news/article/{story.pk}/change/?restore=1").content.decode()
    base = page.split('name="base_version" value="')[1].split('"')[0]
    assert int(base) == story.version - 1  # the copy's own version
    stale = client.post(
        f"/admin/news/article/{story.pk}/change/",
        change_data(story, title="Мой заголовок", base_version=int(base)),
    )
    assert stale.status_code == 200  # the conflict screen, not a save
    story.refresh_from_db()
    assert story.title == "Главред"


def test_autosave_is_the_writers_only(client, desk):
    login(client, desk.author)
    assert autosave(client, desk.others_draft).status_code == 403
    huge = autosave(client, desk.own_draft, body="x" * 1_000_001)
    assert huge.status_code == 400
    assert Client().post(f"/admin/news/article/{desk.own_draft.pk}/autosave/").status_code == 302


def test_a_new_articles_text_is_kept_and_offered_on_the_add_form(client, desk):
    login(client, desk.author)
    kept = client.post(
        "/admin/news/article/autosave/", {"title": "Без имени", "body": "<p>Начало</p>"}
    )
    assert kept.status_code == 200
    assert 'class="working-copy"' in client.get("/admin/news/article/add/").content.decode()
    assert "Начало" in client.get("/admin/news/article/add/?restore=1").content.decode()


def test_presence_shows_who_else_has_the_story_and_the_lock_can_be_taken_over(desk):
    editor, chief = Client(), Client()
    login(editor, desk.editor)
    login(chief, desk.chief)
    url = f"/admin/news/article/{desk.in_review.pk}/presence/"
    first = editor.post(url).json()
    assert first["holding"] and first["others"] == []
    second = chief.post(url).json()
    assert not second["holding"] and second["holder"]["name"] == "farid"
    assert editor.post(url).json()["others"][0]["name"] == "leyla"
    taken = chief.post(url, {"take": "1"}).json()
    assert taken["holding"]
    told = editor.post(url).json()
    assert told["taken_over"] and told["holder"]["name"] == "leyla" and not told["holding"]
    chief.post(url, {"leave": "1"})
    assert editor.post(url).json()["holding"]  # the holder left: the next one holds it


def test_the_script_check_warns_and_fixes_only_what_is_clicked(client, desk):
    story = desk.own_draft
    mixed = "Мoсква"  # a Latin "o" inside a Russian word
    Article.objects.filter(pk=story.pk).update(title=f'{mixed} и "Газпром"')
    story.refresh_from_db()
    body_before = story.body
    login(client, desk.author)
    page = client.get(f"/admin/news/article/{story.pk}/change/")
    findings = page.context["writing"]["findings"]
    assert {finding.kind for finding in findings} == {"mixed-script", "quotes"}
    assert 'id="script-check"' in page.content.decode()
    story.refresh_from_db()
    assert story.title == f'{mixed} и "Газпром"' and story.body == body_before  # untouched
    latin = next(finding for finding in findings if finding.kind == "mixed-script")
    stale = client.post(
        f"/admin/news/article/{story.pk}/script-fix/",
        {"key": latin.key, "base_version": story.version - 1},
    )
    assert stale.status_code == 302
    assert Article.objects.get(pk=story.pk).title == story.title  # a stale click changes nothing
    client.post(
        f"/admin/news/article/{story.pk}/script-fix/",
        {"key": latin.key, "base_version": story.version},
    )
    story.refresh_from_db()
    assert story.title == 'Москва и "Газпром"' and story.version == 2  # the quotes wait
    assert (
        client.post(
            f"/admin/news/article/{desk.others_draft.pk}/script-fix/", {"key": latin.key}
        ).status_code
        == 403
    )


def test_a_working_copy_that_says_what_the_form_showed_is_not_offered(client, desk):
    """The copy holds the body as the editor sees it, not as it is stored."""
    from xeber.editorial.services import editor_texts

    login(client, desk.author)
    shown = editor_texts(desk.own_draft)
    autosave(client, desk.own_draft, title=shown["title"], lead=shown["lead"], body=shown["body"])
    page = client.get(f"/admin/news/article/{desk.own_draft.pk}/change/").content.decode()
    assert 'class="working-copy"' not in page


def test_beats_at_the_same_moment_lose_no_one():
    """Without the lock around the presence's read-change-write, some of these beats write
    over each other and people vanish from the list until their next beat."""
    import threading
    from types import SimpleNamespace

    from xeber.editorial import working

    people = [SimpleNamespace(pk=n, get_full_name=lambda: "", get_username=str) for n in range(16)]
    for round_ in range(5):
        article_id = 900_000 + round_
        start = threading.Barrier(len(people))

        def beat(person, article_id=article_id, start=start):
            start.wait()
            working.presence_beat(user=person, article_id=article_id)

        threads = [threading.Thread(target=beat, args=(person,)) for person in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seen = working.presence_beat(user=people[0], article_id=article_id)
        assert len(seen.others) == len(people) - 1, f"round {round_}"
