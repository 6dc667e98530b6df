from django.contrib import admin

from xeber.embeds.models import Embed


@admin.register(Embed)
class EmbedAdmin(admin.ModelAdmin):
    """What providers said about the posts and videos articles embed (read only: a save
    of an article writes them)."""

    list_display = ["__str__", "provider", "kind", "described_at", "problem"]
    list_filter = ["provider", "kind"]
    search_fields = ["url", "title"]
    readonly_fields = [field.name for field in Embed._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
