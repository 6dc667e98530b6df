"""Catalogue edits that live pages show: an entry's author (their name and page) and its
picture (caption, credit, the picture itself). The entries do not change, so nothing
moves their cursor: the live pages, their endpoint's answers and feeds that show them are
made afresh, and a page already open shows the edit on its next reload."""

from __future__ import annotations

from django.db.models.signals import post_save, pre_delete
from django.dispatch import receiver

from xeber.live.models import LiveEntry
from xeber.media.models import Image
from xeber.news.models import Author
from xeber.pagecache import changes


@receiver([post_save, pre_delete], sender=Author)
def _author_changed(sender, instance: Author, **kwargs) -> None:
    _refresh_pages_of(LiveEntry.objects.filter(author_id=instance.pk))


@receiver([post_save, pre_delete], sender=Image)
def _image_changed(sender, instance: Image, **kwargs) -> None:
    _refresh_pages_of(LiveEntry.objects.filter(image_id=instance.pk))


def _refresh_pages_of(entries) -> None:
    """Before a delete, while the entries still name what goes (it is unset on them
    next); the page cache bumps again when the change commits."""
    for article_pk in set(entries.values_list("article_id", flat=True)):
        changes.live_changed(article_pk)
