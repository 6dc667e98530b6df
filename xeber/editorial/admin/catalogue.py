"""Sections, tags and authors: editors manage them (model permissions from roles.py)."""

from django.contrib import admin

from xeber.news.models import Author, Section, Tag


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
