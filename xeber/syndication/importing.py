"""Bringing a WordPress site into Xeber: `xeber import-wxr FILE`.

Posts become articles (publish -> published, future -> scheduled, draft/pending -> draft
or review); categories become sections, tags tags, authors authors. Pages, private and
trashed posts, menu items and attachments are accounted for in the report without
becoming articles; attachments serve as covers. Each post's original address is kept
so that old links answer with a 301. The whole file goes in, or nothing does.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from xeber.core.http import FetchError, fetch
from xeber.core.slugs import slugify_title
from xeber.editorial.services import article_create, article_update
from xeber.media.models import Image
from xeber.media.services import image_upload
from xeber.news.models import Article, Author, Section, Tag
from xeber.search.indexing import indexing_in_bulk
from xeber.syndication.models import ImportedItem
from xeber.syndication.wordpress import plain, to_body
from xeber.syndication.wxr import WxrExport, WxrItem, parse_wxr

logger = logging.getLogger(__name__)
STATUS = {
    "publish": Article.Status.PUBLISHED,
    "future": Article.Status.PUBLISHED,  # with its future time: scheduled
    "draft": Article.Status.DRAFT,
    "pending": Article.Status.REVIEW,
}
NOT_ARTICLES = {
    "page": "pages are not news articles",
    "attachment": "attachments become covers, not articles",
    "nav_menu_item": "menu items are site structure",
}


@dataclass
class Report:
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def count(self, kind: str, outcome: str) -> None:
        self.counts[kind][outcome] += 1

    def total(self, kind: str) -> int:
        return sum(self.counts[kind].values())

    def lines(self) -> list[str]:
        return [
            f"{kind}: " + ", ".join(f"{outcome} {n}" for outcome, n in sorted(outcomes.items()))
            for kind, outcomes in sorted(self.counts.items())
        ]


def _old_path(link: str) -> str:
    parts = urlsplit(link)
    return parts.path + (f"?{parts.query}" if parts.query else "") if parts.path else ""


class WxrImporter:
    def __init__(self, export: WxrExport, *, edition: str, fetch_media: bool) -> None:
        self.export, self.edition, self.fetch_media = export, edition, fetch_media
        self.report = Report()
        self.sections: dict[str, Section] = {}
        self.tags: dict[str, Tag] = {}
        self.authors: dict[str, Author] = {}
        self.attachments = {i.wp_id: i for i in export.items if i.kind == "attachment"}

    def run(self) -> Report:
        self._terms()
        for item in self.export.items:
            if item.kind == "post":
                self._post(item)
            else:
                self.report.count(
                    item.kind, f"skipped ({NOT_ARTICLES.get(item.kind, 'not a post')})"
                )
        return self.report

    def _terms(self) -> None:
        for position, term in enumerate(self.export.categories):
            slug = (slugify_title(term.slug) or "section")[:100]
            self.sections[term.slug], created = Section.objects.get_or_create(
                edition=self.edition,
                slug=slug,
                defaults={"name": term.name[:100], "position": position},
            )
            self.report.count("category", "imported" if created else "updated")
        for term in self.export.tags:
            slug = (slugify_title(term.slug) or "tag")[:100]
            self.tags[term.slug], created = Tag.objects.get_or_create(
                edition=self.edition, slug=slug, defaults={"name": term.name[:100]}
            )
            self.report.count("tag", "imported" if created else "updated")
        for person in self.export.authors:
            slug = slugify_title(person.login)[:150]
            self.authors[person.login], created = Author.objects.get_or_create(
                slug=slug, defaults={"name": (person.name or person.login)[:150]}
            )
            self.report.count("author", "imported" if created else "updated")

    def _section_for(self, item: WxrItem) -> Section:
        for nicename in item.categories:
            if nicename in self.sections:
                return self.sections[nicename]
        fallback, _ = Section.objects.get_or_create(
            edition=self.edition, slug="news", defaults={"name": "News", "position": 99}
        )
        return fallback

    def _post(self, item: WxrItem) -> None:
        if item.status not in STATUS:
            self.report.count("post", f"skipped ({item.status})")
            return
        # The permalink, not the GUID: real exports reuse a GUID for different posts.
        key = item.link or item.guid or f"wp:{item.wp_id}"
        record = (
            ImportedItem.objects.filter(source="wxr", key=key).select_related("article").first()
        )
        title = plain(item.title) or f"WordPress post {item.wp_id}"
        data = {
            "edition": self.edition,
            "title": title[:300],
            "body": to_body(item.content) or "<p></p>",
            "lead": plain(item.excerpt)[:1000],
            "section": self._section_for(item),
            "published_at": item.published_at or timezone.now(),
            "source": "WordPress",
            "tags": [self.tags[t] for t in item.tags if t in self.tags],
        }
        if item.creator in self.authors:
            data["authors"] = [self.authors[item.creator]]
        article = record.article if record else None
        if article is None or not article.cover_id:
            data["cover"] = self._cover(item, title)
        if article is None:
            article = article_create(user=None, data=data, status=STATUS[item.status])
            ImportedItem.objects.create(
                source="wxr", key=key, article=article, old_path=_old_path(item.link)
            )
        else:
            data["status"] = STATUS[item.status]
            article_update(user=None, article=article, data=data, base_version=article.version)
        self.report.count("post", "updated" if record else "imported")

    def _cover(self, item: WxrItem, title: str) -> Image | None:
        """The post's featured image, fetched (with --fetch-media) and stored."""
        attachment = self.attachments.get(item.thumbnail_id or -1)
        if not (attachment and self.fetch_media and attachment.attachment_url):
            return None
        try:
            response = fetch(attachment.attachment_url)
            upload = ContentFile(response.body, name=Path(urlsplit(response.url).path).name)
            image = image_upload(upload=upload, alt=plain(attachment.title) or title)
        except (FetchError, ValueError) as error:
            logger.warning("cover of %s not fetched: %s", item.link, error)
            self.report.count("attachment", "not downloaded (fetch failed)")
            return None
        self.report.count("attachment", "downloaded")
        return image


def import_wxr(path: Path, *, edition: str, fetch_media: bool = False) -> Report:
    """All or nothing: any error rolls the whole file back. Its posts are indexed for
    search together when it commits."""
    export = parse_wxr(path)
    with transaction.atomic(), indexing_in_bulk():
        return WxrImporter(export, edition=edition, fetch_media=fetch_media).run()
