"""The bell in every page's header, rendered once per header change and process: it shows
the edition's sections, so it is kept with the header (news.masthead.HeldMasthead) and
costs a page a dictionary lookup."""

from __future__ import annotations

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from xeber.push import keys

BELL = "push/bell.html"


def bell(header) -> SafeString:
    """`header` is the page's HeldMasthead."""
    if not keys.public_key():
        return mark_safe("")
    html = header.html.get(BELL)
    if html is None:
        html = header.html[BELL] = mark_safe(  # rendered by the autoescaping environment
            get_template(BELL, using="jinja2").render({"header": header})
        )
    return html
