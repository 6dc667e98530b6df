from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xeber.core.json import PlainTextEncoder


def all_editions() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


class StaffProfile(models.Model):
    """What the back office needs to know about a journalist beyond Django's user."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    editions = models.JSONField(
        _("editions"), default=all_editions,
        help_text=_("Editors may edit and publish the articles of these editions."),
    )  # fmt: skip
    language = models.CharField(
        _("back-office language"), max_length=2, choices=settings.LANGUAGES, blank=True,
        help_text=_("Empty: follow the browser."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")

    def __str__(self) -> str:
        return str(self.user)


class Revision(models.Model):
    """Every saved state of an article: who, when and all its fields."""

    article = models.ForeignKey(
        "news.Article", on_delete=models.SET_NULL, null=True, related_name="revisions"
    )
    article_key = models.PositiveBigIntegerField(db_index=True)  # survives a deleted article
    number = models.PositiveIntegerField(_("revision"))
    version = models.PositiveIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    data = models.JSONField(encoder=PlainTextEncoder)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["article_key", "number"], name="revision_number")
        ]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")

    def __str__(self) -> str:
        return f"#{self.article_key} r{self.number}"


class AuditEntry(models.Model):
    """Who did what to which article, when, and from which state."""

    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("user"),
    )  # fmt: skip
    action = models.CharField(_("action"), max_length=32)
    article = models.ForeignKey(
        "news.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("article"),
    )  # fmt: skip
    article_title = models.CharField(_("title"), max_length=300, blank=True)
    from_state = models.CharField(_("from"), max_length=16, blank=True)
    to_state = models.CharField(_("to"), max_length=16, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The desk's "returned to me" (xeber/desk): the latest returns, newest first.
        indexes = [models.Index(fields=["action", "created_at"], name="audit_action_time")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.article_title}"


class Correction(models.Model):
    """A note on a published story that readers see: what was wrong, and when it was put
    right. The article keeps a copy of its notes (Article.corrections) for its page; the
    edition's corrections page lists these rows, newest first."""

    article = models.ForeignKey(
        "news.Article", on_delete=models.CASCADE, related_name="+", verbose_name=_("article")
    )
    text = models.TextField(_("correction"))
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("user"),
    )  # fmt: skip

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.text[:60]}"

    def as_note(self) -> dict:
        """The copy the article keeps (Article.corrections)."""
        return {"text": self.text, "at": self.created_at.isoformat()}


class WorkingCopy(models.Model):
    """What someone was writing and has not saved, kept every few seconds by the article's
    form (autosave) and offered back when they open it again. It is never a revision and
    never the article: it is theirs alone until they save (then it goes) or discard it.
    A new article's copy has no article (one per person)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name=_("user"),
    )  # fmt: skip
    article = models.ForeignKey(
        "news.Article", on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("article"),
    )  # fmt: skip
    base_version = models.PositiveIntegerField(null=True, blank=True)  # the version written on
    fields = models.JSONField(default=dict)  # {"title", "lead", "body"} as the form had them
    saved_at = models.DateTimeField(_("kept"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "article"], name="working_copy_per_article"),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(article__isnull=True),
                name="working_copy_of_new_article",
            ),
        ]
        verbose_name = _("working copy")
        verbose_name_plural = _("working copies")

    def __str__(self) -> str:
        return f"{self.user} {self.article_id or 'new'} {self.saved_at:%H:%M:%S}"
