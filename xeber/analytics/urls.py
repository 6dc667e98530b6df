from django.urls import path

from xeber.analytics import views
from xeber.analytics.beacon import PATH

root_urlpatterns = [path(PATH.lstrip("/"), views.beacon, name="beacon")]
edition_urlpatterns = [path("most-read/", views.most_read_page, name="most-read")]
