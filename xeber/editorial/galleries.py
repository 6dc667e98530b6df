"""Articles follow their galleries and images: an edit shows in every article at once.

Articles carry galleries and our images expanded into their body (xeber/media/blocks.py).
When a gallery or an image changes, the articles that show it are expanded again and saved
(the page cache and the search index hear of it as of any edit). This is derived
content, not an editorial change: no revision, no new version, no "updated" time.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Q

from xeber.editorial.services import article_store_fields
from xeber.media.blocks import expand_body
from xeber.media.models import GalleryItem
from xeber.news.models import Article


@transaction.atomic
def articles_refresh_media(*, galleries: Iterable[int] = (), images: Iterable[int] = ()) -> int:
    """Expand again every article showing these galleries or images (or a gallery holding
    one of these images); returns how many changed.

    Found by their stored markup (a scan of bodies: this runs when an editor saves a
    gallery, never for readers). Rows are locked, so an editor's save of the same article
    waits and then expands afresh itself.
    """
    images = set(images)
    galleries = set(galleries)
    if images:
        holding = GalleryItem.objects.filter(image_id__in=images)
        galleries |= set(holding.values_list("gallery_id", flat=True))
    needles = [f'data-gallery="{pk}"' for pk in galleries] + [f'data-image="{pk}"' for pk in images]
    if not needles:
        return 0
    showing = reduce(or_, (Q(body__contains=needle) for needle in needles))
    changed = 0
    for article in Article.objects.select_for_update(no_key=True).filter(showing).order_by("pk"):
        body = expand_body(article.body, language=article.edition).html
        if body != article.body:
            article.body = body
            article_store_fields(article, ["body"])
            changed += 1
    return changed
