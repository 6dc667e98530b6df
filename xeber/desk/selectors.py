"""What one person's desk shows: their own work first, then what waits for them, then the
newsroom's state (live pages, breaking lines, deliveries that failed, what is read now, a
stale rates bulletin). Every list is a short, indexed read; a desk is a few milliseconds
of queries whatever the archive's size (bench/desk.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from xeber.analytics.counting import window_of
from xeber.analytics.selectors import ranked_now, stories_of
from xeber.deliveries.models import Delivery
from xeber.editorial.models import AuditEntry
from xeber.editorial.policy import Action, can
from xeber.editorial.roles import Role, editions_of, role_of
from xeber.news.masthead import last_working_day
from xeber.news.models import Article, BreakingNews
from xeber.rates.models import Rate

LIMIT = 8
READS_NOW_MINUTES = 30
READS_NOW_KEPT = 30  # seconds a desk's "read now" is kept for every desk
READS_NOW_COUNT = 5


@dataclasses.dataclass
class Listing:
    """A list on the desk and how many there are in all."""

    items: list
    total: int


@dataclasses.dataclass
class Desk:
    role: Role | None
    editions: list[str]
    my_drafts: Listing
    returned: list[Article]
    review: Listing | None  # editors and chief editors
    scheduled: list[Article]
    live: list[Article]
    breaking: list[BreakingNews]
    latest: dict[str, list[Article]]
    failed: Listing | None  # editors and chief editors
    read_now: dict[str, list[tuple[Article, int]]] | None
    rates_stale: bool  # the latest stored bulletin is older than the last working day
    rates_bulletin: dt.date | None  # the latest stored


def desk_for(user) -> Desk:
    role = role_of(user) or (Role.CHIEF if user.is_superuser else None)
    editions = editions_of(user)
    editor = role in (Role.EDITOR, Role.CHIEF)
    articles = Article.objects.defer("body", "lead")  # a desk shows titles and times
    mine = articles.filter(created_by=user, status=Article.Status.DRAFT)
    in_editions = articles.filter(edition__in=editions)
    return Desk(
        role=role,
        editions=editions,
        my_drafts=_listing(mine.order_by("-updated_at")),
        returned=_returned_to(user),
        review=_listing(in_editions.filter(status=Article.Status.REVIEW).order_by("updated_at"))
        if editor
        else None,
        scheduled=_scheduled(in_editions if editor else in_editions.filter(created_by=user)),
        live=list(in_editions.filter(live=Article.Live.LIVE).order_by("-published_at")[:LIMIT]),
        breaking=list(BreakingNews.objects.active().filter(edition__in=editions)),
        latest={
            edition: list(Article.objects.published().filter(edition=edition).defer("body")[:5])
            for edition in editions
        },
        failed=_failed() if editor else None,
        read_now=_read_now(editions) if can(user, Action.READS) else None,
        **_rates_bulletin(timezone.localdate()),
    )


def _listing(queryset) -> Listing:
    items = list(queryset[: LIMIT + 1])
    total = len(items) if len(items) <= LIMIT else queryset.count()
    return Listing(items[:LIMIT], total)


def _returned_to(user) -> list[Article]:
    """The author's drafts an editor sent back, newest return first, until they are sent
    for review again (then they are no longer drafts)."""
    entries = (
        AuditEntry.objects.filter(
            action="returned",
            article__created_by=user,
            article__status=Article.Status.DRAFT,
        )
        .select_related("article")
        .defer("article__body", "article__lead")
        .order_by("-created_at")[: LIMIT * 2]
    )
    found: dict[int, Article] = {}
    for entry in entries:
        found.setdefault(entry.article_id, entry.article)
    return list(found.values())[:LIMIT]


def _scheduled(articles) -> list[Article]:
    return list(
        articles.filter(status=Article.Status.PUBLISHED, published_at__gt=timezone.now()).order_by(
            "published_at"
        )[:LIMIT]
    )


def _failed() -> Listing:
    failed = Delivery.objects.filter(state=Delivery.State.FAILED).select_related("article")
    return _listing(failed.order_by("-updated_at"))


def _read_now(editions: list[str]) -> dict[str, list[tuple[Article, int]]]:
    """The stories read most in the last half hour per edition, from the counters (one
    walk over the windows for every edition), kept for half a minute for every desk."""
    key = f"desk:read-now:{window_of(timezone.now())}"
    ranked = cache.get(key)
    if ranked is None:
        ranked = ranked_now(READS_NOW_MINUTES, READS_NOW_COUNT)
        cache.set(key, ranked, READS_NOW_KEPT)
    return stories_of(ranked, editions, READS_NOW_COUNT)


def _rates_bulletin(today: dt.date) -> dict:
    """The latest stored bulletin's date, and whether it is older than the last working
    day (the header shows an old rate)."""
    latest = Rate.objects.filter(code="USD").order_by("-date").values_list("date", flat=True)
    bulletin = latest.first()
    stale = bulletin is None or bulletin < last_working_day(today)
    return {"rates_bulletin": bulletin, "rates_stale": stale}


BOARD_DAYS = 3
BOARD_LIMIT = 60


@dataclasses.dataclass
class BoardRow:
    """A story of the last days and its versions in the other editions (None: missing)."""

    story: Article
    versions: dict[str, Article | None]


def translation_board(editions: list[str], now: dt.datetime | None = None) -> list[BoardRow]:
    """The newest stories of the last BOARD_DAYS days in `editions` (published, scheduled
    or in review), each with which editions have it and which lack it."""
    now = now or timezone.now()
    stories = list(
        Article.objects.filter(
            edition__in=editions,
            status__in=[Article.Status.PUBLISHED, Article.Status.REVIEW],
            published_at__gte=now - dt.timedelta(days=BOARD_DAYS),
        )
        .select_related("section")
        .order_by("-published_at", "-id")[:BOARD_LIMIT]
    )
    keys = {story.translation_key for story in stories if story.translation_key}
    linked: dict = {}
    for version in Article.objects.filter(translation_key__in=keys).only(
        "pk", "edition", "title", "status", "translation_key", "published_at", "created_by"
    ):
        linked.setdefault(version.translation_key, {})[version.edition] = version
    everything = [code for code, _name in settings.LANGUAGES]
    rows, seen = [], set()
    for story in stories:
        group = linked.get(story.translation_key, {}) if story.translation_key else {}
        if story.translation_key in seen:
            continue  # one row per story, in the edition that published it first here
        if story.translation_key:
            seen.add(story.translation_key)
        versions = {
            code: (story if code == story.edition else group.get(code)) for code in everything
        }
        rows.append(BoardRow(story, versions))
    return rows
