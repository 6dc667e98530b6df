"""Live coverage's writes (xeber/live/services.py): entries posted, edited on a version,
deleted, pinned and marked; the coverage started and ended; revisions and audit."""

import pytest

from tests.factories import make_article, make_section
from tests.live_coverage import make_live, post
from tests.test_editorial_security import XSS_PAYLOADS, live_problems
from xeber.editorial.models import AuditEntry
from xeber.editorial.services import InvalidTransition, StaleEdit
from xeber.live import services
from xeber.live.models import LiveCoverage, LiveEntry, LiveEntryRevision
from xeber.live.services import StaleEntryEdit
from xeber.news.models import Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def live():
    section = make_section("ru", "Политика", "politics")
    return make_live(make_article(section, title="Выборы: онлайн"))


def _stored(entry):
    return LiveEntry.objects.get(pk=entry.pk)


def test_starting_marks_the_article_live_and_moves_its_version(live):
    assert live.live == Article.Live.LIVE
    assert live.version == 2  # a save made on version 1 is refused from now on
    assert LiveCoverage.objects.get(article=live).ended_at is None
    assert AuditEntry.objects.filter(article=live, action="live started").exists()


def test_starting_twice_is_refused(live):
    with pytest.raises(InvalidTransition):
        services.live_start(user=None, article=live)


def test_a_posted_entry_is_stored_with_its_first_revision_and_an_audit_entry(live):
    entry = post(live, "Участки открылись в восемь утра.")
    stored = _stored(entry)
    assert stored.body == "<p>Участки открылись в восемь утра.</p>"
    assert stored.version == 1 and stored.deleted_at is None
    revision = LiveEntryRevision.objects.get(entry=entry)
    assert (revision.version, revision.note) == (1, "posted")
    assert AuditEntry.objects.filter(article=live, action="entry posted").count() == 1


def test_an_edit_on_the_current_version_is_stored_as_the_next_one(live):
    entry = post(live, "Явка 10%.")
    edited = services.entry_edit(
        user=None, entry=entry, data={"body": "<p>Явка 12%.</p>"}, base_version=1
    )
    assert edited.version == 2
    assert _stored(entry).body == "<p>Явка 12%.</p>"
    assert list(entry.revisions.values_list("version", flat=True)) == [2, 1]


def test_a_stale_edit_is_refused_with_the_stored_entry_and_changes_nothing(live):
    entry = post(live, "Явка 10%.")
    services.entry_edit(
        user=None, entry=_stored(entry), data={"body": "<p>Явка 12%.</p>"}, base_version=1
    )
    with pytest.raises(StaleEntryEdit) as refused:
        services.entry_edit(
            user=None, entry=entry, data={"body": "<p>Явка 11%.</p>"}, base_version=1
        )
    assert isinstance(refused.value, StaleEdit)  # the same kind as a stale article save
    assert refused.value.current.body == "<p>Явка 12%.</p>"  # the saved version, to show
    assert refused.value.base_version == 1
    assert _stored(entry).body == "<p>Явка 12%.</p>" and _stored(entry).version == 2


def test_a_deleted_entry_stays_as_a_row_marked_deleted_and_unpinned(live):
    entry = post(live, "Ошибочная запись.", pinned=True)
    services.entry_delete(user=None, entry=entry)
    stored = _stored(entry)
    assert stored.deleted_at is not None and not stored.pinned
    assert stored.version == 2  # open pages hear of it as a change
    assert stored.revisions.first().data["deleted"] is True
    with pytest.raises(InvalidTransition):
        services.entry_edit(user=None, entry=stored, data={"body": "<p>x</p>"}, base_version=2)


def test_only_one_entry_is_pinned_at_a_time(live):
    first = post(live, "Первая.", pinned=True)
    second = post(live, "Вторая.")
    services.entry_pin(user=None, entry=second)
    assert list(LiveEntry.objects.filter(pinned=True)) == [second]
    assert _stored(first).version == 2  # unpinned: a change open pages hear of
    third = post(live, "Третья.", pinned=True)
    assert list(LiveEntry.objects.filter(pinned=True)) == [third]
    services.entry_pin(user=None, entry=third, pinned=False)
    assert not LiveEntry.objects.filter(pinned=True).exists()


def test_key_events_keep_their_title_or_take_the_entrys_first_words(live):
    titled = post(live, "Подсчёт голосов начался.", key_event=True, key_title="  Подсчёт  ")
    untitled = post(live, "ЦИК объявил предварительные итоги голосования.", key_event=True)
    assert _stored(titled).key_title == "Подсчёт"
    assert _stored(untitled).key_title == "ЦИК объявил предварительные итоги голосования."
    plain = post(live, "Обычная запись.")
    services.entry_mark_key(user=None, entry=plain, key_event=True, key_title="Важное")
    assert (_stored(plain).key_event, _stored(plain).key_title) == (True, "Важное")
    services.entry_mark_key(user=None, entry=_stored(plain), key_event=False)
    assert (_stored(plain).key_event, _stored(plain).key_title) == (False, "")


def test_ending_keeps_every_entry_and_the_summary_and_refuses_new_entries(live):
    for number in range(3):
        post(live, f"Запись {number}.")
    services.live_end(user=None, article=live, summary="Итоги: победил кандидат А.")
    live.refresh_from_db()
    coverage = LiveCoverage.objects.get(article=live)
    assert live.live == Article.Live.ENDED
    assert coverage.ended_at is not None and coverage.summary == "Итоги: победил кандидат А."
    assert LiveEntry.objects.filter(article=live, deleted_at__isnull=True).count() == 3
    with pytest.raises(InvalidTransition):
        post(live, "Поздно.")
    with pytest.raises(InvalidTransition):
        services.live_end(user=None, article=live)


def test_a_live_page_can_run_again_after_an_end(live):
    post(live, "До перерыва.")
    services.live_end(user=None, article=live)
    services.live_start(user=None, article=Article.objects.get(pk=live.pk))
    post(live, "После перерыва.")
    assert LiveCoverage.objects.get(article=live).ended_at is None
    assert LiveEntry.objects.filter(article=live).count() == 2


def test_an_entry_needs_text_or_a_picture(live):
    with pytest.raises(ValueError):
        services.entry_post(user=None, article=live, body="<p> </p><script>x</script>")


def test_an_article_save_on_the_version_before_the_start_is_refused(live):
    from tests.factories import article_edit

    live.version = 1
    with pytest.raises(StaleEdit):
        article_edit(live, title="Старый вариант")


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_entries_lose_every_script_vector(live, payload, client):
    entry = services.entry_post(user=None, article=live, body=f"<p>До</p>{payload}<p>После</p>")
    assert live_problems(_stored(entry).body) == []
    html = client.get(live.get_absolute_url()).content.decode()
    start = html.index('<div class="live-entries">')
    assert live_problems(html[start : html.index("</section>", start)]) == []
    answer = client.get(f"/ru/live/{live.pk}/entries.json?after=0").json()
    assert all(live_problems(change["html"]) == [] for change in answer["entries"])


def test_choosing_journalists_for_an_article_never_live_is_refused_not_an_error():
    article = make_article(make_section("ru", "Политика", "politics"), title="Не онлайн")
    with pytest.raises(InvalidTransition):
        services.live_assign(user=None, article=article, journalists=[])
