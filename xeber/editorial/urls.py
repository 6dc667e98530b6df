from django.urls import path

from xeber.editorial import views

app_name = "editorial"

urlpatterns = [
    path("preview/<str:token>/", views.preview, name="preview"),
]
