"""RSS 2.0 and Atom feeds per edition, section, tag and author (Django's syndication).

`?full=1` adds the whole body as content:encoded (RSS) or content (Atom); the cover goes
out as an enclosure; GUIDs are the article's permanent URL (slugs never change once
published).
"""

from __future__ import annotations

from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from xeber.embeds.markup import feed_body, first_thumbnail
from xeber.news.masthead import identity_of
from xeber.news.models import Article, Author, Section, Tag

FEED_SIZE = 50


class ContentRssFeed(Rss201rev2Feed):
    """RSS 2.0 with the content module, for full-text items."""

    full_text = False  # set per response by ArticleFeed.get_feed

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:content": "http://purl.org/rss/1.0/modules/content/",
        }

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        logo = _absolute(self.feed, "newsroom_logo") or _absolute(self.feed, "newsroom_icon")
        if logo:  # the newsroom's logo, which feed readers show beside its name
            handler.startElement("image", {})
            handler.addQuickElement("url", logo)
            handler.addQuickElement("title", self.feed["title"])
            handler.addQuickElement("link", self.feed["link"])
            handler.endElement("image")

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if self.full_text:
            content = feed_body(item["content_encoded"], self.feed["link"])  # embeds
            handler.addQuickElement("content:encoded", content)


class ContentAtomFeed(Atom1Feed):
    full_text = False

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        for element, key in (("icon", "newsroom_icon"), ("logo", "newsroom_logo")):
            if url := _absolute(self.feed, key):
                handler.addQuickElement(element, url)

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if self.full_text:
            content = feed_body(item["content_encoded"], self.feed["link"])  # embeds
            handler.addQuickElement("content", content, {"type": "html"})


def _absolute(feed: dict, key: str) -> str:
    """A path the feed carries (the newsroom's logo or icon) as an absolute URL."""
    return urljoin(feed["link"], feed[key]) if feed.get(key) else ""


class ArticleFeed(Feed):
    """The edition's newest articles; subclasses narrow them to one section, tag or author."""

    feed_type = ContentRssFeed

    def get_feed(self, obj, request):
        """The reader's choice of full text goes on the generator, made for this response:
        the Feed itself serves every thread of the process at once and holds no request."""
        feed = super().get_feed(obj, request)
        feed.full_text = request.GET.get("full") == "1"
        return feed

    def get_object(self, request, *args, **kwargs):
        return None

    def subject_title(self, obj) -> str:
        return _("Latest news")

    def title(self, obj) -> str:
        return f"{identity_of(get_language()).name} — {self.subject_title(obj)}"

    def link(self, obj) -> str:
        return obj.get_absolute_url() if obj is not None else reverse("news:front")

    def description(self, obj) -> str:
        return identity_of(get_language()).description

    def feed_extra_kwargs(self, obj) -> dict:
        identity = identity_of(get_language())
        return {"newsroom_logo": identity.logo_url, "newsroom_icon": identity.app_icon}

    def filter_articles(self, articles, obj):
        return articles

    def items(self, obj):
        articles = Article.objects.published().in_edition(get_language())
        return (
            self.filter_articles(articles, obj).select_related("cover").latest_first()[:FEED_SIZE]
        )

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.lead

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.modified_at  # the last substantive update, not a typo fix

    def item_guid(self, item: Article) -> str:
        return self.item_link(item)

    def item_enclosure_url(self, item: Article) -> str | None:
        """The cover, or else the picture of the first embed that has one."""
        return item.cover.fallback_url if item.cover else (first_thumbnail(item.body) or None)

    def item_enclosure_length(self, item: Article) -> int:
        return item.cover.fallback_size if item.cover else 0

    def item_enclosure_mime_type(self, item: Article) -> str:
        return "image/jpeg"

    def item_extra_kwargs(self, item: Article) -> dict:
        return {"content_encoded": item.body}  # written out only on request (full_text)


class AtomMixin:
    feed_type = ContentAtomFeed
    subtitle = ArticleFeed.description


class SectionFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Section, edition=get_language(), slug=slug)

    def subject_title(self, obj) -> str:
        return obj.name

    def filter_articles(self, articles, obj):
        return articles.filter(section=obj)


class TagFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Tag, edition=get_language(), slug=slug)

    def subject_title(self, obj) -> str:
        return obj.name

    def filter_articles(self, articles, obj):
        return articles.filter(tags=obj)


class AuthorFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Author, slug=slug)

    def subject_title(self, obj) -> str:
        return obj.name

    def link(self, obj) -> str:
        return obj.get_absolute_url(get_language())

    def filter_articles(self, articles, obj):
        return articles.filter(authors=obj)


class AtomArticleFeed(AtomMixin, ArticleFeed):
    pass


class AtomSectionFeed(AtomMixin, SectionFeed):
    pass


class AtomTagFeed(AtomMixin, TagFeed):
    pass


class AtomAuthorFeed(AtomMixin, AuthorFeed):
    pass
