"""A live page's own feed of entries, RSS 2.0 and Atom (Django's syndication, as the
edition's feeds: xeber/syndication/feeds.py), newest first."""

from __future__ import annotations

from urllib.parse import urljoin

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from xeber.core.html import format_markup, plain_text
from xeber.embeds.markup import feed_body
from xeber.live import selectors
from xeber.live.models import LiveEntry
from xeber.news.masthead import identity_of
from xeber.news.models import Article
from xeber.pagecache import dependencies

TITLE_LENGTH = 110


class LiveEntriesFeed(Feed):
    def get_feed(self, obj: Article, request):
        """Absolute addresses for entries' links and pictures, from this request: kept on
        the article read for it, since the Feed serves every thread at once."""
        obj.site = request.build_absolute_uri("/").rstrip("/")
        return super().get_feed(obj, request)

    def get_object(self, request, article_id: int) -> Article:
        article = selectors.live_article(get_language(), article_id)
        if article is None:
            raise Http404("No live coverage here")
        dependencies.scope(dependencies.live(article.pk), dependencies.article(article.pk))
        return article

    def title(self, obj: Article) -> str:
        return f"{identity_of(obj.edition).name} — {obj.title}"

    def link(self, obj: Article) -> str:
        return obj.get_absolute_url()

    def description(self, obj: Article) -> str:
        return obj.lead or _("Live coverage")

    def items(self, obj: Article) -> list[LiveEntry]:
        entries = selectors.latest_entries(obj, selectors.FEED_SIZE)
        for entry in entries:
            entry.article = obj  # its link, without a query each
        return entries

    def item_title(self, item: LiveEntry) -> str:
        text = plain_text(item.body)
        return item.key_title or Truncator(text or _("Photo")).chars(TITLE_LENGTH)

    def item_description(self, item: LiveEntry) -> str:
        page = item.article.site + item.article.get_absolute_url()
        picture = ""
        if item.image:
            picture = format_markup(
                '<p><img src="{}" alt="{}"></p>',
                urljoin(page, item.image.fallback_url),
                item.image.alt,
            )
        return picture + feed_body(item.body, page)

    def item_link(self, item: LiveEntry) -> str:
        return f"{item.article.site}{item.article.get_absolute_url()}#{item.anchor}"

    def item_guid(self, item: LiveEntry) -> str:
        return self.item_link(item)

    def item_pubdate(self, item: LiveEntry):
        return item.posted_at

    def item_updateddate(self, item: LiveEntry):
        return item.updated_at

    def item_author_name(self, item: LiveEntry) -> str | None:
        return item.author.name if item.author else None


class LiveEntriesAtomFeed(LiveEntriesFeed):
    feed_type = Atom1Feed
    subtitle = LiveEntriesFeed.description
