"""The breaking-news desk: add, expire and remove lines from one screen."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xeber.editorial import breaking
from xeber.editorial.policy import Action, can
from xeber.editorial.roles import editions_of
from xeber.news.models import Article, BreakingNews


class BreakingLineForm(forms.ModelForm):
    article = forms.IntegerField(
        label=gettext_lazy("Article id"),
        required=False,
        help_text=gettext_lazy("Optional: the article the line links to."),
    )

    class Meta:
        model = BreakingNews
        fields = ["edition", "text", "expires_at"]
        widgets = {"expires_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args, editions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = [
            choice for choice in self.fields["edition"].choices if choice[0] in editions
        ]

    def clean_article(self):
        pk = self.cleaned_data.get("article")
        if pk is None:
            return None
        article = Article.objects.filter(pk=pk).first()
        if article is None:
            raise forms.ValidationError(_("No article with id %(id)s.") % {"id": pk})
        return article

    def clean_expires_at(self):
        expires = self.cleaned_data.get("expires_at")
        if expires and expires <= timezone.now():
            raise forms.ValidationError(_("The expiry must be in the future."))
        return expires


@admin.register(BreakingNews)
class BreakingNewsAdmin(admin.ModelAdmin):
    """The change list is the desk; lines are never edited in place, only added or ended."""

    def _allowed(self, request) -> bool:
        return can(request.user, Action.MANAGE_BREAKING)

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect("../")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect("../../")

    def changelist_view(self, request, extra_context=None):
        if not self._allowed(request):
            raise PermissionDenied
        editions = editions_of(request.user)
        form = BreakingLineForm(editions=editions)
        if request.method == "POST":
            form, done = self._handle(request, editions)
            if done:
                return HttpResponseRedirect(request.path)
        now = timezone.now()
        lines = (
            BreakingNews.objects.filter(edition__in=editions)
            .select_related("article")
            .order_by("-starts_at")[:50]
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Breaking news desk"),
            "form": form,
            "now": now,
            "lines": [(line, line.is_active_at(now)) for line in lines],
        }
        return TemplateResponse(request, "editorial/breaking_desk.html", context)

    def _handle(self, request, editions):
        step = request.POST.get("step")
        if step == "add":
            form = BreakingLineForm(request.POST, editions=editions)
            if form.is_valid():
                breaking.breaking_add(
                    user=request.user,
                    edition=form.cleaned_data["edition"],
                    text=form.cleaned_data["text"],
                    article=form.cleaned_data["article"],
                    expires_at=form.cleaned_data["expires_at"],
                )
                messages.success(request, _("The line is on the site."))
                return form, True
            return form, False
        line = get_object_or_404(BreakingNews, pk=request.POST.get("line"), edition__in=editions)
        if step == "expire":
            breaking.breaking_expire(user=request.user, line=line)
            messages.success(request, _("The line has expired."))
        elif step == "remove":
            breaking.breaking_remove(user=request.user, line=line)
            messages.success(request, _("The line was removed."))
        return BreakingLineForm(editions=editions), True
