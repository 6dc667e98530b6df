from django.contrib import admin

from xeber.rates.models import Rate


@admin.register(Rate)
class RateAdmin(admin.ModelAdmin):
    list_display = ["date", "code", "nominal", "value", "display_value", "source"]
    list_filter = ["code", "source"]
    date_hierarchy = "date"
    search_fields = ["code", "name"]
