"""A desk: a model's change list turned into one screen where something is done (a line
put on the site, a push sent, an alert) and what was done is seen; rows are never edited
or deleted there. Who may use it is one action of the policy."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpResponseRedirect

from xeber.editorial.policy import Action, can


class DeskAdmin(admin.ModelAdmin):
    desk_action: Action  # who may use the desk

    def _allowed(self, request) -> bool:
        return can(request.user, self.desk_action)

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect("../")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect("../../")
