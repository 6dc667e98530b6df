from django.urls import path, re_path

from xeber.news import views

app_name = "news"

urlpatterns = [
    path("", views.front, name="front"),
    path("news/<slug:slug>/", views.article_detail, name="article"),
    path("news/<slug:slug>.txt", views.article_text, name="article-text"),
    path("section/<slug:slug>/", views.SectionView.as_view(), name="section"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    path("author/<slug:slug>/", views.AuthorView.as_view(), name="author"),
    re_path(
        r"^archive/(?P<year>[0-9]{4})/(?P<month>[0-9]{2})/(?P<day>[0-9]{2})/$",
        views.DayArchive.as_view(),
        name="day-archive",
    ),
]
