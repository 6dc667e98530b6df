from django.contrib import admin
from django.urls import path

from xeber.desk import views

app_name = "desk"
urlpatterns = [
    path("", admin.site.admin_view(views.home), name="home"),
    path("desk/translations/", admin.site.admin_view(views.translations), name="translations"),
]
