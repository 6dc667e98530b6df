"""What readers see changed: bump the names of exactly what changed (dependencies.py).

Cached pages and the header (news/masthead.py) hear of changes from here only."""

from __future__ import annotations

from django.conf import settings
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.dispatch import receiver

from xeber.core.cache import cache_recovered
from xeber.media.models import Image
from xeber.news.models import Article, Author, BreakingNews, Section, Tag
from xeber.pagecache import dependencies as names
from xeber.pagecache.versions import bump
from xeber.rates.models import Rate
from xeber.rates.signals import rates_stored

# Whether an article is listed, and where: a change of any of these moves it between lists.
LISTING_FIELDS = ("status", "edition", "section_id", "published_at", "is_main")


def _listed_in(article: Article, created: bool = False) -> set[str]:
    # A new article has no tags or authors yet: adding them bumps their lists (below).
    tags = [] if created else article.tags.values_list("pk", flat=True)
    authors = [] if created else article.authors.values_list("pk", flat=True)
    return names.article_lists(
        article.edition, article.section_id, article.published_at, tags, authors
    )


@receiver(pre_save, sender=Article)
def _remember_listing(sender, instance: Article, raw=False, **kwargs) -> None:
    before = None
    if instance.pk and not raw:
        before = Article.objects.filter(pk=instance.pk).values(*LISTING_FIELDS).first()
    instance._listing_before = before


@receiver(post_save, sender=Article)
def _article_saved(sender, instance: Article, created: bool, raw=False, **kwargs) -> None:
    before = getattr(instance, "_listing_before", None)
    now = {field: getattr(instance, field) for field in LISTING_FIELDS}
    public = Article.Status.PUBLISHED in {now["status"], (before or {}).get("status")}
    if raw or not public:
        return  # a draft changed: no page shows it
    touched = {names.article(instance.pk), names.ANY}
    if before != now:
        touched |= _listed_in(instance, created)
        if before:
            touched |= names.article_lists(
                before["edition"], before["section_id"], before["published_at"], [], []
            )
    bump(touched)


@receiver(pre_delete, sender=Article)
def _article_deleted(sender, instance: Article, **kwargs) -> None:
    bump({names.article(instance.pk), names.ANY, *_listed_in(instance)})


# Which list a relation puts an article in, and the relation's column for the other side.
RELATIONS = {
    Article.tags.through: (names.tag, "tag_id"),
    Article.authors.through: (names.author_articles, "author_id"),
}


@receiver(m2m_changed, sender=Article.tags.through)
@receiver(m2m_changed, sender=Article.authors.through)
def _article_relations_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """Tags or authors added or removed, from either side of the relation."""
    listing, column = RELATIONS[sender]
    if action == "pre_clear":
        rows = sender.objects.filter(**{column if reverse else "article_id": instance.pk})
        pk_set = set(rows.values_list("article_id" if reverse else column, flat=True))
    elif action not in {"post_add", "post_remove"}:
        return
    articles, others = (pk_set, {instance.pk}) if reverse else ({instance.pk}, pk_set)
    bump({names.ANY, *map(names.article, articles), *map(listing, others)})


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
    bump({names.EPOCH, *_headers()})
