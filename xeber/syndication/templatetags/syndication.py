from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe

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


@register.simple_tag
def feed_links(kind: str = "", slug: str = "", title: str = ""):
    """<link rel=alternate> to the RSS and Atom feeds of the edition or of one subject."""
    prefix = f"{kind}-" if kind else ""
    args = [slug] if slug else []
    try:
        rss = reverse(f"syndication:{prefix}feed-rss", args=args)
        atom = reverse(f"syndication:{prefix}feed-atom", args=args)
    except NoReverseMatch:
        return ""
    label = f"Xeber — {title}" if title else "Xeber"
    return mark_safe(
        structured.alternate_feed_link(f"{label} (RSS)", rss)
        + structured.alternate_feed_link(f"{label} (Atom)", atom, "atom")
    )
