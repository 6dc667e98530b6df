from django.urls import path, re_path

from xeber.rates import views

app_name = "rates"

urlpatterns = [
    path("rates/", views.rates_page, name="page"),
    re_path(r"^rates/(?P<code>[A-Za-z]{3,4})\.csv$", views.rates_csv, name="csv"),
]
