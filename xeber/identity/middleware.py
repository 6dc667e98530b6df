"""The newsroom's colour on readers' pages: their head (jinja2/base.html) carries one
inline style, `:root{--band:#rrggbb}`. The security policy allows styles from the site
alone, so this allows exactly that style, by its hash, on the pages that carry it; any
other inline style stays refused."""

from __future__ import annotations

import re

from xeber.core.csp import allow_inline, html_of

THEME_STYLE = re.compile(rb"<style>(:root\{--band:#[0-9a-f]{6}\})</style>")
SEARCHED_BYTES = 8192  # the style is near the top of <head>, before any metadata


class ThemeStyleCSPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        html = html_of(response)
        if html is None:
            return response
        head_end = html.find(b"</head>", 0, SEARCHED_BYTES)
        found = THEME_STYLE.search(html, 0, SEARCHED_BYTES if head_end < 0 else head_end)
        if found:  # readers' pages, and the back office's previews of them
            allow_inline(response, "style-src", found.group(1))
        return response
