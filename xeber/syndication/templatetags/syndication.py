from functools import lru_cache

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from xeber.syndication import structured

register = template.Library()


def _base(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


@register.simple_tag(takes_context=True)
def article_metadata(context, article, translations=()):
    request = context["request"]
    base = _base(request)
    blocks = [structured.article_social_tags(article, base)]
    blocks += [
        structured.json_ld(item) for item in structured.article_graph(article, base, translations)
    ]
    return mark_safe("\n".join(blocks))


@register.simple_tag(takes_context=True)
def front_metadata(context, edition):
    base = _base(context["request"])
    return mark_safe(
        "\n".join(structured.json_ld(item) for item in structured.front_graph(base, edition))
    )


@lru_cache(maxsize=4096)
def _feed_urls(name: str, language: str, slug: str) -> tuple[str, str] | None:
    """Every page links its feeds: reverse each pair once per edition and subject."""
    args = [slug] if slug else []
    try:
        return reverse(f"{name}-rss", args=args), reverse(f"{name}-atom", args=args)
    except NoReverseMatch:
        return None


@register.simple_tag
def feed_links(kind: str = "", slug: str = "", title: str = ""):
    """<link rel=alternate> to the RSS and Atom feeds of the edition or of one subject."""
    prefix = f"{kind}-" if kind else ""
    urls = _feed_urls(f"syndication:{prefix}feed", get_language(), slug)
    if urls is None:
        return ""
    rss, atom = urls
    label = f"Xeber — {title}" if title else "Xeber"
    return mark_safe(
        structured.alternate_feed_link(f"{label} (RSS)", rss)
        + structured.alternate_feed_link(f"{label} (Atom)", atom, "atom")
    )
