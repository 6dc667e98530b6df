from __future__ import annotations

import datetime as dt
from functools import cached_property
from typing import NamedTuple

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from xeber.core.html import sanitize_html
from xeber.core.links import WebLinkValidator, is_web_link
from xeber.news.querysets import ArticleQuerySet, BreakingNewsQuerySet
from xeber.news.urlpaths import edition_url


def edition_field(**kwargs) -> models.CharField:
    return models.CharField(
        _("edition"), max_length=2, choices=settings.LANGUAGES, db_index=True, **kwargs
    )


class Section(models.Model):
    edition = edition_field()
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections are listed in this order.")
    )
    telegram_post = models.BooleanField(
        _("post its stories to Telegram"),
        default=True,
        help_text=_("Each story may say otherwise."),
    )

    class Meta:
        ordering = ["edition", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="section_slug_per_edition")
        ]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return f"{self.name} ({self.edition})"

    def get_absolute_url(self) -> str:
        return edition_url("news:section", self.edition, self.slug)


class Tag(models.Model):
    edition = edition_field()
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="tag_slug_per_edition")
        ]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return edition_url("news:tag", self.edition, self.slug)


def profile_link(label: str, *sites: str) -> models.URLField:
    """An author's page on a network: a web address on one of `sites` (any site if none)."""
    return models.URLField(label, max_length=300, blank=True, validators=[WebLinkValidator(sites)])


class Author(models.Model):
    """A person who signs articles, in every edition; what each edition says about them
    (job title, biography) is their AuthorProfile there."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    bio = models.TextField(
        _("biography"),
        blank=True,
        help_text=_("Shown where an edition has no biography of its own."),
    )
    photo = models.ImageField(_("photo"), upload_to="authors/", blank=True)
    # Their pages elsewhere, in the order pages list them (the byline's read takes them
    # with the name: news/selectors.py).
    telegram_url = profile_link("Telegram", "t.me", "telegram.me")
    x_url = profile_link("X", "x.com", "twitter.com")
    facebook_url = profile_link("Facebook", "facebook.com", "fb.com")
    instagram_url = profile_link("Instagram", "instagram.com")
    website = profile_link(_("website"))
    email = models.EmailField(_("email"), blank=True, help_text=_("Shown to readers."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self, edition: str | None = None) -> str:
        return edition_url("news:author", edition or settings.LANGUAGE_CODE, self.slug)

    def same_as(self) -> list[str]:
        """Their pages elsewhere (schema.org `sameAs`): web addresses only, whatever was
        stored."""
        links = (self.telegram_url, self.x_url, self.facebook_url, self.instagram_url)
        return [link for link in (*links, self.website) if link and is_web_link(link)]

    def contact_links(self) -> list[tuple[str, str]]:
        """(label, address) of each link the author page lists, the email as mailto:."""
        found = [
            ("Telegram", self.telegram_url), ("X", self.x_url), ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url), (str(_("Website")), self.website),
        ]  # fmt: skip
        links = [(label, link) for label, link in found if link and is_web_link(link)]
        if self.email:
            links.append((str(_("Email")), f"mailto:{self.email}"))
        return links


class AuthorProfile(models.Model):
    """What one edition says about an author, in its language."""

    author = models.ForeignKey(
        Author, on_delete=models.CASCADE, related_name="profiles", verbose_name=_("author")
    )
    edition = edition_field()
    job_title = models.CharField(_("job title"), max_length=150, blank=True)
    bio = models.TextField(_("biography"), blank=True)

    class Meta:
        ordering = ["edition"]
        constraints = [
            models.UniqueConstraint(fields=["author", "edition"], name="author_profile_per_edition")
        ]
        verbose_name = _("author profile")
        verbose_name_plural = _("author profiles")

    def __str__(self) -> str:
        return f"{self.author} ({self.edition})"


class CorrectionNote(NamedTuple):
    text: str
    at: dt.datetime


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        PUBLISHED = "published", _("Published")  # or scheduled: see `state`
        UNPUBLISHED = "unpublished", _("Unpublished")

    class Kind(models.TextChoices):
        ARTICLE = "article", _("Article")
        PHOTO_REPORT = "photo_report", _("Photo report")  # a gallery is its main content

    class State(models.TextChoices):
        """The workflow state: the stored status, with SCHEDULED for a publication whose
        time has not come (readers see it exactly then; nothing is stored at that moment)."""

        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    class Live(models.TextChoices):
        """Whether the story is live coverage (xeber/live keeps its entries)."""

        NONE = "", _("Not live")
        LIVE = "live", _("Live now")
        ENDED = "ended", _("Live coverage ended")  # kept with all its entries

    edition = edition_field()
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ARTICLE)
    title = models.CharField(_("title"), max_length=300)
    slug = models.SlugField(
        _("slug"), max_length=200, help_text=_("Part of the address; unique per edition.")
    )
    lead = models.TextField(_("lead"), blank=True, help_text=_("One or two sentences."))
    body = models.TextField(_("body"), help_text=_("Sanitised HTML: paragraphs, headings..."))
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles", verbose_name=_("section")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("tags"))
    authors = models.ManyToManyField(
        Author, blank=True, related_name="articles", verbose_name=_("authors")
    )
    cover = models.ForeignKey(
        "media.Image", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("cover image"),
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    # Optimistic locking: every save must name the version it was made from (editorial).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip
    published_at = models.DateTimeField(_("publication time"), default=timezone.now)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    # The last save an editor marked as a substantive update: readers' "updated" line and
    # dateModified follow it, not every typo fix (updated_at).
    revised_at = models.DateTimeField(_("last substantive update"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    is_main = models.BooleanField(
        _("main story"), default=False, help_text=_("The newest main story leads the front page.")
    )
    source = models.CharField(
        _("source"), max_length=200, blank=True, help_text=_("Attribution, e.g. a news agency.")
    )
    translation_key = models.UUIDField(
        _("translation group"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Articles sharing this key are the same story in other editions."),
    )
    # What the site's header showed when the article was published; the plain-text
    # rendition (FORMAT.md section 1) carries both.
    header_breaking = models.CharField(
        _("breaking line at publication"), max_length=300, blank=True
    )
    header_rate_fixed = models.BooleanField(
        default=False, help_text=_("Keep the header rate below instead of the official rate.")
    )
    header_usd = models.DecimalField(
        _("USD rate at publication"), max_digits=12, decimal_places=4, null=True, blank=True
    )
    # The correction notes readers see, oldest first, as [{"text": ..., "at": ISO time}]:
    # editorial's correction service keeps this copy of its Correction rows, so that the
    # article page reads them with the article instead of in a query of their own.
    corrections = models.JSONField(_("corrections"), default=list, blank=True, editable=False)
    # The live app's state of the story, copied here by its services (xeber/live) as the
    # corrections are: lists mark a running live page, and the article page asks for
    # entries only when there are some, without a query per article.
    live = models.CharField(
        _("live coverage"), max_length=8, choices=Live.choices, default=Live.NONE, blank=True,
        editable=False,
    )  # fmt: skip
    # Posted to the edition's Telegram channels when published (xeber/telegram); None: as
    # its section says.
    telegram_post = models.BooleanField(
        _("post to Telegram"),
        null=True,
        blank=True,
        help_text=_("Unknown: as its section says."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="article_slug_per_edition")
        ]
        # Each list page walks one of these newest first and stops after a page: the
        # trailing id matches the (published_at, id) ordering, so nothing is sorted.
        indexes = [
            models.Index(
                fields=["edition", "status", "published_at", "id"], name="article_edition_time"
            ),
            models.Index(
                fields=["section", "status", "published_at", "id"], name="article_section_time"
            ),
            models.Index(
                fields=["edition", "status", "published_at", "id"],
                condition=models.Q(is_main=True),
                name="article_main_time",
            ),
            # The desk (xeber/desk): one's drafts, newest change first; the live pages now.
            models.Index(fields=["created_by", "status", "updated_at"], name="article_desk_mine"),
            models.Index(
                fields=["edition", "published_at"],
                condition=models.Q(live="live"),
                name="article_live_now",
            ),
        ]
        verbose_name = _("article")
        verbose_name_plural = _("articles")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Sanitising is part of the value, not a side effect: stored HTML is always clean.
        self.body = sanitize_html(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return edition_url("news:article", self.edition, self.slug)

    def get_text_url(self) -> str:
        return edition_url("news:article-text", self.edition, self.slug)

    @cached_property
    def byline(self) -> list[Author]:
        """The authors, by name, as pages show them. The article page's read fills this in
        along with the article (news/selectors.py), as it does `tag_list`."""
        return list(self.authors.all())

    @cached_property
    def tag_list(self) -> list[Tag]:
        """The tags, by name."""
        return list(self.tags.all())

    @property
    def correction_notes(self) -> list[CorrectionNote]:
        return [
            CorrectionNote(note["text"], dt.datetime.fromisoformat(note["at"]))
            for note in self.corrections
        ]

    @property
    def modified_at(self) -> dt.datetime | None:
        """When readers (the "updated" line, dateModified, feeds) are told the story last
        changed: its last substantive update after publication, else its publication. A
        typo fix moves updated_at only."""
        revised, published = self.revised_at, self.published_at
        if revised is not None and published is not None and revised > published:
            return revised
        return published

    @property
    def shows_update(self) -> bool:
        """Whether readers see an "updated" time: a substantive update stamped in a later
        minute than the publication (the page shows both to the minute)."""
        if self.published_at is None:  # not saved yet
            return False
        minute = dict(second=0, microsecond=0)
        return self.modified_at.replace(**minute) > self.published_at.replace(**minute)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def state(self) -> Article.State:
        if self.status == self.Status.PUBLISHED and self.published_at > timezone.now():
            return self.State.SCHEDULED
        return self.State(self.status)


class BreakingNews(models.Model):
    edition = edition_field()
    text = models.CharField(_("text"), max_length=300)
    article = models.ForeignKey(
        Article,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    starts_at = models.DateTimeField(_("shown from"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)

    objects = BreakingNewsQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("breaking news line")
        verbose_name_plural = _("breaking news")

    def __str__(self) -> str:
        return self.text

    def is_active_at(self, moment) -> bool:
        return (
            self.is_active
            and self.starts_at <= moment
            and (self.expires_at is None or self.expires_at > moment)
        )
