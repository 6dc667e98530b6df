"""Back-office middleware: the user's chosen language, and the editor's import map in CSP."""

from __future__ import annotations

import re
from functools import cache

from django.conf import settings
from django.utils import translation

from xeber.core.csp import allow_inline, html_of

_IMPORTMAP = re.compile(r'<script type="importmap">(.*?)</script>', re.DOTALL)


class StaffLanguageMiddleware:
    """The back office follows the language a journalist chose in their profile."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        if request.path_info.startswith(self.prefix) and request.user.is_authenticated:
            profile = getattr(request.user, "staff_profile", None)
            if profile and profile.language:
                translation.activate(profile.language)
                request.LANGUAGE_CODE = profile.language
        return self.get_response(request)


@cache
def editor_importmap() -> bytes:
    """The rich-text editor's import map (static, so read once); b"" if it has none."""
    from django_prose_editor.widgets import prose_editor_admin_media, prose_editor_media

    rendered = str(prose_editor_media(base=prose_editor_admin_media, preset="configurable"))
    match = _IMPORTMAP.search(rendered)
    return match.group(1).encode() if match else b""


class EditorImportMapCSPMiddleware:
    """Allow exactly the editor's inline import map, by hash, on pages that carry it.

    Only that one known script is allowed, never inline scripts in general, so content
    that slipped past the sanitiser still cannot run.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        response = self.get_response(request)
        # The editor only lives in the back office: public pages are never scanned.
        if not request.path_info.startswith(self.prefix):
            return response
        html = html_of(response)
        if html and b'<script type="importmap">' in html and editor_importmap():
            allow_inline(response, "script-src", editor_importmap())
        return response
