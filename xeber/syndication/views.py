"""robots.txt and the Google News sitemap (the last 48 hours, at most 1,000 articles)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sites.requests import RequestSite
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from xeber.news.masthead import identity_of
from xeber.news.models import Article

NEWS_WINDOW = dt.timedelta(hours=48)
NEWS_LIMIT = 1000


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /preview/",
        "Disallow: /*/search/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-news'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def news_sitemap(request):
    since = timezone.now() - NEWS_WINDOW
    articles = (
        Article.objects.published()
        .filter(published_at__gte=since)
        .only("id", "edition", "slug", "title", "published_at")
        .latest_first()[:NEWS_LIMIT]
    )
    names = {code: identity_of(code).name for code, _name in settings.LANGUAGES}
    context = {
        "entries": [
            (article, names.get(article.edition, settings.SITE_NAME)) for article in articles
        ],
        "base": f"{request.scheme}://{RequestSite(request).domain}",
    }
    return TemplateResponse(
        request,
        "syndication/news_sitemap.xml",
        context,
        content_type="application/xml; charset=utf-8",
    )


def sitemap_index(request, sitemaps: dict):
    """Django's index, leaving out sitemaps with nothing in them (an empty urlset is invalid)."""
    filled = {name: sitemap for name, sitemap in sitemaps.items() if sitemap.items().exists()}
    return sitemap_views.index(request, filled, sitemap_url_name="sitemap-section")
