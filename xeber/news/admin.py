from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from xeber.news.models import Article, Author, BreakingNews, Section, Tag


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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "section", "status", "published_at", "is_main"]
    list_filter = ["edition", "status", "is_main", "section"]
    search_fields = ["title", "lead"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags", "authors"]
    list_select_related = ["section"]
    readonly_fields = ["updated_at", "created_at"]
    fieldsets = [
        (None, {"fields": ["edition", "section", "title", "slug", "lead", "body"]}),
        (_("People and tags"), {"fields": ["authors", "tags", "source"]}),
        (_("Cover"), {"fields": ["cover"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "is_main", "translation_key", "updated_at"]},
        ),
        (
            _("Header at publication"),
            {
                "classes": ["collapse"],
                "fields": ["header_breaking", "header_rate_fixed", "header_usd"],
            },
        ),
    ]


@admin.register(BreakingNews)
class BreakingNewsAdmin(admin.ModelAdmin):
    list_display = ["text", "edition", "is_active", "starts_at", "expires_at"]
    list_editable = ["is_active", "expires_at"]
    list_filter = ["edition", "is_active"]
    raw_id_fields = ["article"]
