from django.urls import path, re_path

from xeber.api import views

app_name = "api"

urlpatterns = [
    path("rates/", views.rates, name="rates"),
    re_path(r"^rates/(?P<code>[A-Za-z]{3,4})/history/$", views.rate_history, name="rate-history"),
]
