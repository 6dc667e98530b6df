"""Feeds live under each edition; sitemaps and robots.txt at the site's root."""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from xeber.syndication import feeds, views
from xeber.syndication.sitemaps import sitemaps

edition_urlpatterns = [
    path("feed/rss/", feeds.ArticleFeed(), name="feed-rss"),
    path("feed/atom/", feeds.AtomArticleFeed(), name="feed-atom"),
    path("section/<slug:slug>/feed/rss/", feeds.SectionFeed(), name="section-feed-rss"),
    path("section/<slug:slug>/feed/atom/", feeds.AtomSectionFeed(), name="section-feed-atom"),
    path("tag/<slug:slug>/feed/rss/", feeds.TagFeed(), name="tag-feed-rss"),
    path("tag/<slug:slug>/feed/atom/", feeds.AtomTagFeed(), name="tag-feed-atom"),
    path("author/<slug:slug>/feed/rss/", feeds.AuthorFeed(), name="author-feed-rss"),
    path("author/<slug:slug>/feed/atom/", feeds.AtomAuthorFeed(), name="author-feed-atom"),
]

SITEMAPS = sitemaps()
root_urlpatterns = [
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap-news.xml", views.news_sitemap, name="sitemap-news"),
    path("sitemap.xml", views.sitemap_index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
]
