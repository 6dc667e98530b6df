"""Live coverage: an article that runs a stream of short entries for hours.

The coverage and its entries are written by services.py only. The article keeps a copy of
the coverage's state (Article.live) for lists and its page; entries are read by the page,
the entries endpoint and the feed (selectors.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xeber.core.html import sanitize_html


def default_poll_seconds() -> int:
    return settings.LIVE_POLL_SECONDS


class LiveCoverage(models.Model):
    article = models.OneToOneField(
        "news.Article",
        on_delete=models.CASCADE,
        related_name="live_coverage",
        verbose_name=_("article"),
    )
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("What readers should know once it has ended.")
    )
    poll_seconds = models.PositiveSmallIntegerField(
        _("readers' pages ask for new entries every (seconds)"), default=default_poll_seconds
    )
    # Authors who may post in it besides the article's own author (editors always may).
    journalists = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("journalists")
    )

    class Meta:
        verbose_name = _("live coverage")
        verbose_name_plural = _("live coverage")

    def __str__(self) -> str:
        return f"{self.article_id}: {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def is_running(self) -> bool:
        return self.ended_at is None


class LiveEntry(models.Model):
    """One post of a live page. A deletion keeps the row (`deleted_at`) so that readers'
    open pages hear of it; every write moves `changed_at`, the endpoint's cursor."""

    article = models.ForeignKey(
        "news.Article",
        on_delete=models.CASCADE,
        related_name="live_entries",
        verbose_name=_("article"),
    )
    body = models.TextField(_("text"), blank=True, help_text=_("Sanitised HTML."))
    image = models.ForeignKey(
        "media.Image",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("image"),
    )
    author = models.ForeignKey(
        "news.Author",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("posted by"),
    )
    posted_at = models.DateTimeField(_("posted"), default=timezone.now)
    updated_at = models.DateTimeField(_("last edited"), default=timezone.now)
    changed_at = models.DateTimeField(_("last change"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=1)
    pinned = models.BooleanField(_("pinned"), default=False)
    key_event = models.BooleanField(_("key event"), default=False)
    key_title = models.CharField(_("key event title"), max_length=200, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), null=True, blank=True)

    class Meta:
        ordering = ["-posted_at", "-id"]
        indexes = [
            # The page: an article's entries newest first, deleted ones left out.
            models.Index(
                fields=["article", "posted_at", "id"],
                condition=Q(deleted_at__isnull=True),
                name="live_entry_shown",
            ),
            # The key events' timeline.
            models.Index(
                fields=["article", "posted_at", "id"],
                condition=Q(key_event=True, deleted_at__isnull=True),
                name="live_entry_key_events",
            ),
            # The endpoint: what changed after a cursor.
            models.Index(fields=["article", "changed_at"], name="live_entry_changes"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["article"],
                condition=Q(pinned=True, deleted_at__isnull=True),
                name="live_one_pinned_entry",
            )
        ]
        verbose_name = _("live entry")
        verbose_name_plural = _("live entries")

    def __str__(self) -> str:
        return f"{self.article_id}/{self.pk} {self.posted_at:%H:%M}"

    def save(self, *args, **kwargs) -> None:
        # As for articles: stored HTML is always clean, whoever writes it.
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    @property
    def anchor(self) -> str:
        return f"entry-{self.pk}"


class LiveEntryRevision(models.Model):
    """Every saved state of an entry (its versions), as article revisions are."""

    entry = models.ForeignKey(LiveEntry, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("version"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    data = models.JSONField()

    class Meta:
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "version"], name="live_entry_revision")
        ]
        verbose_name = _("entry revision")
        verbose_name_plural = _("entry revisions")

    def __str__(self) -> str:
        return f"{self.entry_id} v{self.version}"
