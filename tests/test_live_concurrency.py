"""Several journalists post in one live page at the same moment: none waits for another,
and every entry is kept, in the order of their times. Entries never lock the article."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction
from django.db.models import F

from tests.factories import make_article, make_section
from tests.live_coverage import make_live
from tests.newsroom_staff import make_user
from xeber.editorial.roles import Role, ensure_role_groups
from xeber.live import selectors, services
from xeber.live.models import LiveEntry
from xeber.news.models import Article

pytestmark = [
    pytest.mark.django_db(transaction=True),  # each thread commits on its own connection
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers: PostgreSQL (SQLite takes one writer at a time)",
    ),
]
JOURNALISTS = 4
ROUNDS = 5


@pytest.fixture
def live():
    ensure_role_groups()
    article = make_live(make_article(make_section("ru", "Спорт", "sport"), title="Дерби"))
    people = [make_user(f"journalist{number}", Role.AUTHOR) for number in range(JOURNALISTS)]
    services.live_assign(user=None, article=article, journalists=people)
    return article, people


def _post_in_rounds(article, user, start: threading.Barrier) -> list[int]:
    posted = []
    try:
        for round_number in range(ROUNDS):
            start.wait(timeout=30)
            entry = services.entry_post(
                user=user, article=article, body=f"<p>{user.username}: {round_number}</p>"
            )
            posted.append(entry.pk)
    finally:
        connection.close()
    return posted


def test_journalists_posting_at_the_same_moment_all_keep_their_entries_in_order(live):
    article, people = live
    start = threading.Barrier(JOURNALISTS)
    with ThreadPoolExecutor(JOURNALISTS) as pool:
        runs = [pool.submit(_post_in_rounds, article, user, start) for user in people]
        posted = [pk for run in runs for pk in run.result(timeout=120)]
    assert len(set(posted)) == JOURNALISTS * ROUNDS
    stored = list(LiveEntry.objects.filter(article=article).order_by("-posted_at", "-id"))
    assert {entry.pk for entry in stored} == set(posted)
    page = selectors.live_page(article, 1, size=JOURNALISTS * ROUNDS)
    assert [entry.pk for entry in page.entries] == [entry.pk for entry in stored]
    for user in people:  # each journalist's own entries in the order they posted them
        own = [e.body for e in reversed(stored) if e.created_by_id == user.pk]
        assert own == [f"<p>{user.username}: {number}</p>" for number in range(ROUNDS)]


def test_entries_are_posted_while_an_editor_saves_the_article(live):
    """A save holds the article's row (its version claimed, the row written) until it
    commits; entries go on being posted meanwhile."""
    article, people = live
    locked, release = threading.Event(), threading.Event()

    def hold_the_article():
        try:
            with transaction.atomic():
                Article.objects.filter(pk=article.pk).update(version=F("version") + 1)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def post_one():
        try:
            return services.entry_post(user=people[0], article=article, body="<p>Без ожидания</p>")
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        holder = pool.submit(hold_the_article)
        assert locked.wait(timeout=30)
        try:
            entry = pool.submit(post_one).result(timeout=10)  # would wait for `release`
        finally:
            release.set()
        holder.result(timeout=30)
    assert LiveEntry.objects.get(pk=entry.pk).body == "<p>Без ожидания</p>"


def test_a_journalist_whose_post_is_still_being_stored_holds_up_no_other(live):
    """One entry's transaction is still open (a slow commit); another journalist's entry
    is stored meanwhile, and both are kept."""
    article, people = live
    stored, release = threading.Event(), threading.Event()

    def slow_post():
        try:
            with transaction.atomic():
                services.entry_post(user=people[0], article=article, body="<p>Медленно</p>")
                stored.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    def quick_post():
        try:
            return services.entry_post(user=people[1], article=article, body="<p>Быстро</p>")
        finally:
            connection.close()

    with ThreadPoolExecutor(2) as pool:
        slow = pool.submit(slow_post)
        assert stored.wait(timeout=30)
        try:
            pool.submit(quick_post).result(timeout=10)  # would wait for `release`
        finally:
            release.set()
        slow.result(timeout=30)
    bodies = set(LiveEntry.objects.filter(article=article).values_list("body", flat=True))
    assert bodies == {"<p>Медленно</p>", "<p>Быстро</p>"}


def _pin_at_once(article, user, start: threading.Barrier, text: str) -> int:
    try:
        start.wait(timeout=30)
        return services.entry_post(
            user=user, article=article, body=f"<p>{text}</p>", pinned=True
        ).pk
    finally:
        connection.close()


def test_two_editors_pinning_at_once_both_post_and_one_entry_stays_pinned(live):
    article, _ = live
    people = [make_user(f"editor{number}", Role.EDITOR) for number in (0, 1)]
    start = threading.Barrier(2)
    with ThreadPoolExecutor(2) as pool:
        futures = [pool.submit(_pin_at_once, article, people[n], start, f"pin {n}") for n in (0, 1)]
        posted = [future.result(timeout=60) for future in futures]
    assert LiveEntry.objects.filter(pk__in=posted).count() == 2
    assert LiveEntry.objects.filter(article=article, pinned=True).count() == 1
