"""Sections, tags and authors: editors manage them (model permissions from roles.py)."""

from django.contrib import admin

from xeber.news.models import Author, Section, Tag
from xeber.syndication.models import FeedSubscription


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "slug", "position"]
    list_editable = ["position"]
    list_filter = ["edition"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "slug"]
    list_filter = ["edition"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FeedSubscription)
class FeedSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["url", "edition", "section", "publish", "active", "last_polled", "last_outcome"]
    list_filter = ["edition", "active"]
    readonly_fields = ["last_polled", "last_outcome"]
