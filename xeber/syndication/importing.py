"""Bringing a WordPress site into Xeber: `xeber import-wxr FILE`.

Posts become articles (publish -> published, future -> scheduled, draft/pending -> draft
or review); categories become sections, tags tags, authors authors. Pages, private and
trashed posts, menu items and attachments are accounted for in the report without
becoming articles. What WordPress embeds becomes a link alone in a paragraph, which the
save service makes an embed. With --fetch-media, attachments are fetched (each once) as
covers and as the pictures of galleries; a gallery none of whose pictures came is dropped.
Each post's original address is kept so that old links answer with a 301. The whole file
goes in, or nothing does; the report counts every item, embed, gallery and failed fetch.
"""

from __future__ import annotations

import logging
import mimetypes
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from xeber.core.html import sanitize_html
from xeber.core.http import FetchError, fetch
from xeber.core.slugs import slugify_title
from xeber.editorial.services import article_create, article_update
from xeber.embeds import markup
from xeber.embeds.services import lone_address, top_level_nodes
from xeber.media.blocks import blocks as media_blocks
from xeber.media.models import Gallery, GalleryItem, Image
from xeber.media.services import image_upload
from xeber.news.models import Article, Author, Section, Tag
from xeber.search.indexing import indexing_in_bulk
from xeber.syndication.models import ImportedItem
from xeber.syndication.wordpress import GalleryCode, plain, to_body
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
    "attachment": "attachments become covers and gallery pictures, not articles",
    "nav_menu_item": "menu items are site structure",
}


@dataclass
class Report:
    counts: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        if n:
            self.counts[kind][outcome] += n

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


def _may_be_image(url: str) -> bool:
    """WXR gives no media type: an address ending as a video, a sound or a document is
    not a picture (one without an extension may be)."""
    kind, _ = mimetypes.guess_type(urlsplit(url).path)
    return kind is None or kind.startswith("image/")


def _lone_links(body: str) -> int:
    """How many links stand alone in a top-level paragraph: what the save tries to embed."""
    clean = sanitize_html(body)
    found = (lone_address(clean[start:end]) for start, end in top_level_nodes(clean))
    return sum(1 for address in found if address and address.startswith(("http:", "https:")))


class WxrImporter:
    def __init__(self, export: WxrExport, *, edition: str, fetch_media: bool) -> None:
        self.export, self.edition, self.fetch_media = export, edition, fetch_media
        self.report = Report()
        self.sections: dict[str, Section] = {}
        self.tags: dict[str, Tag] = {}
        self.authors: dict[str, Author] = {}
        self.attachments = {i.wp_id: i for i in export.items if i.kind == "attachment"}
        self.children: dict[int, list[WxrItem]] = defaultdict(list)  # attachments by post
        for attachment in sorted(self.attachments.values(), key=lambda a: (a.menu_order, a.wp_id)):
            if attachment.parent:
                self.children[attachment.parent].append(attachment)
        self.images: dict[int, Image | None] = {}  # by attachment: fetched once, then reused

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
        article = record.article if record else None
        body = self._body(item, article, title)
        data = {
            "edition": self.edition,
            "title": title[:300],
            "body": body or "<p></p>",
            "lead": plain(item.excerpt)[:1000],
            "section": self._section_for(item),
            "published_at": item.published_at or timezone.now(),
            "source": "WordPress",
            "tags": [self.tags[t] for t in item.tags if t in self.tags],
        }
        if item.creator in self.authors:
            data["authors"] = [self.authors[item.creator]]
        if article is None or not article.cover_id:
            data["cover"] = self._cover(item, title)
        if article is None:
            article = article_create(user=None, data=data, status=STATUS[item.status])
            ImportedItem.objects.create(
                source="wxr", key=key, article=article, old_path=_old_path(item.link)
            )
        else:
            data["status"] = STATUS[item.status]
            article = article_update(
                user=None, article=article, data=data, base_version=article.version
            )
        self.report.count("post", "updated" if record else "imported")
        self._count_embeds(item, article, body)

    def _count_embeds(self, item: WxrItem, article: Article, body: str) -> None:
        found, embedded = _lone_links(body), len(markup.blocks(article.body))
        self.report.count("embed", "found", found)
        self.report.count("embed", "embedded", embedded)
        self.report.count("embed", "kept as links", max(found - embedded, 0))
        for note in getattr(article, "body_notes", []):
            logger.warning("%s: %s", item.link or item.wp_id, note)

    # --- media ------------------------------------------------------------------------
    def _body(self, item: WxrItem, article: Article | None, title: str) -> str:
        """The post's body, each gallery in it as Xeber's: on a re-import the one made
        last time, in the same place; else a new one (with --fetch-media)."""
        made_before = (
            [b.number for b in media_blocks(article.body) if b.kind == "gallery"] if article else []
        )
        kept = list(Gallery.objects.filter(pk__in=made_before).values_list("pk", flat=True))
        kept.sort(key=made_before.index)

        def gallery(code: GalleryCode) -> str:
            if kept:
                self.report.count("gallery", "kept")
                return f"<p>[gallery {kept.pop(0)}]</p>"
            return self._gallery(item, code, title)

        return to_body(item.content, gallery=gallery)

    def _gallery(self, item: WxrItem, code: GalleryCode, title: str) -> str:
        """The paragraph showing a new gallery of the code's pictures, or "" to drop it."""
        attachments = self._gallery_attachments(item, code)
        if not attachments:
            return self._drop(item, "no pictures in the export")
        if not self.fetch_media:
            return self._drop(item, "without --fetch-media")
        images = [image for a in attachments if (image := self._gallery_image(a, title))]
        if not images:
            return self._drop(item, "no picture could be fetched")
        gallery = Gallery.objects.create()
        GalleryItem.objects.bulk_create(
            GalleryItem(gallery=gallery, image=image, position=position)
            for position, image in enumerate(images, start=1)
        )
        self.report.count("gallery", "created")
        return f"<p>{gallery.shortcode}</p>"

    def _drop(self, item: WxrItem, reason: str) -> str:
        logger.warning("a gallery of %s is dropped: %s", item.link or item.wp_id, reason)
        self.report.count("gallery", f"dropped ({reason})")
        return ""

    def _gallery_attachments(self, item: WxrItem, code: GalleryCode) -> list[WxrItem]:
        """The pictures a gallery shows, in order, as WordPress picks them."""
        if code.ids:
            chosen = [self.attachments[i] for i in code.ids if i in self.attachments]
            self.report.count("gallery image", "not in the export", len(code.ids) - len(chosen))
        else:
            chosen = self.children.get(code.parent or item.wp_id, [])
        return [a for a in chosen if a.attachment_url and _may_be_image(a.attachment_url)]

    def _gallery_image(self, attachment: WxrItem, title: str) -> Image | None:
        fetched_before = attachment.wp_id in self.images
        image = self._image(attachment, title)
        if image is not None:
            self.report.count("gallery image", "reused" if fetched_before else "fetched")
        return image

    def _cover(self, item: WxrItem, title: str) -> Image | None:
        """The post's featured image, fetched (with --fetch-media) and stored."""
        attachment = self.attachments.get(item.thumbnail_id or -1)
        if not (attachment and self.fetch_media and attachment.attachment_url):
            return None
        fetched_before = attachment.wp_id in self.images
        image = self._image(attachment, title)
        if image is not None:
            self.report.count("cover", "reused" if fetched_before else "fetched")
        return image

    def _image(self, attachment: WxrItem, title: str) -> Image | None:
        """The attachment as one of our images (alt text, caption, credit and renditions),
        fetched through the one HTTP client once per import, whatever uses it."""
        if attachment.wp_id not in self.images:
            self.images[attachment.wp_id] = self._fetched(attachment, title)
        return self.images[attachment.wp_id]

    def _fetched(self, attachment: WxrItem, title: str) -> Image | None:
        url = attachment.attachment_url
        try:
            response = fetch(url, max_bytes=settings.IMAGE_MAX_BYTES)
        except FetchError as error:
            return self._media_failure("not fetched", str(error))
        name = Path(urlsplit(response.url).path).name or "attachment"
        try:
            return image_upload(
                upload=ContentFile(response.body, name=name),
                alt=(attachment.alt or plain(attachment.title) or title)[:300],
                caption=plain(attachment.excerpt)[:300],
                credit=attachment.credit[:150],
            )
        except ValidationError as error:
            return self._media_failure("not an image", f"{url}: {' '.join(error.messages)}")

    def _media_failure(self, outcome: str, reason: str) -> None:
        logger.warning("an attachment was %s: %s", outcome, reason)
        self.report.count("media failure", outcome)


def import_wxr(path: Path, *, edition: str, fetch_media: bool = False) -> Report:
    """All or nothing: any error rolls the whole file back. Its posts are indexed for
    search together when it commits."""
    export = parse_wxr(path)
    with transaction.atomic(), indexing_in_bulk():
        return WxrImporter(export, edition=edition, fetch_media=fetch_media).run()
