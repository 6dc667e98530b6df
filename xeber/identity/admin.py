"""The identity in the back office's menu: its page is views.edit, not a list of rows."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from xeber.editorial.policy import Action, can
from xeber.identity.models import Newsroom


@admin.register(Newsroom)
class NewsroomAdmin(admin.ModelAdmin):
    def _chief(self, request) -> bool:
        return can(request.user, Action.MANAGE_IDENTITY)

    def has_module_permission(self, request) -> bool:
        return self._chief(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._chief(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._chief(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        return HttpResponseRedirect(reverse("identity:edit"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("identity:edit"))
