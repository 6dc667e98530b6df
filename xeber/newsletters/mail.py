"""The mails of newsletters, and sending them (run by workers as deliveries).

Every mail has a plain-text and an HTML part, in the edition's language, and every letter
carries its one-click unsubscribe (RFC 8058: List-Unsubscribe with an https address and
List-Unsubscribe-Post). Mail goes through Django's mail backend: SMTP, or a provider's
API through django-anymail (settings.EMAIL_BACKEND).

A letter is a broadcast (xeber/deliveries/broadcast.py), rendered once and personalised
per subscriber by their links only. What the mail server answers decides:
- accepted: delivered;
- 4xx, a dropped or refused connection, a timeout: tried again later;
- 5xx for an address: counted as undelivered, the subscriber kept (a policy refusal is
  not proof that the address is gone).
"""

from __future__ import annotations

import contextlib
import re
import smtplib
from email.utils import formataddr, parseaddr
from urllib.parse import urlsplit

from anymail.exceptions import AnymailError, AnymailRecipientsRefused
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from xeber.deliveries.broadcast import BatchResult, broadcast_send
from xeber.deliveries.models import Delivery
from xeber.deliveries.services import Refused, RetryLater
from xeber.news.masthead import identity_of
from xeber.news.models import Article
from xeber.newsletters.models import Letter, Subscriber
from xeber.newsletters.services import recipients

# Put in the rendered letter where each subscriber's own links go.
UNSUBSCRIBE, PREFERENCES = "__xeber_unsubscribe__", "__xeber_preferences__"


def site_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def links(subscriber: Subscriber, list_name: str) -> dict[str, str]:
    token = subscriber.token
    return {
        UNSUBSCRIBE: site_url(reverse("newsletters:unsubscribe", args=[token, list_name])),
        PREFERENCES: site_url(reverse("newsletters:preferences", args=[token])),
    }


def sender(edition: str) -> str:
    """NEWSLETTER_FROM's address, under the newsroom's name in the edition."""
    _name, address = parseaddr(settings.NEWSLETTER_FROM)
    return formataddr((identity_of(edition).name, address))


def _message(
    subject: str, text: str, html: str, to: str, from_: str, headers=None
) -> EmailMultiAlternatives:
    subject = " ".join(subject.split())  # a header is one line, whatever an editor typed
    message = EmailMultiAlternatives(subject, text, from_, [to], headers=headers or {})
    message.attach_alternative(html, "text/html")
    return message


def _render(template: str, edition: str, context: dict) -> tuple[str, str]:
    identity = identity_of(edition)
    with translation.override(edition):
        context = {
            **context,
            "site_name": identity.name,
            "identity": identity,
            "logo_src": site_url(identity.logo_url) if identity.logo_url else "",
            "site_url": site_url("/"),
            "language": edition,
        }
        text = render_to_string(f"newsletters/mail/{template}.txt", context)
        html = render_to_string(f"newsletters/mail/{template}.html", context)
    return text, html


# --- One mail to one subscriber: confirming a sign-up, a link to the preferences ----------


def send_confirmation(delivery: Delivery) -> str:
    subscriber = Subscriber.objects.filter(pk=delivery.params["subscriber"]).first()
    if subscriber is None:
        return ""  # deleted meanwhile: nothing to send
    action = delivery.action  # "confirm" or "manage"
    url_name = "newsletters:confirm" if action == "confirm" else "newsletters:preferences"
    context = {"link": site_url(reverse(url_name, args=[subscriber.token])), "action": action}
    edition = subscriber.edition
    text, html = _render("confirm", edition, context)
    with translation.override(edition):
        subject = (
            translation.gettext("Confirm your subscription to %(site)s")
            if action == "confirm"
            else translation.gettext("Your subscription to %(site)s")
        ) % {"site": identity_of(edition).name}
    outcome = _send_one(_message(subject, text, html, subscriber.email, sender(edition)))
    if outcome is not None:
        kind, reason = outcome
        raise (RetryLater(reason) if kind == "later" else Refused(reason))
    return ""


def _send_one(message, connection=None) -> tuple[str, str] | None:
    """None once the server took the message, else ("later" or "refused", why)."""
    try:
        (connection or get_connection()).send_messages([message])
    except smtplib.SMTPRecipientsRefused as error:
        code, text = next(iter(error.recipients.values()))
        return _by_code(code, text)
    except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as error:
        return _by_code(error.smtp_code, error.smtp_error)
    except (smtplib.SMTPException, OSError) as error:  # dropped, refused, timed out
        return "later", f"mail server unreachable ({type(error).__name__})"
    except AnymailRecipientsRefused:  # a provider's API (django-anymail)
        return "refused", "refused by the provider"
    except AnymailError as error:  # its HTTP status: busy or down is for later
        status = getattr(error, "status_code", None) or 500
        later = status == 429 or status >= 500
        return ("later" if later else "refused"), f"provider answered {status}"
    return None


def _by_code(code: int, text: bytes | str) -> tuple[str, str]:
    """Only the code and the enhanced status code ("550 5.1.1") are kept: servers put the
    address in the rest, and editors see the reasons."""
    text = text.decode(errors="replace") if isinstance(text, bytes) else str(text)
    enhanced = re.match(r"\s*([245]\.\d{1,3}\.\d{1,3})\b", text)
    reason = f"{code} {enhanced.group(1)}" if enhanced else str(code)
    return ("later" if 400 <= code < 500 else "refused"), reason


# --- A letter to its list -------------------------------------------------------------------


def send_letter(delivery: Delivery) -> str:
    letter = Letter.objects.get(pk=delivery.params["letter"])
    if letter.state == Letter.State.CANCELLED:
        raise Refused("cancelled by an editor")
    Letter.objects.filter(pk=letter.pk, state=Letter.State.DRAFT).update(state=Letter.State.SENDING)
    stories = stories_of(letter)
    if not stories:
        raise Refused("none of its stories is on the site any more")
    text, html = _render("letter", letter.edition, {"letter": letter, "stories": stories})
    mailer = Mailer(letter, text, html)
    # Mail has no Topic to fold a second copy into: smaller batches, so that a worker
    # stopping mid-way sends fewer letters twice.
    return broadcast_send(delivery, letter, recipients(letter), mailer.batch, settings.MAIL_BATCH)


def stories_of(letter: Letter) -> list[Article]:
    """The letter's stories still on the site, in its order, with their addresses."""
    items = letter.items.filter(article__in=Article.objects.published()).select_related("article")
    for item in items:
        item.article.url = site_url(item.article.get_absolute_url())
    return [item.article for item in items]


class Mailer:
    """Sends a rendered letter to batches of subscribers over one connection each."""

    def __init__(self, letter: Letter, text: str, html: str) -> None:
        self.letter, self.text, self.html = letter, text, html
        self.list_name = "digest" if letter.kind == Letter.Kind.DIGEST else "alerts"
        host = urlsplit(settings.SITE_URL).hostname
        self.list_id = f"<{self.list_name}.{letter.edition}.{host}>"
        self.sender = sender(letter.edition)  # once for the whole letter

    def message(self, subscriber: Subscriber) -> EmailMultiAlternatives:
        own = links(subscriber, self.list_name)
        text, html = self.text, self.html
        for marker, url in own.items():
            text, html = text.replace(marker, url), html.replace(marker, url)
        headers = {
            "List-Id": self.list_id,
            "List-Unsubscribe": f"<{own[UNSUBSCRIBE]}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        return _message(self.letter.subject, text, html, subscriber.email, self.sender, headers)

    def batch(self, subscribers: list[Subscriber]) -> BatchResult:
        result = BatchResult()
        connection = get_connection()
        try:
            connection.open()
        except (smtplib.SMTPException, OSError) as error:
            self._later(result, subscribers, f"mail server unreachable ({type(error).__name__})")
            return result
        try:
            for index, subscriber in enumerate(subscribers):
                outcome = _send_one(self.message(subscriber), connection)
                if outcome is None:
                    result.delivered += 1
                elif outcome[0] == "refused":
                    result.refused[outcome[1]] += 1
                elif outcome[1].startswith("mail server unreachable"):
                    self._later(result, subscribers[index:], outcome[1])  # the rest too
                    break
                else:
                    self._later(result, [subscriber], outcome[1])
        finally:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                connection.close()
        return result

    @staticmethod
    def _later(result: BatchResult, subscribers: list[Subscriber], reason: str) -> None:
        result.later.extend(subscriber.pk for subscriber in subscribers)
        result.waits[reason] += len(subscribers)
