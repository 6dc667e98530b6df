from django.contrib import admin
from django.urls import path

from xeber.accounts import views

app_name = "two-factor"
urlpatterns = [
    path("setup/", admin.site.admin_view(views.setup), name="setup"),
    path("verify/", admin.site.admin_view(views.verify), name="verify"),
]
