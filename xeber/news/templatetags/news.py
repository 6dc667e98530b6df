from django import template
from django.utils.translation import get_language

from xeber.core.dates import long_date as format_long_date

register = template.Library()


@register.filter
def long_date(day) -> str:
    return format_long_date(day, get_language()) if day else ""
