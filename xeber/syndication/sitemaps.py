"""Sitemaps: an index, per-edition article sitemaps (paginated by Django under 50,000
URLs) with hreflang alternates for translations, and the section and tag pages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import OuterRef, Subquery

from xeber.news.models import Article, Section, Tag


class ArticleSitemap(Sitemap):
    changefreq = "never"
    priority = 0.7

    def __init__(self, edition: str) -> None:
        self.edition = edition

    def items(self):
        return (
            Article.objects.published()
            .in_edition(self.edition)
            .only("id", "edition", "slug", "updated_at", "translation_key")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, item: Article):
        # Every change, typo fixes too (not Article.modified_at, what readers are told):
        # lastmod only asks search engines to fetch the page again, and it did change.
        return item.updated_at

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        self._add_alternates(urls, protocol or self.protocol or "https", site)
        return urls

    def _add_alternates(self, urls: list[dict], protocol: str, site) -> None:
        """hreflang links between translations, found in one query per page."""
        keys = {url["item"].translation_key for url in urls if url["item"].translation_key}
        if not keys:
            return
        domain = f"{protocol}://{site.domain}" if site else ""
        versions: dict = {}
        for other in (
            Article.objects.published()
            .filter(translation_key__in=keys)
            .only("edition", "slug", "translation_key")
        ):
            versions.setdefault(other.translation_key, []).append(other)
        for url in urls:
            group = versions.get(url["item"].translation_key, [])
            if len(group) > 1:
                url["alternates"] = [
                    {"lang_code": other.edition, "location": domain + other.get_absolute_url()}
                    for other in group
                ]


class SectionSitemap(Sitemap):
    changefreq = "hourly"
    priority = 0.5

    def items(self):
        newest = (
            Article.objects.published()
            .filter(section=OuterRef("pk"))
            .latest_first()
            .values("published_at")[:1]
        )
        return Section.objects.annotate(latest=Subquery(newest)).order_by("pk")

    def lastmod(self, item: Section):
        return item.latest


class TagSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.3

    def items(self):
        return Tag.objects.order_by("pk")


def sitemaps() -> dict[str, Sitemap]:
    from django.conf import settings

    found: dict[str, Sitemap] = {
        f"articles-{code}": ArticleSitemap(code) for code, _ in settings.LANGUAGES
    }
    found["sections"] = SectionSitemap()
    found["tags"] = TagSitemap()
    return found
