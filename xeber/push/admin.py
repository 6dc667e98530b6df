"""The push desk: an editor sends a push about a published story with its own short text,
and sees how each push went (delivered, expired subscriptions removed, undelivered and
why). Pushes are never edited; subscriptions are not listed (readers' data stays out of
sight: only their number per edition is shown)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xeber.deliveries.models import Delivery
from xeber.editorial.admin.desk import DeskAdmin
from xeber.editorial.policy import Action
from xeber.editorial.roles import editions_of
from xeber.news.models import Article
from xeber.push import keys
from xeber.push.models import PushAlert, PushSubscription
from xeber.push.services import TEXT_LIMIT, Invalid, push_alert_send


class PushForm(forms.Form):
    article = forms.IntegerField(label=gettext_lazy("Article id"), min_value=1)
    text = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": TEXT_LIMIT}),
        help_text=gettext_lazy("Shown in the notification under the site's name."),
    )

    def __init__(self, *args, editions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.editions = editions

    def clean_article(self) -> Article:
        pk = self.cleaned_data["article"]
        article = Article.objects.filter(pk=pk, edition__in=self.editions).first()
        if article is None:
            raise forms.ValidationError(_("No article with id %(id)s.") % {"id": pk})
        return article


@admin.register(PushAlert)
class PushAlertAdmin(DeskAdmin):
    """The change list is the desk; an alert is sent from it and only looked at after."""

    policy_action = Action.ALERT

    def changelist_view(self, request, extra_context=None):
        if not self._allowed(request):
            raise PermissionDenied
        editions = editions_of(request.user)
        form = PushForm(initial={"article": request.GET.get("article")}, editions=editions)
        if request.method == "POST":
            form = PushForm(request.POST, editions=editions)
            if not self.once(request) or (form.is_valid() and self._send(request, form)):
                return HttpResponseRedirect(request.path)
        context = {
            **self.each_context(request),
            "opts": self.model._meta,
            "title": _("Push desk"),
            "form": form,
            "ready": bool(keys.public_key()),
            "subscribers": self._subscribers(editions),
            "alerts": self._alerts(editions),
        }
        return TemplateResponse(request, "push/push_desk.html", context)

    def _send(self, request, form) -> bool:
        try:
            push_alert_send(
                user=request.user,
                article=form.cleaned_data["article"],
                text=form.cleaned_data["text"],
            )
        except Invalid as error:
            form.add_error(None, str(error))
            return False
        except PermissionDenied:
            form.add_error("article", _("You may not send pushes about this article."))
            return False
        messages.success(request, _("The push is on its way."))
        return True

    @staticmethod
    def _subscribers(editions: list[str]) -> list[tuple[str, int]]:
        counts = (
            PushSubscription.objects.filter(edition__in=editions)
            .values_list("edition")
            .annotate(count=Count("pk"))
        )
        found = dict(counts)
        return [(edition, found.get(edition, 0)) for edition in editions]

    @staticmethod
    def _alerts(editions: list[str]) -> list[tuple[PushAlert, Delivery | None]]:
        alerts = list(
            PushAlert.objects.filter(edition__in=editions).select_related("article", "sent_by")[:50]
        )
        keys_of = {f"push:alert:{alert.pk}": alert for alert in alerts}
        deliveries = Delivery.objects.filter(key__in=keys_of).in_bulk(field_name="key")
        return [(alert, deliveries.get(key)) for key, alert in keys_of.items()]
