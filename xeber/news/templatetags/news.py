from django import template
from django.utils import timezone
from django.utils.translation import get_language

from xeber.core.dates import long_date as format_long_date

register = template.Library()


@register.filter
def long_date(day) -> str:
    return format_long_date(day, get_language()) if day else ""


@register.filter
def long_datetime(moment) -> str:
    """'25 ноября 2026, 11:39' in the newsroom's time zone."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    return f"{format_long_date(local.date(), get_language())}, {local:%H:%M}"
