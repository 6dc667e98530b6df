"""Public URLs of edition-scoped objects, fast.

A list page builds dozens of links; reversing each one inside `translation.override`
costs more than the rest of the link's rendering. The URL conf is still the single
source of truth: each pattern is reversed once per edition with a placeholder, then
filled in by string formatting.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote

from django.urls import reverse
from django.utils.translation import override

_PLACEHOLDER = "xeber-slug-placeholder"


@lru_cache(maxsize=64)
def _template(name: str, edition: str) -> tuple[str, str]:
    with override(edition):
        url = reverse(name, kwargs={"slug": _PLACEHOLDER})
    before, after = url.split(_PLACEHOLDER)
    return before, after


def edition_url(name: str, edition: str, slug: str) -> str:
    before, after = _template(name, edition)
    return f"{before}{quote(slug)}{after}"
