from django.contrib import admin
from django.urls import path

from xeber.accounts import views

app_name = "accounts"
urlpatterns = [
    path("two-factor/setup/", admin.site.admin_view(views.setup), name="two-factor-setup"),
    path("two-factor/verify/", admin.site.admin_view(views.verify), name="two-factor-verify"),
    path(
        "two-factor/passkey/register/",
        admin.site.admin_view(views.passkey_register),
        name="passkey-register",
    ),
    path(
        "two-factor/passkey/verify/",
        admin.site.admin_view(views.passkey_verify),
        name="passkey-verify",
    ),
    path(
        "two-factor/recovery-codes/",
        admin.site.admin_view(views.recovery_codes),
        name="recovery-codes",
    ),
    path("account/sessions/", admin.site.admin_view(views.sessions), name="sessions"),
    path(
        "account/passkeys/remove/",
        admin.site.admin_view(views.passkey_remove),
        name="passkey-remove",
    ),
]
