"""Sign-ins for chief editors: every open session of the newsroom, to end one or to reset
a colleague's two-factor sign-in (a lost phone). Each person sees their own at
Desk → My sessions (views.sessions)."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from xeber.accounts import services
from xeber.accounts.models import SignIn
from xeber.editorial.admin.desk import PolicyAdmin
from xeber.editorial.policy import Action

# Devices are set up and reset through two-factor sign-in's own pages and the action below,
# never edited by hand (a typed key would be a second factor someone else knows).
admin.site.unregister(TOTPDevice)
admin.site.unregister(StaticDevice)


@admin.register(SignIn)
class SignInAdmin(PolicyAdmin):
    list_display = ["user", "created_at", "seen_at", "browser", "address"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    actions = ["end_sessions", "reset_two_factor"]
    policy_action = Action.MANAGE_USERS  # change: the actions below; no field is editable
    readonly_fields = ["user", "session_key", "browser", "address", "created_at", "seen_at"]

    @admin.action(description=gettext_lazy("Sign out of the chosen sessions"))
    def end_sessions(self, request, queryset):
        for sign_in in queryset:
            services.session_end(by=request.user, sign_in=sign_in)
        messages.success(request, _("Signed out of %(count)d sessions.") % {"count": len(queryset)})

    @admin.action(description=gettext_lazy("Reset their two-factor sign-in (a lost phone)"))
    def reset_two_factor(self, request, queryset):
        users = {sign_in.user for sign_in in queryset}
        for user in users:
            services.two_factor_reset(by=request.user, user=user)
        messages.success(
            request, _("Two-factor sign-in reset for %(count)d people.") % {"count": len(users)}
        )
