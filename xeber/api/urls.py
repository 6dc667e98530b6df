from django.urls import path, re_path
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.routers import SimpleRouter

from xeber.api import rates, reads, views

app_name = "api"

router = SimpleRouter()
router.register("articles", views.ArticleViewSet, basename="article")
router.register("sections", views.SectionViewSet, basename="section")
router.register("tags", views.TagViewSet, basename="tag")
router.register("authors", views.AuthorViewSet, basename="author")
router.register("breaking", views.BreakingViewSet, basename="breaking")
router.register("drafts", views.DraftViewSet, basename="draft")

urlpatterns = [
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="schema"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("rates/", rates.rates, name="rates"),
    path("most-read/", reads.most_read_list, name="most-read"),
    re_path(r"^rates/(?P<code>[A-Za-z]{3,4})/history/$", rates.rate_history, name="rate-history"),
    *router.urls,
]
