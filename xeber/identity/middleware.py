"""The newsroom's colour on readers' pages: their head (jinja2/base.html) carries one
inline style, `:root{--band:#rrggbb}`. The security policy allows styles from the site
alone, so this allows exactly that style, by its hash, on the pages that carry it; any
other inline style stays refused."""

from __future__ import annotations

import base64
import functools
import hashlib
import re

THEME_STYLE = re.compile(rb"<style>(:root\{--band:#[0-9a-f]{6}\})</style>")
SEARCHED_BYTES = 8192  # the style is near the top of <head>, before any metadata


@functools.lru_cache(maxsize=16)
def style_hash(style: bytes) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(style).digest()).decode()}'"


class ThemeStyleCSPMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming:
            return response
        if not response.get("Content-Type", "").startswith("text/html"):
            return response
        content = response.content
        head_end = content.find(b"</head>", 0, SEARCHED_BYTES)
        found = THEME_STYLE.search(content, 0, SEARCHED_BYTES if head_end < 0 else head_end)
        if found:  # readers' pages, and the back office's previews of them
            update = getattr(response, "_csp_update", None) or {}
            update.setdefault("style-src", []).append(style_hash(found.group(1)))
            response._csp_update = update
        return response
