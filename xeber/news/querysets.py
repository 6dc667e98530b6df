from __future__ import annotations

import functools

from django.db import connection, models
from django.db.models import Q
from django.utils import timezone


def _public_terms(model, upper) -> list[tuple[str, object]]:
    """What readers may see: published, and its time has come. The one definition, as
    lookups: published() filters by it and public_sql() writes it out for hand-written SQL."""
    return [("status", model.Status.PUBLISHED), ("published_at__lte", upper)]


def _kept(terms: list[tuple[str, object]], fields: tuple[str, ...] | None) -> list:
    return [term for term in terms if fields is None or term[0].split("__")[0] in fields]


@functools.cache
def public_sql(model, alias: str, fields: tuple[str, ...] | None = None) -> str:
    """published()'s condition in SQL, for the table aliased `alias`, with a placeholder for
    each of public_params(); compiled by the ORM from the same lookups, so it cannot drift.
    `fields` keeps the terms on those columns, for a table holding only some of them (the
    search index holds published articles only, and their times)."""
    query = model.objects.filter(Q(*_kept(_public_terms(model, timezone.now()), fields))).query
    sql, _ = query.get_compiler(connection=connection).compile(query.where)
    return sql.replace(connection.ops.quote_name(model._meta.db_table) + ".", alias + ".")


def public_params(model, now, fields: tuple[str, ...] | None = None) -> list:
    """The values for public_sql()'s placeholders, in its order, as of `now`."""
    return [value for _, value in _kept(_public_terms(model, now), fields)]


class ArticleQuerySet(models.QuerySet):
    def published(self, before=None) -> ArticleQuerySet:
        """The only door to public content: published, and its time has come.

        `before` narrows the upper bound for pages about the past (the daily archive), so
        the database walks one day of its time index rather than everything since then.
        """
        now = timezone.now()
        upper = min(now, before) if before is not None else now
        return self.filter(Q(*_public_terms(self.model, upper)))

    def in_edition(self, edition: str) -> ArticleQuerySet:
        return self.filter(edition=edition)

    def latest_first(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-id")

    def for_listing(self) -> ArticleQuerySet:
        """What a list of articles shows: no body, the section joined in the same query."""
        return (
            self.select_related("section")
            .defer("body", "header_breaking", "section__position")
            .latest_first()
        )


class BreakingNewsQuerySet(models.QuerySet):
    def active(self, now=None) -> BreakingNewsQuerySet:
        now = now or timezone.now()
        return self.filter(is_active=True, starts_at__lte=now).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def relevant(self, now=None) -> BreakingNewsQuerySet:
        """Lines showing now or due to start later: what the header must know about."""
        now = now or timezone.now()
        return self.filter(is_active=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def in_edition(self, edition: str) -> BreakingNewsQuerySet:
        return self.filter(edition=edition)
