"""Newsletters in the back office: the day's digest, composed by itself, is changed here
(subject, introduction, stories and their order, time) until it goes; letters that went
show how far they got. Subscribers are not listed: their addresses stay out of sight."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from xeber.editorial.policy import Action, can
from xeber.editorial.roles import editions_of
from xeber.newsletters.models import Letter, LetterItem, Subscriber
from xeber.newsletters.services import letter_cancel, letter_change


class LetterItemForm(forms.ModelForm):
    class Meta:
        model = LetterItem
        fields = ["position", "article"]

    def clean_article(self):
        article = self.cleaned_data["article"]
        if article.edition != self.instance.letter.edition:
            raise forms.ValidationError(_("This story is of another edition."))
        return article


class LetterItemInline(admin.TabularInline):
    model = LetterItem
    form = LetterItemForm
    fields = ["position", "article"]
    raw_id_fields = ["article"]
    extra = 1

    def has_view_permission(self, request, obj=None) -> bool:
        return can(request.user, Action.ALERT)

    def has_add_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return can(request.user, Action.ALERT) and (obj is None or _editable(obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        return self.has_change_permission(request, obj)


def _editable(letter) -> bool:
    """A letter is changed until it goes."""
    return letter is not None and letter.state == Letter.State.DRAFT


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = ["subject", "edition", "kind", "send_at", "state", "delivered", "removed",
                    "undelivered"]  # fmt: skip
    list_filter = ["edition", "kind", "state"]
    fields = ["edition", "kind", "subject", "intro", "send_at", "state", "delivered",
              "undelivered", "problems"]  # fmt: skip
    inlines = [LetterItemInline]
    actions = ["cancel"]

    def has_module_permission(self, request) -> bool:
        return can(request.user, Action.ALERT)

    def has_view_permission(self, request, obj=None) -> bool:
        return can(request.user, Action.ALERT)

    def has_change_permission(self, request, obj=None) -> bool:
        return can(request.user, Action.ALERT) and (obj is None or _editable(obj))

    def has_add_permission(self, request) -> bool:
        return False  # digests compose themselves; alerts go from the breaking desk

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_readonly_fields(self, request, obj=None):
        fixed = ["edition", "kind", "state", "delivered", "undelivered", "problems"]
        return fixed if _editable(obj) else self.fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(edition__in=editions_of(request.user))

    def save_model(self, request, obj, form, change) -> None:
        """Through the service: only what an editor may change, only while it has not
        gone, its sending moved to its (new) time."""
        if not letter_change(user=request.user, letter=obj):
            raise PermissionDenied("the letter went meanwhile")

    def changelist_view(self, request, extra_context=None):
        editions = editions_of(request.user)
        counts = Subscriber.objects.filter(edition__in=editions, confirmed_at__isnull=False)
        totals = counts.values("edition").annotate(
            digest=Count("pk", filter=Q(digest=True)), alerts=Count("pk", filter=Q(alerts=True))
        )
        summary = "; ".join(
            f"{row['edition']}: {row['digest']} / {row['alerts']}" for row in totals
        )
        if summary:
            messages.info(request, _("Confirmed subscribers (digest / alerts): ") + summary)
        return super().changelist_view(request, extra_context)

    @admin.action(description=_("Cancel (letters not sent yet)"), permissions=["view"])
    def cancel(self, request, queryset) -> None:
        cancelled = sum(letter_cancel(user=request.user, letter=letter) for letter in queryset)
        messages.success(
            request,
            ngettext("%(count)d letter cancelled.", "%(count)d letters cancelled.", cancelled)
            % {"count": cancelled},
        )
