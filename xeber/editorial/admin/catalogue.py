"""Sections, tags and authors: editors manage them (model permissions from roles.py)."""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from xeber.news.models import Author, AuthorProfile, Section, Tag
from xeber.syndication.models import FeedSubscription


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "slug", "position", "telegram_post"]
    list_editable = ["position"]
    list_filter = ["edition"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "slug"]
    list_filter = ["edition"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AuthorProfileInline(admin.StackedInline):
    """What each edition says about the author, in its language."""

    model = AuthorProfile
    extra = 0
    max_num = len(settings.LANGUAGES)


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [AuthorProfileInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "photo", "bio"]}),
        (
            _("Links"),
            {
                "fields": [
                    "telegram_url", "x_url", "facebook_url", "instagram_url", "website", "email",
                ],
                "description": _("Shown on the author's page; web addresses only."),
            },
        ),
    ]  # fmt: skip
    # "t.me/name" is taken as https://t.me/name.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(FeedSubscription)
class FeedSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["url", "edition", "section", "publish", "active", "last_polled", "last_outcome"]
    list_filter = ["edition", "active"]
    readonly_fields = ["last_polled", "last_outcome"]
