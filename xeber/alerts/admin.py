"""The alert desk: in one action an edition's breaking line, its Telegram channels, the
push, the alerts newsletter and an entry of a live page, each with its own text where it
needs one; below, every alert with how each channel took it."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xeber.alerts.models import Alert
from xeber.alerts.services import AlertRequest, alert_send
from xeber.core.errors import Invalid
from xeber.deliveries.models import Delivery
from xeber.editorial.admin.desk import DeskAdmin
from xeber.editorial.policy import Action
from xeber.editorial.roles import editions_of
from xeber.editorial.services import InvalidTransition
from xeber.live.models import LiveCoverage
from xeber.news.models import Article

CHANNEL_CHOICES = [
    ("telegram", gettext_lazy("Telegram channels")),
    ("push", gettext_lazy("Push")),
    ("newsletter", gettext_lazy("Alerts newsletter")),
    ("live", gettext_lazy("Entry on the live page")),
]


class AlertForm(forms.Form):
    edition = forms.ChoiceField(label=gettext_lazy("Edition"))
    breaking = forms.CharField(label=gettext_lazy("Breaking line"), max_length=300)
    article = forms.IntegerField(
        label=gettext_lazy("Article id"), required=False, min_value=1,
        help_text=gettext_lazy("The story the line, the push and the letter open."),
    )  # fmt: skip
    expires_at = forms.DateTimeField(
        label=gettext_lazy("Line expires"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )  # fmt: skip
    channels = forms.MultipleChoiceField(
        label=gettext_lazy("Also"), choices=CHANNEL_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    telegram = forms.CharField(label=gettext_lazy("Telegram text"), max_length=1000, required=False)
    push = forms.CharField(label=gettext_lazy("Push text"), max_length=180, required=False)
    newsletter = forms.CharField(
        label=gettext_lazy("Letter subject"), max_length=200, required=False
    )
    live_page = forms.ChoiceField(label=gettext_lazy("Live page"), required=False)
    live = forms.CharField(label=gettext_lazy("Entry text"), max_length=2000, required=False)

    def __init__(self, *args, editions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.editions = editions
        self.fields["edition"].choices = [(code, code) for code in editions]
        running = Article.objects.filter(
            edition__in=editions,
            pk__in=LiveCoverage.objects.filter(ended_at__isnull=True).values("article_id"),
        ).order_by("-published_at")[:20]
        self.fields["live_page"].choices = [("", "—")] + [
            (page.pk, f"{page.edition}: {page.title}") for page in running
        ]
        for name in ("telegram", "push", "newsletter", "live"):
            self.fields[name].help_text = _("Empty: the breaking line's text.")

    def clean_article(self) -> Article | None:
        pk = self.cleaned_data.get("article")
        if pk is None:
            return None
        article = Article.objects.filter(pk=pk, edition__in=self.editions).first()
        if article is None:
            raise forms.ValidationError(_("No article with id %(id)s.") % {"id": pk})
        return article

    def clean_live_page(self) -> Article | None:
        pk = self.cleaned_data.get("live_page")
        return Article.objects.get(pk=pk) if pk else None

    def request(self) -> AlertRequest:
        data, chosen = self.cleaned_data, set(self.cleaned_data["channels"])
        texts = {
            name: (data[name] or data["breaking"]) if name in chosen else ""
            for name in ("telegram", "push", "newsletter", "live")
        }
        return AlertRequest(
            edition=data["edition"], breaking=data["breaking"], article=data["article"],
            expires_at=data["expires_at"], live_page=data["live_page"], **texts,
        )  # fmt: skip


@admin.register(Alert)
class AlertAdmin(DeskAdmin):
    """The change list is the desk; alerts are sent from it and only looked at after."""

    policy_action = Action.ALERT

    def changelist_view(self, request, extra_context=None):
        if not self._allowed(request):
            raise PermissionDenied
        editions = editions_of(request.user)
        form = AlertForm(editions=editions, initial={"channels": ["telegram"]})
        if request.method == "POST":
            form = AlertForm(request.POST, editions=editions)
            if not self.once(request) or (form.is_valid() and self._send(request, form)):
                return HttpResponseRedirect(request.path)
        alerts = Alert.objects.filter(edition__in=editions).select_related(
            "line", "push", "letter", "live_entry__article", "article", "sent_by"
        )[:20]
        context = {
            **self.each_context(request),
            "opts": self.model._meta,
            "title": _("Alert desk: one alert, every channel"),
            "form": form,
            "reports": reports(list(alerts)),
        }
        return TemplateResponse(request, "alerts/alert_desk.html", context)

    def _send(self, request, form) -> bool:
        try:
            alert_send(user=request.user, asked=form.request())
        except (Invalid, InvalidTransition) as error:  # any channel's part of it
            form.add_error(None, str(error))
            return False
        except PermissionDenied:
            form.add_error(None, _("You may not send alerts for this edition or story."))
            return False
        messages.success(request, _("The alert is on the site and on its way to every channel."))
        return True


def reports(alerts: list[Alert]) -> list[dict]:
    """How each channel took each alert, for the desk's table (two queries in all)."""
    keys = {f"push:alert:{alert.push_id}" for alert in alerts if alert.push_id}
    keys |= {f"newsletter:letter:{alert.letter_id}" for alert in alerts if alert.letter_id}
    found = Delivery.objects.filter(key__in=keys).in_bulk(field_name="key")
    telegram: dict[str, list[Delivery]] = {}
    if alerts:
        posts = Delivery.objects.filter(
            channel="telegram", action="alert", created_at__gte=alerts[-1].created_at
        ).order_by("pk")
        for post in posts:
            telegram.setdefault(post.key.rsplit(":", 1)[0], []).append(post)
    now = timezone.now()
    return [
        {
            "alert": alert,
            "line_showing": alert.line is not None and alert.line.is_active_at(now),
            "telegram": telegram.get(alert.telegram_key(0).rsplit(":", 1)[0], []),
            "push": (alert.push, found.get(f"push:alert:{alert.push_id}"))
            if alert.push_id
            else None,
            "letter": (alert.letter, found.get(f"newsletter:letter:{alert.letter_id}"))
            if alert.letter_id
            else None,
        }
        for alert in alerts
    ]
