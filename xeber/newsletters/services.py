"""Every write of newsletters: a reader signing up, confirming, choosing lists, leaving or
deleting their data; a digest composed for the day; an alert letter; a letter cancelled.
Mails go out as deliveries (xeber/deliveries), sent by mail.py in a worker."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xeber.core.dates import long_date
from xeber.core.errors import Invalid
from xeber.deliveries.models import Delivery
from xeber.deliveries.services import deliveries_cancel, delivery_plan
from xeber.editorial.models import AuditEntry
from xeber.editorial.policy import Action, require
from xeber.news.masthead import identity_of
from xeber.news.models import Article
from xeber.newsletters.models import Letter, LetterItem, Subscriber

LISTS = ("digest", "alerts")
# A second confirmation mail to one address waits this long: a form cannot be used to
# flood someone's inbox.
CONFIRM_AGAIN = dt.timedelta(minutes=10)
# Addresses never confirmed are forgotten after this.
UNCONFIRMED_KEPT = dt.timedelta(days=7)


def _checked_email(email) -> str:
    email = (email or "").strip() if isinstance(email, str) else ""
    try:
        validate_email(email)
    except ValidationError as error:
        raise Invalid(_("Enter a valid e-mail address.")) from error
    return email.lower()  # one address, however it is typed: one subscriber


def subscriber_signup(*, edition: str, email, digest: bool, alerts: bool) -> Subscriber:
    """A sign-up from the site's box: a confirmation mail goes to the address (double
    opt-in), or, to an address already confirmed, a link to its preferences. Nothing is
    sent to one address more often than every CONFIRM_AGAIN."""
    if not isinstance(edition, str) or edition not in dict(settings.LANGUAGES):
        raise Invalid(f"unknown edition {edition!r}"[:100])
    email = _checked_email(email)
    if not (digest or alerts):
        raise Invalid(_("Choose at least one newsletter."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                subscriber, created = Subscriber.objects.get_or_create(
                    edition=edition, email=email, defaults={"digest": digest, "alerts": alerts}
                )
        except IntegrityError:  # the same address, signed up at the same moment
            subscriber, created = Subscriber.objects.get(edition=edition, email=email), False
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if not created and subscriber.confirmed_at is None:
            subscriber.digest, subscriber.alerts = digest, alerts  # a second try counts
        now = timezone.now()
        if subscriber.mailed_at and now - subscriber.mailed_at < CONFIRM_AGAIN:
            subscriber.save(update_fields=["digest", "alerts"])
            return subscriber
        subscriber.mailed_at = now
        subscriber.save(update_fields=["digest", "alerts", "mailed_at"])
        action = "manage" if subscriber.confirmed_at else "confirm"
        delivery_plan(
            key=f"newsletter:{action}:{subscriber.pk}:{now.timestamp():.0f}",
            channel="email",
            target=f"subscriber {subscriber.pk}",  # editors see no address
            action=action,
            params={"subscriber": subscriber.pk},
        )
    return subscriber


def subscriber_by_token(token: str) -> Subscriber | None:
    if not isinstance(token, str) or not 20 <= len(token) <= 64:
        return None
    return Subscriber.objects.filter(token=token).first()


def subscriber_confirm(subscriber: Subscriber) -> Subscriber:
    Subscriber.objects.filter(pk=subscriber.pk, confirmed_at__isnull=True).update(
        confirmed_at=timezone.now()
    )
    subscriber.refresh_from_db()
    return subscriber


def subscriber_choose(subscriber: Subscriber, *, digest: bool, alerts: bool) -> bool:
    """The lists the subscriber wants; none at all deletes the subscriber. True if kept."""
    if not (digest or alerts):
        subscriber.delete()
        return False
    subscriber.digest, subscriber.alerts = digest, alerts
    subscriber.save(update_fields=["digest", "alerts"])
    return True


def subscriber_unsubscribe(subscriber: Subscriber, list_name: str) -> bool:
    """One-click unsubscribe from one list (RFC 8058). True if the subscriber is kept."""
    if list_name not in LISTS:
        raise Invalid(f"unknown list {list_name!r}")
    choice = {name: getattr(subscriber, name) for name in LISTS}
    choice[list_name] = False
    return subscriber_choose(subscriber, **choice)


def subscriber_forget(subscriber: Subscriber) -> None:
    """The subscriber's "delete my data": the row goes, with everything it held."""
    subscriber.delete()


def unconfirmed_forget() -> int:
    """Addresses never confirmed within UNCONFIRMED_KEPT (run by `xeber scheduler`)."""
    stale = Subscriber.objects.filter(
        confirmed_at__isnull=True, created_at__lt=timezone.now() - UNCONFIRMED_KEPT
    )
    return stale.delete()[1].get(Subscriber._meta.label, 0)


def recipients(letter: Letter):
    """The confirmed subscribers of the letter's list."""
    list_name = "digest" if letter.kind == Letter.Kind.DIGEST else "alerts"
    return Subscriber.objects.filter(
        edition=letter.edition, confirmed_at__isnull=False, **{list_name: True}
    )


def letter_schedule(letter: Letter) -> Delivery:
    """The letter's sending, at its time (planned again, it takes its new time)."""
    delivery, _created = delivery_plan(
        key=f"newsletter:letter:{letter.pk}",
        channel="email",
        target=f"{letter.get_kind_display()} ({letter.edition})",
        action="letter",
        params={"letter": letter.pk},
        due_at=letter.send_at,
    )
    return delivery


@transaction.atomic
def letter_cancel(*, user, letter: Letter) -> bool:
    """An editor stops a letter that has not gone yet (one a worker started is left)."""
    require(user, Action.ALERT)
    drafts = Letter.objects.filter(pk=letter.pk, state=Letter.State.DRAFT)
    if not drafts.update(state=Letter.State.CANCELLED):
        return False
    letter.state = Letter.State.CANCELLED
    deliveries_cancel(Delivery.objects.filter(key=f"newsletter:letter:{letter.pk}"))
    return True


EDITABLE = ("subject", "intro", "send_at")


@transaction.atomic
def letter_change(*, user, letter: Letter) -> bool:
    """An editor's changes to a letter not gone yet (its subject, introduction, time; its
    stories are the admin's inline rows): saved, its sending moved to its time, audited.
    False when it went meanwhile (nothing is saved)."""
    require(user, Action.ALERT)
    letter.subject = " ".join(letter.subject.split())  # a header: one line
    drafts = Letter.objects.filter(pk=letter.pk, state=Letter.State.DRAFT)
    if not drafts.update(**{name: getattr(letter, name) for name in EDITABLE}):
        return False
    letter_schedule(letter)
    AuditEntry.objects.create(
        user=user, action="letter changed", article_title=letter.subject[:300],
        detail=f"newsletter ({letter.edition}, {letter.kind}, {letter.day})"[:300],
    )  # fmt: skip
    return True


def _digest_stories(edition: str, day: dt.date) -> list[Article]:
    """The stories of the 24 hours before the digest is composed (so the evening's are in
    the next day's), the main ones first, then the newest."""
    until = min(_at(day, settings.DIGEST_COMPOSE_AT), timezone.now())
    published = Article.objects.published().filter(
        edition=edition, published_at__gte=until - dt.timedelta(days=1), published_at__lt=until
    )
    return list(published.order_by("-is_main", "-published_at", "-id")[: settings.DIGEST_SIZE])


def _at(day: dt.date, clock: str) -> dt.datetime:
    hours, minutes = (int(part) for part in clock.split(":"))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hours, minutes)))


@transaction.atomic
def digest_compose(edition: str, day: dt.date) -> Letter | None:
    """The edition's digest of `day`, composed once, to go at DIGEST_SEND_AT (or at once
    when composed later than that); None on a day without stories."""
    existing = Letter.objects.filter(edition=edition, kind=Letter.Kind.DIGEST, day=day).first()
    if existing is not None:
        return existing
    stories = _digest_stories(edition, day)
    if not stories:
        return None
    with translation.override(edition):
        subject = _("%(site)s: the day's news, %(date)s") % {
            "site": identity_of(edition).name,
            "date": long_date(day, edition),
        }
    send_at = max(_at(day, settings.DIGEST_SEND_AT), timezone.now())
    letter = Letter.objects.create(
        edition=edition, kind=Letter.Kind.DIGEST, day=day, subject=subject, send_at=send_at
    )
    LetterItem.objects.bulk_create(
        LetterItem(letter=letter, article=article, position=position)
        for position, article in enumerate(stories)
    )
    letter_schedule(letter)
    return letter


def digests_compose_due() -> list[Letter]:
    """Every edition's digest of today, once DIGEST_COMPOSE_AT has come (run every
    minute by `xeber scheduler`); editors may change it until DIGEST_SEND_AT."""
    now = timezone.localtime()
    if now < _at(now.date(), settings.DIGEST_COMPOSE_AT):
        return []
    composed = [digest_compose(code, now.date()) for code, _name in settings.LANGUAGES]
    return [letter for letter in composed if letter is not None]


@transaction.atomic
def alert_letter_send(
    *, user, article: Article, subject: str, text: str = "", audit: bool = True
) -> Letter:
    """An alert by e-mail about a published story, to the edition's alerts list now
    (`audit=False`: part of an alert, audited as one)."""
    require(user, Action.ALERT, article)
    subject = " ".join((subject or "").split())
    if not subject:
        raise Invalid(_("An alert needs a subject."))
    if len(subject) > Letter._meta.get_field("subject").max_length:
        raise Invalid(_("The subject is too long."))
    if not Article.objects.published().filter(pk=article.pk).exists():
        raise Invalid(_("Only a story readers can open is sent: publish it first."))
    now = timezone.now()
    letter = Letter.objects.create(
        edition=article.edition, kind=Letter.Kind.ALERT, day=timezone.localdate(now),
        subject=subject, intro=text.strip(), send_at=now, created_by=user,
    )  # fmt: skip
    LetterItem.objects.create(letter=letter, article=article)
    if audit:
        AuditEntry.objects.create(
            user=user, action="alert mailed", article=article,
            article_title=article.title[:300],
            detail=f"newsletter alert ({article.edition}): {subject}"[:300],
        )  # fmt: skip
    letter_schedule(letter)
    return letter
