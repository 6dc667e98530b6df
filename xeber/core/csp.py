"""Allowing one known inline script or style on a response, by its hash, through
django-csp's per-response update; every other inline one stays refused."""

from __future__ import annotations

import base64
import functools
import hashlib


@functools.lru_cache(maxsize=64)  # the same few texts (an import map, a colour) again and again
def source_hash(text: bytes) -> str:
    """The CSP source for exactly this inline text: 'sha256-…'."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(text).digest()).decode()}'"


def allow_inline(response, directive: str, text: bytes) -> None:
    """Add the hash of `text` to `directive` for this response, beside what others added."""
    update = getattr(response, "_csp_update", None) or {}
    update.setdefault(directive, []).append(source_hash(text))
    response._csp_update = update


def html_of(response) -> bytes | None:
    """The body of a whole (not streamed) HTML response, else None."""
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return None
    return response.content
