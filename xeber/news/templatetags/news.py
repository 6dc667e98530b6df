from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from xeber.core.dates import long_date as format_long_date
from xeber.core.html import format_markup
from xeber.news.masthead import hold_masthead
from xeber.pagecache import dependencies

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


@register.filter
def iso(moment) -> str:
    """What |date:'c' gives (ISO 8601 in the newsroom's time zone), at a tenth of its cost:
    a front page formats dozens of times."""
    return timezone.localtime(moment).isoformat() if moment else ""


@register.filter
def clock(moment, pattern: str = "%H:%M") -> str:
    """A time in the newsroom's time zone by a strftime pattern ('%d.%m.%Y %H:%M')."""
    return timezone.localtime(moment).strftime(pattern) if moment else ""


@register.simple_tag
def teaser(item, show_section: bool = False, show_lead: bool = False) -> str:
    """One article in a list. A tag rather than an {% include %}: a front page shows dozens,
    and rendering them in Python costs a fraction of a template include each."""
    dependencies.shows(dependencies.article(item.pk))
    kicker = (
        format_markup(
            '<a class="kicker" href="{}">{}</a>', item.section.get_absolute_url(), item.section.name
        )
        if show_section
        else ""
    )
    lead = format_markup('<p class="lead">{}</p>', item.lead) if show_lead and item.lead else ""
    return format_markup(
        '<article class="teaser">{}<h3><a href="{}">{}</a></h3>'
        '<time datetime="{}">{}</time>{}</article>',
        kicker,
        item.get_absolute_url(),
        item.title,
        iso(item.published_at),
        clock(item.published_at, "%d.%m.%Y %H:%M"),
        lead,
    )


@register.filter
def author_url(author, edition: str) -> str:
    return author.get_absolute_url(edition)


@register.simple_tag(takes_context=True)
def masthead(context, template_name: str) -> str:
    """A part of the edition's header (date and rates, or sections and breaking news); the
    parts of one page come from the same masthead, looked up once."""
    held = context.render_context.get("masthead")
    if held is None:
        held = context.render_context["masthead"] = hold_masthead(get_language())
    return mark_safe(held.render(template_name))
