from django.contrib import admin
from django.urls import path

from xeber.identity import views

app_name = "identity"
urlpatterns = [path("identity/", admin.site.admin_view(views.edit), name="edit")]
