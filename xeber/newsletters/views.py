"""A reader's side of newsletters: the sign-up box's form, confirming, choosing lists,
one-click unsubscribing (RFC 8058) and deleting their data. The links carry the
subscriber's secret token; pages under /newsletters/ are never cached (pagecache.store).

The sign-up box sits on cached pages, the same for every reader, so its form carries no
CSRF token: a sign-up from another site is refused by the browser's own Sec-Fetch-Site,
and at worst it asks an address to confirm (double opt-in), once per CONFIRM_AGAIN."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from xeber.core import throttle
from xeber.newsletters import services
from xeber.newsletters.services import Invalid

# Sign-ups one client address may make in an hour (a newsroom's office shares one).
SIGNUPS_AN_HOUR = 20


def _page(request, edition: str, status: int = 200, **context) -> HttpResponse:
    with translation.override(edition):
        response = render(request, "newsletters/page.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"  # the address holds the subscriber's token
    return response


def _edition(value) -> str:
    return value if value in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


@csrf_exempt
@require_POST
def subscribe(request):
    edition = _edition(request.POST.get("edition"))
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in ("same-origin", "none"):
        return _page(request, edition, 403, message=_("Sign up on our own pages, please."))
    if request.POST.get("website"):  # the field people never see: a robot filled it
        return _page(request, edition, 400, message=_("The form could not be read."))
    if not throttle.allowed("newsletter-signup", request, SIGNUPS_AN_HOUR, 3600):
        return _page(request, edition, 429, message=_("Too many sign-ups from here: try later."))
    lists = request.POST.getlist("list")
    try:
        with translation.override(edition):  # its errors are said in the edition's language
            services.subscriber_signup(
                edition=edition,
                email=request.POST.get("email", "")[:300],
                digest="digest" in lists,
                alerts="alerts" in lists,
            )
    except Invalid as error:
        return _page(request, edition, 400, message=str(error), signup=True)
    return _page(request, edition, message=_(
        "Almost done: we have sent you an e-mail. Follow its link to confirm."
    ))  # fmt: skip


def _subscriber(token: str):
    subscriber = services.subscriber_by_token(token)
    if subscriber is None:
        raise Http404("no such subscription")
    return subscriber


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """A link in a mail is opened by scanners too, so only the button confirms."""
    subscriber = _subscriber(token)
    if request.method == "POST":
        services.subscriber_confirm(subscriber)
    return _page(request, subscriber.edition, subscriber=subscriber, confirming=True)


@require_http_methods(["GET", "POST"])
def preferences(request, token: str):
    subscriber = _subscriber(token)
    edition = subscriber.edition
    if request.method == "POST":
        if request.POST.get("step") == "forget":
            services.subscriber_forget(subscriber)
            return _page(request, edition, message=_("Your address and choices are deleted."))
        lists = request.POST.getlist("list")
        kept = services.subscriber_choose(
            subscriber, digest="digest" in lists, alerts="alerts" in lists
        )
        if not kept:
            return _page(request, edition, message=_("You are unsubscribed; nothing is kept."))
        return _page(request, edition, subscriber=subscriber, message=_("Saved."))
    return _page(request, edition, subscriber=subscriber)


@csrf_exempt  # mail providers POST here without cookies (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str, list_name: str):
    subscriber = _subscriber(token)
    edition = subscriber.edition
    if list_name not in services.LISTS:
        raise Http404("no such list")
    if request.method == "GET":  # a person who clicked the link: one button more
        return _page(request, edition, unsubscribing=list_name, token=token)
    kept = services.subscriber_unsubscribe(subscriber, list_name)
    message = _("You are unsubscribed.")
    if kept:
        return _page(request, edition, subscriber=subscriber, message=message)
    return _page(request, edition, message=message)
