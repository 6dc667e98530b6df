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
