"""A desk: a model's change list turned into one screen where something is done (a line
put on the site, a push sent, an alert) and what was done is seen; rows are never edited
or deleted there. Who may use it is one action of the policy."""

from __future__ import annotations

import secrets

from django.contrib import admin, messages
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from xeber.editorial.policy import Action, can


class PolicyAdmin(admin.ModelAdmin):
    """A model in the back office that one action of the policy opens: who may take it sees
    and changes it; nobody adds or deletes its rows here."""

    policy_action: Action

    def _allowed(self, request) -> bool:
        return can(request.user, self.policy_action)

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class DeskAdmin(PolicyAdmin):
    """Rows are added (something is done), never changed."""

    def each_context(self, request) -> dict:
        """The admin's context, and a token the desk's form sends back once (see once())."""
        return {**self.admin_site.each_context(request), "once": secrets.token_urlsafe(16)}

    @staticmethod
    def once(request) -> bool:
        """False when this form was sent already (a double click, a reload): readers are
        alerted once. The token is the form's, kept for a day."""
        token = request.POST.get("once", "")
        if 16 <= len(token) <= 64 and cache.add(f"desk:once:{token}", 1, 24 * 3600):
            return True
        messages.info(request, _("This form was sent already: nothing was sent again."))
        return False

    def has_add_permission(self, request) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect("../")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect("../../")
