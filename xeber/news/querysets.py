from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self, before=None) -> ArticleQuerySet:
        """The only door to public content: published, and its time has come.

        `before` narrows the upper bound for pages about the past (the daily archive), so
        the database walks one day of its time index rather than everything since then.
        """
        now = timezone.now()
        upper = min(now, before) if before is not None else now
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=upper)

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
