from django.contrib import admin

from xeber.rates.models import FetchAttempt, Rate


@admin.register(Rate)
class RateAdmin(admin.ModelAdmin):
    list_display = ["date", "code", "nominal", "value", "display_value", "source"]
    list_filter = ["code", "source"]
    date_hierarchy = "date"
    search_fields = ["code", "name"]


@admin.register(FetchAttempt)
class FetchAttemptAdmin(admin.ModelAdmin):
    list_display = ["created_at", "requested_date", "ok", "bulletin_date", "message"]
    list_filter = ["ok"]
    readonly_fields = ["requested_date", "url", "ok", "message", "bulletin_date", "created_at"]

    def has_add_permission(self, request) -> bool:
        return False
