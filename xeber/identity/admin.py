"""The identity in the back office's menu: its page is views.edit, not a list of rows."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from xeber.editorial.admin.desk import PolicyAdmin
from xeber.editorial.policy import Action
from xeber.identity.models import Newsroom


@admin.register(Newsroom)
class NewsroomAdmin(PolicyAdmin):
    policy_action = Action.MANAGE_IDENTITY

    def changelist_view(self, request, extra_context=None):
        return HttpResponseRedirect(reverse("identity:edit"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("identity:edit"))
