from django.contrib import admin
from django.urls import path

from xeber.accounts import views

app_name = "accounts"
urlpatterns = [
    path("two-factor/setup/", admin.site.admin_view(views.setup), name="two-factor-setup"),
    path("two-factor/verify/", admin.site.admin_view(views.verify), name="two-factor-verify"),
    path("account/sessions/", admin.site.admin_view(views.sessions), name="sessions"),
]
