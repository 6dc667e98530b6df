from django.urls import path

from xeber.editorial import views

app_name = "editorial"

urlpatterns = [
    path("preview/<str:token>/", views.preview, name="preview"),
]

# Readers' pages, under each edition's prefix (xeber/urls.py).
edition_urlpatterns = [
    path("corrections/", views.CorrectionsView.as_view(), name="list"),
]
