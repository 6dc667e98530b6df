"""The galleries and our pictures an article's stored body shows, with their rows: for
readers of the body who want facts rather than markup (the API).

What the body shows decides: its expanded figures (xeber/media/blocks.py), in their order,
never a `[gallery N]` paragraph that did not expand. The rows come in at most three queries
whatever their number (galleries, their pictures with images, the inline images), none for
a body without media.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.html import strip_tags

from xeber.media.blocks import CREDIT, FIGCAPTION, Block, blocks
from xeber.media.models import Gallery, GalleryItem, Image


@dataclass(frozen=True)
class ShownImage:
    image: Image
    caption: str  # as readers see it (a gallery item's own, an editor's figcaption)


@dataclass(frozen=True)
class ShownGallery:
    gallery: Gallery
    images: list[ShownImage]


@dataclass(frozen=True)
class BodyMedia:
    galleries: list[ShownGallery]
    images: list[ShownImage]  # inline, outside galleries


def body_media(body: str) -> BodyMedia:
    """The galleries and inline images of a stored body, in order; one whose row is gone
    since (its last expansion still shows) is left out."""
    shown = [block for block in blocks(body) if _expanded(body, block)]
    galleries = _galleries({block.number for block in shown if block.kind == "gallery"})
    wanted = {block.number for block in shown if block.kind == "image"}
    images = Image.objects.in_bulk(wanted) if wanted else {}
    return BodyMedia(
        galleries=[
            galleries[block.number]
            for block in shown
            if block.kind == "gallery" and block.number in galleries
        ],
        images=[
            ShownImage(images[block.number], _caption_text(block.inner))
            for block in shown
            if block.kind == "image" and block.number in images
        ],
    )


def _expanded(body: str, block: Block) -> bool:
    """A gallery or image of ours as the save expanded it (a figure, not a paragraph)."""
    return block.kind in {"gallery", "image"} and body.startswith("<figure", block.start)


def _galleries(ids: set[int]) -> dict[int, ShownGallery]:
    if not ids:
        return {}
    items = GalleryItem.objects.select_related("image").order_by("position", "id")
    found = Gallery.objects.prefetch_related(Prefetch("items", queryset=items)).in_bulk(ids)
    return {
        pk: ShownGallery(
            gallery, [ShownImage(item.image, item.shown_caption) for item in gallery.items.all()]
        )
        for pk, gallery in found.items()
    }


def _caption_text(inner: str) -> str:
    """The caption of an image figure as text, without the credit line we add."""
    found = FIGCAPTION.search(inner)
    return html.unescape(strip_tags(CREDIT.sub("", found.group(1)))).strip() if found else ""
