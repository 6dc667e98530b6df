"""Catalogue edits readers see (sections, tags, authors, images, breaking news, rates):
bump the names of exactly what changed (dependencies.py). These have no write service of
their own; articles do, and tell the page cache themselves (changes.py). Cached pages and
the header (news/masthead.py) hear of changes from these two modules only."""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from xeber.core.cache import cache_recovered
from xeber.media.models import Image
from xeber.news.models import Article, Author, AuthorProfile, BreakingNews, Section, Tag
from xeber.pagecache import dependencies as names
from xeber.pagecache.changes import frame_changed
from xeber.pagecache.versions import bump
from xeber.rates.models import Rate
from xeber.rates.signals import rates_stored


@receiver([post_save, post_delete], sender=BreakingNews)
def _breaking_changed(sender, instance: BreakingNews, **kwargs) -> None:
    bump({names.ANY, names.header(instance.edition)})


@receiver([post_save, post_delete], sender=Section)
def _section_changed(sender, instance: Section, **kwargs) -> None:
    bump({names.ANY, names.header(instance.edition), names.section(instance.pk)})


@receiver([post_save, post_delete], sender=Tag)
def _tag_changed(sender, instance: Tag, **kwargs) -> None:
    bump({names.ANY, names.tag(instance.pk)})


@receiver([post_save, post_delete], sender=Author)
def _author_changed(sender, instance: Author, **kwargs) -> None:
    bump({names.ANY, names.author(instance.pk), names.author_articles(instance.pk)})


@receiver([post_save, post_delete], sender=AuthorProfile)
def _author_profile_changed(sender, instance: AuthorProfile, **kwargs) -> None:
    """An edition's job title or biography of an author: their page shows it."""
    bump({names.ANY, names.author(instance.author_id)})


@receiver([post_save, post_delete], sender=Image)
def _image_changed(sender, instance: Image, **kwargs) -> None:
    covered = Article.objects.filter(cover=instance).values_list("pk", flat=True)
    bump({names.ANY, *map(names.article, covered)})


def _headers() -> set[str]:
    return {names.header(code) for code, _ in settings.LANGUAGES}


@receiver([post_save, post_delete], sender=Rate)
@receiver(rates_stored)
def _rates_changed(**kwargs) -> None:
    bump({names.ANY, *_headers()})


@receiver(cache_recovered)
def _cache_recovered(**kwargs) -> None:
    """Changes made while Redis was down never reached it: every page starts over, and so
    does the header (its cached copies are named after the header's version)."""
    frame_changed()
