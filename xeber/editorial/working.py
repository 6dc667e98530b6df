"""Writing together without losing a word: autosaved working copies, and who else has an
article open (presence, with a soft lock that can be taken over).

A working copy is one person's unsaved text (models.WorkingCopy); keeping one never
touches the article, so an autosave can overwrite nobody's save. Saving the article is
still checked against the version it was written on (optimistic locking, services.py):
a restored copy carries its own base version, so restoring one written before someone
else's save leads to the conflict screen, not over their save.

Presence lives in the cache only: each open form beats every PRESENCE_BEAT seconds and
is forgotten PRESENCE_GONE seconds after its last beat. The first to open the article
holds it; the others see who and since when, and may take it over (the holder is told
on their next beat). Two beats at the same moment may drop one of them until its next
beat: nothing depends on it more than that. Nothing is refused by it: it is a courtesy
between colleagues.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import secrets
import time

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from xeber.core.errors import Invalid
from xeber.editorial.models import WorkingCopy
from xeber.editorial.services import editor_texts
from xeber.news.models import Article

FIELDS = ("title", "lead", "body")
FIELD_LIMIT = 1_000_000  # characters a working copy keeps of one field
PRESENCE_BEAT = 10
PRESENCE_GONE = 3 * PRESENCE_BEAT
LOCK_SECONDS, LOCK_TRIES, LOCK_WAIT = 2, 50, 0.01  # a beat waits at most half a second


def working_copy_keep(*, user, article: Article | None, base_version, fields: dict) -> WorkingCopy:
    """Keep what `user` has in the form now (the last copy only)."""
    kept = {name: str(fields.get(name, "")) for name in FIELDS}
    if any(len(value) > FIELD_LIMIT for value in kept.values()):
        raise Invalid(f"a field of a working copy is at most {FIELD_LIMIT:,} characters")
    values = {"base_version": base_version, "fields": kept, "saved_at": timezone.now()}
    try:
        with transaction.atomic():
            copy, _made = WorkingCopy.objects.update_or_create(
                user=user, article=article, defaults=values
            )
    except IntegrityError:  # two autosaves of a new copy at once: the other one made it
        copy = WorkingCopy.objects.get(user=user, article=article)
        WorkingCopy.objects.filter(pk=copy.pk).update(**values)
    return copy


def working_copy_discard(*, user, article: Article | None) -> None:
    WorkingCopy.objects.filter(user=user, article=article).delete()


def working_copy_to_offer(
    user, article: Article | None, texts: dict | None = None
) -> WorkingCopy | None:
    """The person's copy when it says something the article does not (else None).
    `texts`: the article's editor_texts, if the caller has them already."""
    copy = WorkingCopy.objects.filter(user=user, article=article).first()
    if copy is None:
        return None
    if article is None:
        return copy if any(copy.fields.get(name) for name in FIELDS) else None
    if copy.saved_at <= article.updated_at and copy.base_version == article.version:
        return None  # older than the save it was written on
    saved = texts or editor_texts(article)  # as the form showed them, which is what was kept
    return None if all(copy.fields.get(name) == saved[name] for name in FIELDS) else copy


@dataclasses.dataclass(frozen=True)
class Present:
    user_id: int
    name: str
    since: dt.datetime


@dataclasses.dataclass(frozen=True)
class Presence:
    holder: Present | None  # who holds the article (the soft lock)
    others: list[Present]  # everyone else with it open, the holder included if not you
    holding: bool  # you hold it
    taken_over: bool  # you held it and someone took it over


def _key(article_id: int) -> str:
    return f"presence:{article_id}"


@contextlib.contextmanager
def _one_at_a_time(article_id: int):
    """The article's presence is read, changed and written back by one beat at a time:
    two beats at once would each write their own list, and one person would vanish until
    their next beat. A lock left by a crashed process lapses in LOCK_SECONDS; one not got
    within LOCK_TRIES goes on unlocked (presence is a courtesy; versions are the guard)."""
    lock, mine = f"presence-lock:{article_id}", secrets.token_hex(8)
    held = False
    for _try in range(LOCK_TRIES):
        held = cache.add(lock, mine, LOCK_SECONDS)
        if held or cache.get(lock) is None:  # got it, or the cache is down: no waiting
            break
        time.sleep(LOCK_WAIT)
    try:
        yield
    finally:
        if held and cache.get(lock) == mine:  # not one taken after ours lapsed
            cache.delete(lock)


def presence_beat(*, user, article_id: int, take_over: bool = False) -> Presence:
    """`user` has the article open now: note it, and say who else has."""
    with _one_at_a_time(article_id):
        return _beat(user, article_id, take_over)


def _beat(user, article_id: int, take_over: bool) -> Presence:
    now = timezone.now()
    present = cache.get(_key(article_id)) or {}
    present = {
        uid: entry
        for uid, entry in present.items()
        if now - entry["seen"] < dt.timedelta(seconds=PRESENCE_GONE)
    }
    mine = present.get(user.pk) or {"name": display_name(user), "since": now, "held": False}
    taken_over = bool(mine.pop("taken_by", None))
    holder_id = _holder(present)
    if take_over and holder_id not in (None, user.pk):
        present[holder_id].update(held=False, taken_by=mine["name"])
        holder_id = None
    if holder_id is None:
        mine["held"] = True
    mine["seen"] = now
    present[user.pk] = mine
    cache.set(_key(article_id), present, PRESENCE_GONE)
    return _presence(present, user.pk, taken_over)


def presence_leave(*, user, article_id: int) -> None:
    with _one_at_a_time(article_id):
        present = cache.get(_key(article_id)) or {}
        if present.pop(user.pk, None) is not None:
            cache.set(_key(article_id), present, PRESENCE_GONE)


def _holder(present: dict) -> int | None:
    return next((uid for uid, entry in present.items() if entry.get("held")), None)


def _presence(present: dict, you: int, taken_over: bool) -> Presence:
    def person(uid: int) -> Present:
        return Present(uid, present[uid]["name"], present[uid]["since"])

    holder = _holder(present)
    others = [
        person(uid) for uid in sorted(present, key=lambda u: present[u]["since"]) if uid != you
    ]
    return Presence(
        holder=person(holder) if holder is not None else None,
        others=others,
        holding=holder == you,
        taken_over=taken_over,
    )


def display_name(user) -> str:
    """How colleagues are named on the desk, the board and the form."""
    return user.get_full_name() or user.get_username()
