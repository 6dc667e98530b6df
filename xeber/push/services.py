"""Every write of web push: a reader's browser subscribing or leaving, an editor sending an
alert about a story. Sending itself is a delivery (xeber/deliveries), done by sending.py in
a worker, never in the request."""

from __future__ import annotations

import base64
import binascii
import fnmatch
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from xeber.core.errors import Invalid
from xeber.deliveries.services import delivery_plan
from xeber.editorial.models import AuditEntry
from xeber.editorial.policy import Action, require
from xeber.news.models import Article, Section
from xeber.push.models import PushAlert, PushSubscription

TEXT_LIMIT = PushAlert._meta.get_field("text").max_length


def _decoded(value, name: str, length: int) -> bytes:
    if not isinstance(value, str) or len(value) > 200:
        raise Invalid(f"keys.{name} must be a base64url string")
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))
    except (binascii.Error, ValueError) as error:
        raise Invalid(f"keys.{name} is not base64url") from error
    if len(raw) != length:
        raise Invalid(f"keys.{name} must be {length} bytes, not {len(raw)}")
    return raw


def push_service_allowed(endpoint: str) -> bool:
    """An address of one of the push services browsers use (settings.PUSH_SERVICE_HOSTS:
    host names, "*.domain", or for test services a whole origin such as
    "http://127.0.0.1:8123")."""
    try:
        parts = urlsplit(endpoint)
        secure = parts.scheme == "https" and parts.port in (None, 443)
        (parts.hostname or "").encode("idna")  # what an HTTP client must be able to send
    except (ValueError, UnicodeError):  # a port that is not a number, an empty label
        return False
    origin = f"{parts.scheme}://{parts.netloc}"
    return any(
        origin == allowed
        if "://" in allowed
        else secure and fnmatch.fnmatchcase(parts.hostname or "", allowed)
        for allowed in settings.PUSH_SERVICE_HOSTS
    )


def _checked(subscription) -> tuple[str, str, str]:
    """(endpoint, p256dh, auth) of a PushSubscription.toJSON() a browser sent."""
    if not isinstance(subscription, dict):
        raise Invalid("subscription must be the object PushSubscription.toJSON() gives")
    endpoint, keys = subscription.get("endpoint"), subscription.get("keys")
    if not isinstance(endpoint, str) or not 0 < len(endpoint) <= 1000:
        raise Invalid("subscription.endpoint must be an address of at most 1000 characters")
    if not push_service_allowed(endpoint):
        raise Invalid("subscription.endpoint is not an address of a known push service")
    if not isinstance(keys, dict):
        raise Invalid("subscription.keys must hold p256dh and auth")
    point = _decoded(keys.get("p256dh"), "p256dh", 65)
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
    except ValueError as error:
        raise Invalid("keys.p256dh is not a P-256 public key") from error
    _decoded(keys.get("auth"), "auth", 16)
    return endpoint, keys["p256dh"], keys["auth"]


def _sections(edition: str, slugs) -> list[Section]:
    if not isinstance(slugs, list) or len(slugs) > 50:
        raise Invalid("sections must be a list of the edition's section slugs")
    wanted = {slug for slug in slugs if isinstance(slug, str)}
    found = list(Section.objects.filter(edition=edition, slug__in=wanted))
    unknown = wanted - {section.slug for section in found}
    if unknown or len(wanted) != len(slugs):
        raise Invalid(f"unknown sections of edition {edition}: {sorted(map(str, unknown))}")
    return found


@transaction.atomic
def subscription_save(*, edition: str, subscription, sections=None) -> PushSubscription:
    """The browser's subscription to the edition (all its alerts, or those about stories
    of `sections`), made or changed: subscribing again only changes the choice."""
    if not isinstance(edition, str) or edition not in dict(settings.LANGUAGES):
        raise Invalid(f"unknown edition {edition!r}"[:100])
    endpoint, p256dh, auth = _checked(subscription)
    chosen = _sections(edition, [] if sections is None else sections)
    saved, _created = PushSubscription.objects.update_or_create(
        endpoint=endpoint, edition=edition, defaults={"p256dh": p256dh, "auth": auth}
    )
    saved.sections.set(chosen)
    return saved


def subscription_remove(*, endpoint: str, edition: str | None = None) -> int:
    """The browser leaves the edition (or every edition): its rows go, nothing is kept."""
    subscriptions = PushSubscription.objects.filter(endpoint=endpoint)
    if edition is not None:
        subscriptions = subscriptions.filter(edition=edition)
    return subscriptions.delete()[1].get(PushSubscription._meta.label, 0)


def recipients(alert: PushAlert):
    """The edition's subscriptions that want this story: all its alerts, or its section's.
    One row each (a subscription lists its sections once), in the order alerts are sent."""
    return (
        PushSubscription.objects.filter(edition=alert.edition)
        .filter(Q(sections__isnull=True) | Q(sections=alert.article.section_id))
        .order_by("pk")
    )


@transaction.atomic
def push_alert_send(*, user, article: Article, text: str, audit: bool = True) -> PushAlert:
    """An editor's push about a published story, with its own short text: recorded and
    audited here (unless part of an alert, audited as one), sent by a worker (sending.py)
    to every subscription that wants it."""
    require(user, Action.ALERT, article)
    text = " ".join((text or "").split())
    if not text:
        raise Invalid(_("A push needs a text."))
    if len(text) > TEXT_LIMIT:
        raise Invalid(
            _("A push's text is at most %(limit)d characters, not %(length)d.")
            % {"limit": TEXT_LIMIT, "length": len(text)}
        )
    if not Article.objects.published().filter(pk=article.pk).exists():
        raise Invalid(_("Only a story readers can open is pushed: publish it first."))
    alert = PushAlert.objects.create(
        edition=article.edition, article=article, text=text, sent_by=user
    )
    if audit:
        AuditEntry.objects.create(
            user=user, action="push sent", article=article, article_title=article.title[:300],
            detail=f"push ({article.edition}): {text}"[:300],
        )  # fmt: skip
    delivery_plan(
        key=f"push:alert:{alert.pk}",
        channel="push",
        target=f"push {alert.edition}",
        action="alert",
        article=article,
        params={"alert": alert.pk},
    )
    return alert
