"""Back-office middleware: the user's chosen language, and the editor's import map in CSP."""

from __future__ import annotations

import base64
import hashlib
import re
from functools import cache

from django.conf import settings
from django.utils import translation

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
def editor_importmap_hash() -> str:
    """The CSP hash of the rich-text editor's import map (static, so computed once)."""
    from django_prose_editor.widgets import prose_editor_admin_media, prose_editor_media

    rendered = str(prose_editor_media(base=prose_editor_admin_media, preset="configurable"))
    match = _IMPORTMAP.search(rendered)
    if not match:
        return ""
    digest = hashlib.sha256(match.group(1).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


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
        content_type = response.get("Content-Type", "")
        carries_importmap = (
            content_type.startswith("text/html")
            and not response.streaming
            and b'<script type="importmap">' in response.content
        )
        if carries_importmap and editor_importmap_hash():
            response._csp_update = {"script-src": [editor_importmap_hash()]}
        return response
