"""The index follows publishing: no manual reindex after a publish, edit or unpublish.

Scheduled articles are indexed when saved; the search query applies the same
"published and its time has come" rule as every public page.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from xeber.news.models import Article
from xeber.search.indexing import index_on_commit, remove_articles


@receiver(post_save, sender=Article)
def index_saved_article(sender, instance: Article, **kwargs) -> None:
    index_on_commit(instance.pk)


@receiver(post_delete, sender=Article)
def unindex_deleted_article(sender, instance: Article, **kwargs) -> None:
    pk = instance.pk
    transaction.on_commit(lambda: remove_articles([pk]))
