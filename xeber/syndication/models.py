from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportedItem(models.Model):
    """What was brought in from elsewhere: re-imports update, and old addresses redirect."""

    source = models.CharField(_("source"), max_length=20)  # "wxr", "feed"
    key = models.CharField(_("original id"), max_length=500)  # GUID, else the link
    article = models.ForeignKey(
        "news.Article", on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    old_path = models.CharField(_("original address"), max_length=500, blank=True, db_index=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "key"], name="imported_item_unique")
        ]
        verbose_name = _("imported item")
        verbose_name_plural = _("imported items")

    def __str__(self) -> str:
        return f"{self.source}: {self.key}"


class FeedSubscription(models.Model):
    """An agency or partner feed, polled by `xeber import-feed --subscriptions`."""

    url = models.URLField(_("feed URL"), max_length=500, unique=True)
    edition = models.CharField(_("edition"), max_length=2)
    section = models.ForeignKey(
        "news.Section", on_delete=models.PROTECT, related_name="+", verbose_name=_("section")
    )
    publish = models.BooleanField(
        _("publish at once"), default=False, help_text=_("Otherwise items arrive as drafts.")
    )
    active = models.BooleanField(_("active"), default=True)
    last_polled = models.DateTimeField(_("last polled"), null=True, blank=True)
    last_outcome = models.CharField(_("last outcome"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("feed subscription")
        verbose_name_plural = _("feed subscriptions")

    def __str__(self) -> str:
        return self.url
