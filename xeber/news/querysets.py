from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone


class ArticleQuerySet(models.QuerySet):
    def published(self) -> ArticleQuerySet:
        """The only door to public content: published, and its time has come."""
        return self.filter(status=self.model.Status.PUBLISHED, published_at__lte=timezone.now())

    def in_edition(self, edition: str) -> ArticleQuerySet:
        return self.filter(edition=edition)

    def latest_first(self) -> ArticleQuerySet:
        return self.order_by("-published_at", "-id")

    def for_listing(self) -> ArticleQuerySet:
        """What a list of articles shows: no body, the section joined in the same query."""
        return self.select_related("section").defer("body", "header_breaking").latest_first()


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
