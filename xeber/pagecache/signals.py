"""What readers see changed: every cached page is out of date at once."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from xeber.media.models import Image
from xeber.news.models import Article, Author, BreakingNews, Section, Tag
from xeber.pagecache import generation
from xeber.rates.models import Rate
from xeber.rates.signals import rates_stored

CONTENT = [Article, BreakingNews, Section, Tag, Author, Rate, Image]


def _changed(**kwargs) -> None:
    generation.bump()


for model in CONTENT:
    post_save.connect(_changed, sender=model, dispatch_uid=f"pagecache-save-{model.__name__}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"pagecache-delete-{model.__name__}")
m2m_changed.connect(_changed, sender=Article.tags.through, dispatch_uid="pagecache-tags")
m2m_changed.connect(_changed, sender=Article.authors.through, dispatch_uid="pagecache-authors")


@receiver(rates_stored)
def _rates_stored(**kwargs) -> None:
    generation.bump()
